/**
 * The deployment path with real parts: the real API behind the real nginx, both on the PKI that
 * `ensurePki` bootstraps. nginx speaks TLS 1.3 to the API with its own client certificate; the
 * API believes X-Forwarded-For only from that certificate (pinned by fingerprint), so audit and
 * login backoff see the real client address through the edge and cannot be fooled directly.
 */
import { X509Certificate } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CloseCode } from '@seccam/schema';
import { ensurePki } from '@seccam/pki/node';
import { driverAccount, HttpsClient, registerAccount, startStream, startTestApi, type TestApi } from '@seccam/testkit';
import { freePort, startNginx, type NginxProcess } from './nginx-process.ts';
import { readNginxTemplate, renderNginxConfig } from './render.ts';

let dir: string;
let api: TestApi;
let nginx: NginxProcess;
let edgeOrigin: string;
let rootPem: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seccam-edge-api-'));
  await chmod(dir, 0o755);
  const pki = await ensurePki(join(dir, 'pki'));
  rootPem = pki.rootPem;
  const edgePort = await freePort();
  edgeOrigin = `https://localhost:${edgePort}`;
  api = await startTestApi({
    env: { TRUST_PROXY: 'true', PUBLIC_ORIGIN: edgeOrigin },
    pki: {
      issuer: pki.issuer,
      rootPem: pki.rootPem,
      intermediatePems: pki.intermediatePems,
      serverCertPem: pki.serverCertPem,
      serverKeyPem: pki.serverKeyPem,
      edgeCertFingerprint256: new X509Certificate(await readFile(pki.paths.nginxClientCert)).fingerprint256,
    },
  });
  const webRoot = join(dir, 'web');
  await mkdir(webRoot);
  await writeFile(join(webRoot, 'index.html'), '<!doctype html><title>SecCam</title>');
  const httpPort = await freePort();
  const prefix = join(dir, 'nginx');
  await mkdir(prefix);
  const config = renderNginxConfig(
    {
      HTTPS_LISTEN: `127.0.0.1:${edgePort}`,
      HTTP_LISTEN: `127.0.0.1:${httpPort}`,
      SERVER_NAME: 'localhost',
      PUBLIC_ORIGIN: edgeOrigin,
      PKI_DIR: pki.paths.dir,
      API_UPSTREAM: `127.0.0.1:${api.port}`,
      API_TLS_NAME: 'localhost',
      WEB_ROOT: webRoot,
      ACCESS_LOG: join(prefix, 'access.log'),
    },
    readNginxTemplate(),
  );
  nginx = await startNginx(prefix, config, [edgePort, httpPort]);
});

afterAll(async () => {
  await nginx.stop();
  await api.stop();
  await rm(dir, { recursive: true, force: true });
});

/** A GraphQL POST from a chosen loopback address, with optional extra headers. */
function postFrom(
  url: string,
  localAddress: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', ca: rootPem, localAddress, headers: { 'content-type': 'application/json', origin: edgeOrigin, ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: text });
        });
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

async function lastAuditIp(action: string): Promise<string | undefined> {
  const entries = await api.app.services.audit.list();
  return entries.findLast((entry) => entry.action === action)?.ip;
}

describe('the real API behind the real nginx', () => {
  it('serves GraphQL through the edge with the security headers', async () => {
    const edge = new HttpsClient({ baseUrl: edgeOrigin, ca: rootPem, origin: edgeOrigin });
    const res = await edge.fetch('POST', '/graphql', JSON.stringify({ query: '{ platformTrust { rootPem } }' }));
    expect(res.status).toBe(200);
    expect((JSON.parse(res.body) as { data: { platformTrust: { rootPem: string } } }).data.platformTrust.rootPem.trim()).toBe(
      rootPem.trim(),
    );
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('registers through the edge, and carries authenticated WebSockets to the API', async () => {
    const edge = new HttpsClient({ baseUrl: edgeOrigin, ca: rootPem, origin: edgeOrigin });
    const account = await registerAccount(edge, driverAccount());
    expect(account.registration.role).toBe('driver');
    const token = await api.app.services.sessions.create(account.registration.userId, { ip: '127.0.0.1', userAgent: 'edge test' });
    const ws = new WebSocket(`wss://localhost:${new URL(edgeOrigin).port}/ws/watch`, {
      ca: rootPem,
      headers: { cookie: `__Host-seccam-session=${token}`, origin: edgeOrigin },
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => {
        resolve();
      });
      ws.once('error', reject);
    });
    ws.send(JSON.stringify({ type: 'subscribe', streamId: '0b6f4c1e-9a55-4c0d-8f7e-2a3b4c5d6e7f', from: 0 }));
    const code = await new Promise<number>((resolve) =>
      ws.once('close', (c) => {
        resolve(c);
      }),
    );
    expect(code).toBe(CloseCode.UnknownStream);
    const anonymous = new WebSocket(`wss://localhost:${new URL(edgeOrigin).port}/ws/watch`, {
      ca: rootPem,
      headers: { origin: edgeOrigin },
    });
    const status = await new Promise<number>((resolve) =>
      anonymous.once('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
      }),
    );
    expect(status).toBe(401);
  });

  it("records the client's address seen by nginx, and ignores X-Forwarded-For sent straight to the API", async () => {
    const login = {
      query: 'mutation($i: LoginInput!) { login(input: $i) { id } }',
      variables: {
        i: { username: 'ghost', challengeId: '00000000-0000-4000-8000-000000000000', signature: `${'A'.repeat(86)}==`, totp: '000000' },
      },
    };
    const viaEdge = await postFrom(`${edgeOrigin}/graphql`, '127.0.0.2', login, { 'x-forwarded-for': '203.0.113.9' });
    expect(viaEdge.status).toBe(200);
    expect(await lastAuditIp('login.failed')).toBe('127.0.0.2');

    const direct = await postFrom(`https://localhost:${api.port}/graphql`, '127.0.0.3', login, { 'x-forwarded-for': '203.0.113.9' });
    expect(direct.status).toBe(200);
    expect(await lastAuditIp('login.failed')).toBe('127.0.0.3');
  });

  it("records the client's address seen by nginx for WebSocket upgrades too", async () => {
    const client = new HttpsClient({ baseUrl: api.baseUrl, ca: rootPem, origin: edgeOrigin });
    const account = await registerAccount(client, driverAccount());
    const token = await api.app.services.sessions.create(account.registration.userId, { ip: '127.0.0.1', userAgent: 'edge test' });
    client.cookies.set('__Host-seccam-session', token);
    const stream = await startStream(client);
    const ws = new WebSocket(`wss://localhost:${new URL(edgeOrigin).port}/ws/watch`, {
      ca: rootPem,
      localAddress: '127.0.0.2',
      headers: { cookie: `__Host-seccam-session=${token}`, origin: edgeOrigin, 'x-forwarded-for': '203.0.113.9' },
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => {
        resolve();
      });
      ws.once('error', reject);
    });
    ws.send(JSON.stringify({ type: 'subscribe', streamId: stream.id, from: 0 }));
    await new Promise<void>((resolve) =>
      ws.once('message', () => {
        resolve();
      }),
    );
    ws.close();
    expect(await lastAuditIp('stream.watch')).toBe('127.0.0.2');
  });
});
