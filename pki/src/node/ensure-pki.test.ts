import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCertificate } from '../certificate-info.ts';
import { ALICE, issueUserCertificates } from '../fixtures.test-support.ts';
import { generateIdentityKeys } from '../identity-keys.ts';
import { splitPemBlocks } from '../pem.ts';
import { isPkiError } from '../pki-error.ts';
import { issueServerCertificate } from '../service-certificate.ts';
import { verifyChain } from '../verify-chain.ts';
import { ensurePki, pkiPaths, type PkiMaterial } from './ensure-pki.ts';
import { opensslScratch, type OpensslScratch } from './openssl.test-support.ts';

const mode = async (path: string): Promise<number> => (await stat(path)).mode & 0o777;
const read = (path: string): Promise<string> => readFile(path, 'utf8');

describe('ensurePki', () => {
  let base: string;
  let dir: string;
  let first: PkiMaterial;
  let scratch: OpensslScratch;
  const logs: string[] = [];

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'seccam-ensure-pki-'));
    dir = join(base, 'data', 'pki');
    scratch = await opensslScratch();
    first = await ensurePki(dir, { log: (m) => logs.push(m) });
  });
  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
    await scratch.remove();
  });

  it('creates the documented files with private keys readable by the owner only', async () => {
    const paths = pkiPaths(dir);
    for (const key of [paths.rootKey, paths.intermediateKey, paths.apiKey, paths.nginxClientKey, paths.edgeKey]) {
      expect(await mode(key), key).toBe(0o600);
    }
    for (const cert of [paths.rootCert, paths.intermediateCert, paths.chain, paths.apiCert, paths.nginxClientCert, paths.edgeCert]) {
      expect(await mode(cert), cert).toBe(0o644);
    }
    expect(await mode(join(dir, 'root'))).toBe(0o700);
    expect(first.changed).toHaveLength(6);
    expect(logs.some((line) => line.includes('may be moved offline'))).toBe(true);
  });

  it('writes chain.pem as newline-terminated intermediate + root, as returned', async () => {
    const chain = await read(first.paths.chain);
    expect(chain.endsWith('-----END CERTIFICATE-----\n')).toBe(true);
    expect(splitPemBlocks(chain)).toEqual([first.issuer.certPem, first.rootPem]);
    expect(first.chainPems).toEqual([first.issuer.certPem, first.rootPem]);
    expect(first.intermediatePems).toEqual([first.issuer.certPem]);
  });

  it('makes service certificates that openssl and node:tls accept', async () => {
    const { paths } = first;
    await scratch.write({ 'root.pem': await read(paths.rootCert), 'intermediate.pem': await read(paths.intermediateCert) });
    await scratch.write({
      'api.crt': await read(paths.apiCert),
      'client.crt': await read(paths.nginxClientCert),
      'edge.crt': await read(paths.edgeCert),
    });
    const verify = (file: string, ...extra: string[]) =>
      scratch.run(['verify', '-CAfile', 'root.pem', '-untrusted', 'intermediate.pem', ...extra, file]);
    for (const [file, extra] of [
      ['api.crt', ['-purpose', 'sslserver', '-verify_hostname', 'localhost']],
      ['api.crt', ['-purpose', 'sslserver', '-verify_ip', '::1']],
      ['edge.crt', ['-purpose', 'sslserver', '-verify_ip', '127.0.0.1']],
      ['client.crt', ['-purpose', 'sslclient']],
    ] as const) {
      const result = await verify(file, ...extra);
      expect(result.code, `${file} ${extra.join(' ')}: ${result.stderr}`).toBe(0);
    }
    expect(() => createSecureContext({ cert: first.serverCertPem, key: first.serverKeyPem })).not.toThrow();
    expect(splitPemBlocks(first.serverCertPem)[1]).toBe(first.issuer.certPem);
    expect(first.edgeCommonName).toBe(
      (await describeCertificate(splitPemBlocks(await read(paths.nginxClientCert))[0] ?? '')).subject?.username,
    );
  });

  it('returns an issuer that signs user certificates chaining to the stored root', async () => {
    const certs = await issueUserCertificates(first.issuer, ALICE, await generateIdentityKeys());
    expect(
      await verifyChain(certs.sig.certPem, { rootPem: first.rootPem, intermediatePems: first.intermediatePems, expectedKind: 'sig' }),
    ).toMatchObject({ ok: true });
  });

  it('reuses everything on the next call, narrowing a key file others could read', async () => {
    const before = await read(first.paths.apiCert);
    await chmod(first.paths.intermediateKey, 0o644);
    const messages: string[] = [];
    const again = await ensurePki(dir, { log: (m) => messages.push(m) });
    expect(await mode(first.paths.intermediateKey)).toBe(0o600);
    expect(messages.some((m) => m.includes('narrowed it to 0600'))).toBe(true);
    expect(again.changed).toEqual([]);
    expect(again.rootPem).toBe(first.rootPem);
    expect(again.issuer.certPem).toBe(first.issuer.certPem);
    expect(again.serverCertPem).toBe(first.serverCertPem);
    expect(await read(first.paths.apiCert)).toBe(before);
  });

  it('reissues the server certificates for a new host name, keeping the CA', async () => {
    const again = await ensurePki(dir, { hostnames: ['api', '10.0.0.7'] });
    expect(again.changed.sort()).toEqual([first.paths.apiCert, first.paths.edgeCert].sort());
    expect(again.rootPem).toBe(first.rootPem);
    const info = await describeCertificate(splitPemBlocks(again.serverCertPem)[0] ?? '');
    expect(info.altNames).toEqual(expect.arrayContaining(['localhost', 'api', '127.0.0.1', '::1', '10.0.0.7']));
    expect((await ensurePki(dir, { hostnames: ['api', '10.0.0.7'] })).changed).toEqual([]);
  });

  it('renews a server certificate close to expiry, and one that does not match its key', async () => {
    const short = await issueServerCertificate(first.issuer, {
      commonName: 'seccam-api',
      dnsNames: ['localhost'],
      ipAddresses: ['127.0.0.1', '::1'],
      validityDays: 5,
    });
    await writeFile(first.paths.apiCert, `${short.certPem}\n`);
    await writeFile(first.paths.apiKey, `${short.keyPem}\n`);
    const renewed = await ensurePki(dir);
    expect(renewed.changed).toEqual([first.paths.apiCert]);
    expect((await describeCertificate(splitPemBlocks(renewed.serverCertPem)[0] ?? '')).notAfter.getTime()).toBeGreaterThan(
      Date.now() + 300 * 86_400_000,
    );

    const other = await issueServerCertificate(first.issuer, { commonName: 'x', dnsNames: ['localhost'], ipAddresses: [] });
    await writeFile(first.paths.nginxClientKey, `${other.keyPem}\n`);
    expect((await ensurePki(dir)).changed).toEqual([first.paths.nginxClientCert]);
  });

  it('keeps working with the root key offline, and says so when it is needed', async () => {
    const offline = join(base, 'offline');
    await ensurePki(offline);
    const paths = pkiPaths(offline);
    await rm(paths.rootKey);
    expect((await ensurePki(offline)).changed).toEqual([]);
    await rm(paths.intermediateCert);
    await rm(paths.intermediateKey);
    await expect(ensurePki(offline)).rejects.toSatisfy((e) => isPkiError(e, 'PKI_STORE_INVALID'));
  });

  it('refuses to replace a missing root while an intermediate exists', async () => {
    const broken = join(base, 'broken');
    await ensurePki(broken);
    await rm(pkiPaths(broken).rootCert);
    await expect(ensurePki(broken)).rejects.toSatisfy((e) => isPkiError(e, 'PKI_STORE_INVALID'));
  });

  it('makes a single CA when two processes bootstrap the same directory at once', async () => {
    const shared = join(base, 'shared');
    const [a, b] = await Promise.all([ensurePki(shared), ensurePki(shared)]);
    expect(a.rootPem).toBe(b.rootPem);
    expect(a.issuer.certPem).toBe(b.issuer.certPem);
    expect([a.changed.length, b.changed.length].sort()).toEqual([0, 6]);
  });
});

describe('pki CLI', () => {
  const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
  const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
  const run = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(tsx, [cli, ...args], (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
      });
    });
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seccam-pki-cli-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('initialises a store with progress output, then shows it', async () => {
    const init = await run(['init', '--dir', dir, '--hostname', 'api']);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('created root CA');
    expect(init.stdout).toContain('PKI: ready.');
    const show = await run(['show', '--dir', dir]);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain('subject   O=SecCam, CN=SecCam Root CA');
    expect(show.stdout).toContain('names     localhost, api, 127.0.0.1, ::1');
    expect(show.stdout).toContain('policy    service');
  });

  it('exits 2 with usage on a bad command', async () => {
    const bad = await run(['destroy']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('usage:');
  });
});
