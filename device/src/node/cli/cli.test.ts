/**
 * The device CLI end to end against the real API, run in-process through `runCli`: register,
 * confirm TOTP, log in (0600 session file), stream the test source, grant, watch to a WebM file,
 * export and verify evidence, revoke; and the refusals a user meets first.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientFor,
  createReadyAccount,
  dispatcherAccount,
  driverAccount,
  type MemoryMailer,
  startTestApi,
  type TestApi,
  twoCodes,
  uniqueName,
} from '@seccam/testkit';
import {
  createIdentityCsrs,
  exportStatementPublicKeyPem,
  generateIdentityKeys,
  generateStatementKey,
  issueCertificate,
  normalizeSerialHex,
  verifyCsr,
} from '@seccam/pki';
import { sealBundle } from '../../accounts/account.ts';
import { readMediaFile } from '../read-media-file.ts';
import type { CliIo } from './cli-context.ts';
import { readCliEnv } from './cli-env.ts';
import { runCli } from './main.ts';

const PASSWORD = 'correct horse battery staple';

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

describe('seccam-device CLI', () => {
  let api: TestApi;
  let dir: string;
  let rootPath: string;
  const driverName = uniqueName('clidrv');
  let dispatcherName: string;

  const sink = (chunks: string[]): NodeJS.WritableStream =>
    ({ write: (chunk: string) => chunks.push(chunk) > 0 }) as unknown as NodeJS.WritableStream;

  async function cli(args: string[], who: 'driver' | 'dispatcher' | 'victim' = 'driver', password = PASSWORD): Promise<Run> {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: sink(out), err: sink(err), prompt: () => Promise.reject(new Error('no prompt in tests')) };
    const env = readCliEnv({
      SECCAM_BUNDLE_PASSWORD: password,
      SECCAM_STATE: join(dir, `${who}-session.json`),
      SECCAM_BUNDLE: join(dir, `${who}.sec.json`),
    });
    const code = await runCli([...args, '--server', api.baseUrl], env, io);
    return { code, out: out.join(''), err: err.join('') };
  }

  beforeAll(async () => {
    api = await startTestApi();
    dir = mkdtempSync(join(tmpdir(), 'seccam-cli-'));
    rootPath = join(dir, 'root.pem');
    writeFileSync(rootPath, api.pki.rootPem);
    const dispatcher = await createReadyAccount(api, dispatcherAccount());
    dispatcherName = dispatcher.contents.username;
    writeFileSync(join(dir, 'dispatcher.sec.json'), JSON.stringify(await sealBundle(dispatcher.contents, PASSWORD)));
    expect((await cli(['login', '--totp', dispatcher.nextCode], 'dispatcher')).code).toBe(0);
  });
  afterAll(async () => {
    await api.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('registers, confirms TOTP, logs in and saves the session with mode 0600', async () => {
    const email = `${driverName}@example.test`;
    const registered = await cli(['register', '--username', driverName, '--email', email, '--role', 'driver', '--ca', rootPath]);
    expect(registered).toMatchObject({ code: 0, err: '' });
    const secret = /secret=([A-Z2-7]+)/.exec(registered.out)?.[1] ?? '';
    expect(statSync(join(dir, 'driver.sec.json')).mode & 0o777).toBe(0o600);
    const token = (api.mailer as MemoryMailer).tokenFor(email);
    await clientFor(api).graphql('mutation($t: String!) { verifyEmail(token: $t) }', { t: token });
    const [now, next] = twoCodes(secret);
    expect((await cli(['confirm-totp', '--username', driverName, now, '--ca', rootPath])).code).toBe(0);
    const login = await cli(['login', '--totp', next]);
    expect(login).toMatchObject({ code: 0, out: expect.stringContaining(`logged in as ${driverName} (driver)`) as unknown });
    expect(statSync(join(dir, 'driver-session.json')).mode & 0o777).toBe(0o600);
    expect(login.out).toContain('transparency log: every certificate in your name is one this bundle holds');
  });

  it('streams, shares, watches to WebM, exports and verifies evidence, revokes', async () => {
    const streamed = await cli(['stream', '--test-source', '--seconds', '2', '--title', 'cli']);
    expect(streamed.code, streamed.err).toBe(0);
    const streamId = /stream ([0-9a-f-]{36}) ended with the signed END frame at seq (\d+)/.exec(streamed.out)?.[1] ?? '';
    expect(streamId).not.toBe('');
    expect(streamed.err).toMatch(/epoch 0 key wrapped to/);

    const granted = await cli(['grant', dispatcherName, '--all']);
    expect(granted.code, granted.err).toBe(0);
    expect(granted.out).toMatch(/wrapped 1 existing epoch keys/);
    const grantId = /grant ([0-9a-f-]{36})/.exec(granted.out)?.[1] ?? '';

    const video = join(dir, 'watched.webm');
    const watched = await cli(['watch', streamId, '--from', '0', '--out', video], 'dispatcher');
    expect(watched.code, watched.err).toBe(0);
    expect(watched.out).toMatch(/ended with the driver's signed END frame/);
    expect((await readMediaFile(video)).packets.length).toBeGreaterThan(0);

    const evidence = join(dir, 'stream.scex');
    expect((await cli(['export', streamId, '--out', evidence])).code).toBe(0);
    const verified = await cli(['verify-export', evidence, '--root', rootPath, '--out', join(dir, 'evidence.webm')]);
    expect(verified.code, verified.err).toBe(0);
    expect(verified.out).toMatch(/VERIFIED stream .* recorded by/);
    expect(verified.out).toMatch(/every frame decrypted/);
    expect(verified.out).toMatch(/signed by the driver: title “cli”, started \d{4}-/);
    // The log proof, checked against the log this CLI pinned while following it, and the driver's own list.
    expect(verified.out).toMatch(
      /log: the driver's certificate is entry \d+ of transparency log [0-9a-f]{64}, in its tree head of size \d+ signed at \d{4}-.*Z; inclusion proof verified/,
    );
    expect(verified.out).toMatch(
      /known certificates: the frames' certificate is on .*'s list of 2, signed at .* with the exporter’s certificate/,
    );
    // An insurer pins the log key once, as it pins the root, and verifies with no CLI state of its own.
    const logKey = join(dir, 'log.pem');
    const saved = await cli(['log-key', '--out', logKey, '--ca', rootPath]);
    expect(saved.out).toMatch(/wrote .*log\.pem: log key id [0-9a-f]{64}/);
    const pinned = await cli(['verify-export', evidence, '--root', rootPath, '--log-key', logKey, '--state', join(dir, 'insurer.json')]);
    expect(pinned.out, pinned.err).toMatch(/inclusion proof verified/);
    const unpinned = await cli(['verify-export', evidence, '--root', rootPath, '--state', join(dir, 'insurer', 'state.json')]);
    expect(unpinned.out, unpinned.err).toMatch(/NOT CHECKED against a log you trust/);
    const otherLog = join(dir, 'other-log.pem');
    writeFileSync(otherLog, await exportStatementPublicKeyPem((await generateStatementKey()).publicKey));
    const unknownLog = await cli(['verify-export', evidence, '--root', rootPath, '--log-key', otherLog]);
    expect(unknownLog).toMatchObject({
      code: 1,
      err: expect.stringMatching(/NOT VERIFIED \(log-unknown-key\): the tree head is from log/) as unknown,
    });

    const disclosed = join(dir, 'disclosed.scex');
    expect((await cli(['export', streamId, '--out', disclosed, '--disclose-keys', '--without-known-certificates'])).code).toBe(0);
    expect((await cli(['verify-export', disclosed, '--root', rootPath])).out).toMatch(/known certificates: none in the file/);
    expect(statSync(disclosed).mode & 0o777).toBe(0o600);

    expect((await cli(['grants'])).out).toContain(grantId);
    expect((await cli(['streams'])).out).toContain(streamId);
    const revoked = await cli(['revoke', grantId]);
    expect(revoked).toMatchObject({ code: 0, out: expect.stringContaining(`revoked grant ${grantId}`) as unknown });
  });

  it('refuses with advice: wrong password, not logged in, bad usage, a tampered export', async () => {
    const loggedOut = await cli(['streams', '--state', join(dir, 'nobody.json'), '--ca', rootPath]);
    expect(loggedOut).toMatchObject({ code: 1, err: expect.stringContaining('not logged in') as unknown });
    const badPassword = await cli(['login', '--totp', '000000'], 'driver', 'wrong password!');
    expect(badPassword).toMatchObject({ code: 1, err: expect.stringContaining('wrong password') as unknown });
    expect((await cli(['watch'])).code).toBe(2);
    expect((await cli(['grant', dispatcherName])).err).toMatch(/--all or --streams/);
    expect((await cli(['stream', '--bogus'])).code).toBe(2);
    const bytes = new Uint8Array(readFileSync(join(dir, 'stream.scex'))); // written by the previous test
    bytes[bytes.length - 100] = (bytes[bytes.length - 100] ?? 0) ^ 1;
    writeFileSync(join(dir, 'tampered.scex'), bytes);
    const tampered = await cli(['verify-export', join(dir, 'tampered.scex'), '--root', rootPath]);
    expect(tampered).toMatchObject({ code: 1, err: expect.stringContaining('NOT VERIFIED') as unknown });
  });

  it('remembers the log it follows, and warns at login about a certificate in your name you do not hold', async () => {
    const remembered = JSON.parse(readFileSync(join(dir, 'transparency.json'), 'utf8')) as {
      logs: Record<string, { head: { treeSize: number } }>;
    };
    expect(remembered.logs[api.baseUrl]?.head.treeSize).toBeGreaterThan(0);
    const victim = await createReadyAccount(api, driverAccount());
    writeFileSync(join(dir, 'victim.sec.json'), JSON.stringify(await sealBundle(victim.contents, PASSWORD)));
    // The server's operator issues a certificate in the victim's name with the real intermediate key, and logs it.
    const subject = { username: victim.contents.username, role: 'driver' as const };
    const csrs = await createIdentityCsrs(subject, await generateIdentityKeys());
    const csr = await verifyCsr(csrs.sigCsrPem, { ...subject, kind: 'sig' });
    if (!csr.ok) throw new Error(csr.reason);
    const forged = await issueCertificate(api.pki.issuer, csr.csr, { kind: 'sig', role: 'driver' });
    const { db } = api.db.database;
    await db.transaction((tx) => api.app.services.transparency.appendIssued(tx as unknown as typeof db, [forged.certPem]));
    const login = await cli(['login', '--totp', victim.nextCode], 'victim');
    expect(login.code, login.err).toBe(0);
    expect(login.err).toContain(
      `WARNING: the transparency log holds a certificate in your name that this bundle does not: serial ${normalizeSerialHex(forged.serialHex)}`,
    );
    expect(login.out).not.toContain('every certificate in your name is one this bundle holds');
  });
});
