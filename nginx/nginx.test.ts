/**
 * The edge configuration against the real nginx binary, a real mTLS upstream and real
 * sockets. Three nginx instances share one test PKI: `edge` in front of the genuine API
 * stand-in, `rogue` in front of an upstream with another CA's certificate, and `impostor` in
 * front of an upstream with a platform-issued certificate that is not a server certificate.
 */
import { X509Certificate, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startEchoUpstream, type EchoUpstream, type EchoedRequest } from './echo-upstream.ts';
import { freePort, startNginx, type NginxProcess } from './nginx-process.ts';
import { DEBIAN_BROTLI_STATIC_MODULE, readNginxTemplate, renderNginxConfig } from './render.ts';
import { createTestPki, type TestPki } from './test-pki.ts';

const EXPECTED_HEADERS = (port: number): Record<string, string> => ({
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; " +
    `font-src 'self'; connect-src 'self' wss://localhost:${port}; worker-src 'self' blob:; manifest-src 'self'; ` +
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; upgrade-insecure-requests",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'permissions-policy': 'camera=(self), microphone=(self), geolocation=()',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
});

const PRECOMPRESSED_SCRIPT = Buffer.from(`export const text = ${JSON.stringify('seccam '.repeat(500))};\n`);

interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
  /** The body's bytes as received (still content-encoded). */
  readonly raw: Buffer;
}

interface Edge {
  readonly nginx: NginxProcess;
  readonly httpsPort: number;
  readonly httpPort: number;
}

let dir: string;
let pki: TestPki;
let webRoot: string;
const upstreams: EchoUpstream[] = [];
const nginxes: NginxProcess[] = [];
let api: EchoUpstream;
let edge: Edge;
let rogue: Edge;
let impostor: Edge;

async function startEdge(name: string, upstream: EchoUpstream): Promise<Edge> {
  const prefix = join(dir, name);
  await mkdir(prefix);
  const [httpsPort, httpPort] = [await freePort(), await freePort()];
  const config = renderNginxConfig(
    {
      HTTPS_LISTEN: `127.0.0.1:${httpsPort}`,
      HTTP_LISTEN: `127.0.0.1:${httpPort}`,
      SERVER_NAME: 'localhost',
      PUBLIC_ORIGIN: `https://localhost:${httpsPort}`,
      PKI_DIR: pki.dir,
      API_UPSTREAM: `127.0.0.1:${upstream.port}`,
      API_TLS_NAME: 'api',
      WEB_ROOT: webRoot,
      ACCESS_LOG: join(prefix, 'access.log'),
      BROTLI_STATIC_MODULE: DEBIAN_BROTLI_STATIC_MODULE,
    },
    readNginxTemplate(),
  );
  const nginx = await startNginx(prefix, config, [httpsPort, httpPort]);
  nginxes.push(nginx);
  return { nginx, httpsPort, httpPort };
}

async function upstreamWith(cert: string): Promise<EchoUpstream> {
  const upstream = await startEchoUpstream({
    certPem: await readFile(pki.file(`${cert}.crt`), 'utf8'),
    keyPem: await readFile(pki.file(`${cert}.key`), 'utf8'),
    caPem: pki.chainPem,
  });
  upstreams.push(upstream);
  return upstream;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seccam-nginx-'));
  // When the tests run as root, nginx's workers drop to `nobody` and must reach the web root.
  await chmod(dir, 0o755);
  await mkdir(join(dir, 'pki'));
  pki = await createTestPki(join(dir, 'pki'));
  webRoot = join(dir, 'web');
  await mkdir(join(webRoot, 'assets'), { recursive: true });
  await writeFile(join(webRoot, 'index.html'), '<!doctype html><title>SecCam</title>');
  await writeFile(join(webRoot, 'assets', 'app-3f2a1b.js'), 'console.log("seccam");');
  // Precompressed copies, as web/vite-precompress.ts writes them beside the build's files.
  await writeFile(join(webRoot, 'assets', 'bundle-9c8d7e.js'), PRECOMPRESSED_SCRIPT);
  await writeFile(join(webRoot, 'assets', 'bundle-9c8d7e.js.br'), brotliCompressSync(PRECOMPRESSED_SCRIPT));
  await writeFile(join(webRoot, 'assets', 'bundle-9c8d7e.js.gz'), gzipSync(PRECOMPRESSED_SCRIPT));

  api = await upstreamWith('api');
  [edge, rogue, impostor] = await Promise.all([
    startEdge('edge', api),
    upstreamWith('rogue-server').then((u) => startEdge('rogue', u)),
    upstreamWith('impostor').then((u) => startEdge('impostor', u)),
  ]);
});

afterAll(async () => {
  await Promise.all(nginxes.map((nginx) => nginx.stop()));
  await Promise.all(upstreams.map((u) => u.close()));
  await rm(dir, { recursive: true, force: true });
});

interface RequestOptions {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: Buffer;
  readonly clientCert?: string;
  readonly port?: number;
}

async function fetchEdge(path: string, options: RequestOptions = {}): Promise<Reply> {
  const tlsOptions =
    options.clientCert === undefined
      ? {}
      : { cert: await readFile(pki.file(`${options.clientCert}.crt`)), key: await readFile(pki.file(`${options.clientCert}.key`)) };
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port: options.port ?? edge.httpsPort,
        servername: 'localhost',
        ca: pki.rootPem,
        agent: false,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
        ...tlsOptions,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: raw.toString('utf8'), raw });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

function echoed(reply: Reply): EchoedRequest {
  expect(reply.status).toBe(200);
  return JSON.parse(reply.body) as EchoedRequest;
}

/** Opens a TLS connection, sends one HTTP/1.1 request and counts the session tickets received. */
function countSessionTickets(options: ConnectionOptions): Promise<{ protocol: string | null; tickets: number }> {
  return new Promise((resolve, reject) => {
    let tickets = 0;
    let protocol: string | null = null;
    // Read the protocol while connected: on a closed socket Node 20 may crash in getProtocol().
    const socket = tlsConnect({ host: '127.0.0.1', servername: 'localhost', ...options }, () => {
      protocol = socket.getProtocol();
      socket.write('GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    });
    socket.on('session', () => (tickets += 1));
    socket.on('error', reject);
    socket.resume();
    socket.on('close', () => {
      resolve({ protocol, tickets });
    });
  });
}

describe('TLS at the edge', () => {
  it('speaks TLS 1.3 with a certificate chaining to the platform root', async () => {
    const result = await countSessionTickets({ port: edge.httpsPort, ca: pki.rootPem });
    expect(result.protocol).toBe('TLSv1.3');
  });

  it('refuses a client limited to TLS 1.2', async () => {
    await expect(countSessionTickets({ port: edge.httpsPort, ca: pki.rootPem, maxVersion: 'TLSv1.2' })).rejects.toThrow(
      /protocol version|alert/i,
    );
  });

  it('issues no session ticket (a node TLS server, as a control, does)', async () => {
    const atEdge = await countSessionTickets({ port: edge.httpsPort, ca: pki.rootPem });
    expect(atEdge.tickets).toBe(0);
    const control = await countSessionTickets({
      port: api.port,
      ca: pki.chainPem,
      cert: await readFile(pki.file('nginx-client.crt')),
      key: await readFile(pki.file('nginx-client.key')),
    });
    expect(control.tickets).toBeGreaterThan(0);
  });
});

describe('security headers and the web app', () => {
  it('sends every security header on pages, proxied responses and errors', async () => {
    const expected = EXPECTED_HEADERS(edge.httpsPort);
    for (const path of ['/', '/graphql', '/assets/missing.js']) {
      const reply = await fetchEdge(path);
      for (const [name, value] of Object.entries(expected)) expect(reply.headers[name], `${path} ${name}`).toBe(value);
      expect(reply.headers.server).toBe('nginx');
      expect(reply.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('serves hashed assets as immutable, client routes as the revalidated SPA shell, missing assets as 404', async () => {
    const asset = await fetchEdge('/assets/app-3f2a1b.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/^application\/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const route = await fetchEdge('/streams/42?tab=live');
    expect(route.status).toBe(200);
    expect(route.body).toContain('<title>SecCam</title>');
    expect(route.headers['cache-control']).toBe('no-cache');

    const missing = await fetchEdge('/assets/missing.js');
    expect(missing.status).toBe(404);
    expect(missing.headers['cache-control']).toBeUndefined();

    expect((await fetchEdge('/', { method: 'POST', body: Buffer.from('x') })).status).toBe(403);
  });

  it('serves the precompressed .br or .gz copy the client accepts (brotli_static, gzip_static), with Vary', async () => {
    const br = await fetchEdge('/assets/bundle-9c8d7e.js', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(br.headers['content-type']).toMatch(/^application\/javascript/);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(br.raw).equals(PRECOMPRESSED_SCRIPT)).toBe(true);

    const gz = await fetchEdge('/assets/bundle-9c8d7e.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toBe('Accept-Encoding');
    expect(gunzipSync(gz.raw).equals(PRECOMPRESSED_SCRIPT)).toBe(true);
    // The very bytes of the .gz file (gzip_static), not a per-request compression.
    expect(gz.raw.equals(gzipSync(PRECOMPRESSED_SCRIPT))).toBe(true);

    const plain = await fetchEdge('/assets/bundle-9c8d7e.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.raw.equals(PRECOMPRESSED_SCRIPT)).toBe(true);
  });

  it('redirects plain HTTP to the public HTTPS origin and answers the health probe', async () => {
    const get = (path: string): Promise<Reply> =>
      new Promise((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port: edge.httpPort, path, headers: { host: 'evil.example' } }, (res) => {
          res.resume();
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '', raw: Buffer.alloc(0) });
          });
        });
        req.on('error', reject);
        req.end();
      });
    const redirect = await get('/streams/7?x=1');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe(`https://localhost:${edge.httpsPort}/streams/7?x=1`);
    expect((await get('/edge-health')).status).toBe(200);
  });
});

describe('proxying to the API over mTLS', () => {
  it('reaches the API with nginx’s client certificate and headers set by nginx alone', async () => {
    const seen = echoed(
      await fetchEdge('/graphql?op=me', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-client-verify': 'SUCCESS',
          'x-client-cert-fingerprint': 'deadbeef',
          'x-client-cert': 'forged',
          'x-forwarded-for': '203.0.113.9',
          'x-real-ip': '203.0.113.9',
          forwarded: 'for=203.0.113.9',
          'x-forwarded-host': 'evil.example',
          upgrade: 'h2c',
          connection: 'Upgrade, HTTP2-Settings',
        },
        body: Buffer.from('{"query":"{ me { id } }"}'),
      }),
    );
    expect(seen.clientCertCn).toBe('seccam-nginx');
    expect(seen).toMatchObject({ method: 'POST', url: '/graphql?op=me', bodyBytes: 25 });
    expect(seen.headers).toMatchObject({
      'x-client-verify': 'NONE',
      'x-forwarded-for': '127.0.0.1',
      'x-real-ip': '127.0.0.1',
      'x-forwarded-proto': 'https',
    });
    for (const dropped of ['x-client-cert-fingerprint', 'x-client-cert', 'forwarded', 'x-forwarded-host', 'upgrade']) {
      expect(seen.headers[dropped], dropped).toBeUndefined();
    }
  });

  it('tells the API about a verified device certificate', async () => {
    const seen = echoed(await fetchEdge('/graphql', { clientCert: 'device' }));
    const devicePem = await readFile(pki.file('device.crt'), 'utf8');
    const sha1 = new X509Certificate(devicePem).fingerprint.replaceAll(':', '').toLowerCase();
    expect(seen.headers['x-client-verify']).toBe('SUCCESS');
    expect(seen.headers['x-client-cert-fingerprint']).toBe(sha1);
    expect(decodeURIComponent(String(seen.headers['x-client-cert'])).trim()).toBe(devicePem.trim());
  });

  it('refuses a client certificate from another CA', async () => {
    const reply = await fetchEdge('/graphql', { clientCert: 'rogue-client' });
    expect(reply.status).toBe(400);
  });

  it('answers 502 when the upstream certificate is not a platform server certificate', async () => {
    const cases = [
      { edge: rogue, reason: /certificate verify error: \(21:unable to verify the first certificate\)/ },
      { edge: impostor, reason: /certificate verify error: \(26:unsuitable certificate purpose\)/ },
    ];
    for (const {
      edge: { nginx, httpsPort },
      reason,
    } of cases) {
      const reply = await fetchEdge('/graphql', { port: httpsPort });
      expect(reply.status).toBe(502);
      expect(reply.body).not.toContain('clientCertCn');
      expect(nginx.stderr()).toMatch(reason);
    }
  });

  it('refuses request bodies over the limit', async () => {
    const reply = await fetchEdge('/graphql', { method: 'POST', body: Buffer.alloc(5 * 1024 * 1024) });
    expect(reply.status).toBe(413);
  });
});

describe('WebSockets through the edge', () => {
  async function open(path: string, protocol?: string): Promise<{ ws: WebSocket; upgrade: EchoedRequest }> {
    const ws = new WebSocket(`wss://localhost:${edge.httpsPort}${path}`, protocol, {
      ca: pki.rootPem,
      origin: `https://localhost:${edge.httpsPort}`,
      maxPayload: 5 * 1024 * 1024,
    });
    const upgrade = await new Promise<EchoedRequest>((resolve, reject) => {
      ws.once('message', (data: Buffer) => {
        resolve(JSON.parse(data.toString('utf8')) as EchoedRequest);
      });
      ws.once('error', reject);
    });
    return { ws, upgrade };
  }

  it('relays a 1 MiB binary frame both ways on /ws/ingest, /ws/watch and graphql-ws on /graphql', async () => {
    for (const [path, protocol] of [['/ws/ingest'], ['/ws/watch'], ['/graphql', 'graphql-transport-ws']] as const) {
      const { ws, upgrade } = await open(path, protocol);
      expect(upgrade.clientCertCn).toBe('seccam-nginx');
      expect(upgrade.headers).toMatchObject({
        origin: `https://localhost:${edge.httpsPort}`,
        'x-forwarded-for': '127.0.0.1',
        'x-client-verify': 'NONE',
      });
      if (protocol !== undefined) expect(ws.protocol).toBe(protocol);

      const frame = randomBytes(1024 * 1024);
      const echo = once(ws, 'message').then(([data]) => data as Buffer);
      ws.send(frame, { binary: true });
      expect((await echo).equals(frame), path).toBe(true);
      ws.close();
    }
  });
});

// Last: it spends this client address's /graphql budget.
describe('rate limiting', () => {
  it('answers 429 after a burst of /graphql requests', async () => {
    // The refusal itself is checked (not a later request): at 10 r/s a token comes back every 100 ms,
    // so on a loaded machine a follow-up request may already be allowed again.
    const responses: Reply[] = [];
    for (let i = 0; i < 120 && !responses.some((r) => r.status === 429); i += 1) {
      responses.push(await fetchEdge('/graphql', { method: 'POST', body: Buffer.from('{}') }));
    }
    expect(responses[0]?.status).toBe(200);
    const limited = responses.find((r) => r.status === 429);
    expect(limited, 'no 429 within 120 requests').toBeDefined();
    expect(limited?.headers['strict-transport-security']).toBeDefined();
  });
});
