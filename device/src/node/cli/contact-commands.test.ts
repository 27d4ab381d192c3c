/**
 * `contacts` end to end against the real API through `runCli`: both sides see the same safety
 * code, the driver verifies by code and the dispatcher by QR payload, and after the compromised
 * server puts a logged certificate of its own in the dispatcher's name, `grant` refuses with
 * what to do next until the change is accepted knowingly.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createReadyAccount,
  dispatcherAccount,
  driverAccount,
  forgedCertificate,
  installCertificate,
  logCertificate,
  startTestApi,
  type ReadyAccount,
  type TestApi,
} from '@seccam/testkit';
import { sealBundle } from '../../accounts/account.ts';
import { fingerprintHexOf } from '../../contacts/contact-rules.ts';
import type { CliIo } from './cli-context.ts';
import { readCliEnv } from './cli-env.ts';
import { runCli } from './main.ts';

const PASSWORD = 'correct horse battery staple';
type Who = 'driver' | 'dispatcher';

describe('seccam-device contacts', () => {
  let api: TestApi;
  let dir: string;
  const accounts = {} as Record<Who, ReadyAccount>;
  const name = (who: Who): string => accounts[who].contents.username;

  const sink = (chunks: string[]): NodeJS.WritableStream =>
    ({ write: (chunk: string) => chunks.push(chunk) > 0 }) as unknown as NodeJS.WritableStream;

  async function cli(args: string[], who: Who): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: sink(out), err: sink(err), prompt: () => Promise.reject(new Error('no prompt in tests')) };
    const env = readCliEnv({
      SECCAM_BUNDLE_PASSWORD: PASSWORD,
      SECCAM_STATE: join(dir, who, 'session.json'),
      SECCAM_BUNDLE: join(dir, `${who}.sec.json`),
    });
    const code = await runCli([...args, '--server', api.baseUrl], env, io);
    return { code, out: out.join(''), err: err.join('') };
  }

  beforeAll(async () => {
    api = await startTestApi();
    dir = mkdtempSync(join(tmpdir(), 'seccam-cli-contacts-'));
    [accounts.driver, accounts.dispatcher] = await Promise.all([
      createReadyAccount(api, driverAccount()),
      createReadyAccount(api, dispatcherAccount()),
    ]);
    for (const who of ['driver', 'dispatcher'] as const) {
      writeFileSync(join(dir, `${who}.sec.json`), JSON.stringify(await sealBundle(accounts[who].contents, PASSWORD)));
      const login = await cli(['login', '--totp', accounts[who].nextCode], who);
      expect(login.code, login.err).toBe(0);
    }
    expect((await cli(['grant', name('dispatcher'), '--all'], 'driver')).code).toBe(0);
    const streamed = await cli(['stream', '--test-source', '--seconds', '1'], 'driver');
    expect(streamed.code, streamed.err).toBe(0);
  });
  afterAll(async () => {
    await api.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows one safety code on both sides; verifies by code and by QR payload; refuses a wrong one', async () => {
    const driverSide = await cli(['contacts', 'code', name('dispatcher')], 'driver');
    const dispatcherSide = await cli(['contacts', 'code', name('driver')], 'dispatcher');
    expect(driverSide.code, driverSide.err).toBe(0);
    expect(dispatcherSide.code, dispatcherSide.err).toBe(0);
    const code = /safety code with \S+: ((\d{5} ){5}\d{5})/.exec(driverSide.out)?.[1] ?? '';
    expect(code).not.toBe('');
    expect(dispatcherSide.out).toContain(`safety code with ${name('driver')}: ${code}`);
    expect(driverSide.out).toContain('status: not verified');
    const driverPayload = /your QR payload: (\S+)/.exec(driverSide.out)?.[1] ?? '';
    expect(driverPayload).toMatch(new RegExp(`^seccam-contact:1:${name('driver')}:[0-9a-f]{64}$`));

    const wrong = await cli(['contacts', 'verify', name('dispatcher'), code.replace(/^\d/, (d) => String((Number(d) + 1) % 10))], 'driver');
    expect(wrong).toMatchObject({ code: 1, err: expect.stringMatching(/the safety code does not match/) as unknown });
    expect((await cli(['contacts', 'list'], 'driver')).out).toMatch(/no verified contacts yet/);

    const verified = await cli(['contacts', 'verify', name('dispatcher'), ...code.split(' ')], 'driver');
    expect(verified.code, verified.err).toBe(0);
    expect(verified.out).toMatch(new RegExp(`verified ${name('dispatcher')}  dispatcher  .*safety code compared`));
    const scanned = await cli(['contacts', 'verify', name('driver'), driverPayload], 'dispatcher');
    expect(scanned.code, scanned.err).toBe(0);
    expect((await cli(['contacts', 'list'], 'dispatcher')).out).toMatch(new RegExp(`${name('driver')}  driver  .*QR code scanned`));
    expect((await cli(['contacts', 'code', name('dispatcher')], 'driver')).out).toContain('status: verified');
    expect((await cli(['contacts', 'verify', 'NotAName', code], 'driver')).code).toBe(2);
  });

  it('refuses to grant to a changed certificate of a verified dispatcher, says what to do, and grants once accepted', async () => {
    const forged = await forgedCertificate(api, { username: name('dispatcher'), identity: { role: 'dispatcher' } }, 'enc');
    await logCertificate(api, forged.certPem);
    await installCertificate(api, { username: name('dispatcher'), identity: { role: 'dispatcher' } }, 'enc', forged);
    const fingerprint = await fingerprintHexOf(forged.certPem);

    const refused = await cli(['grant', name('dispatcher'), '--all'], 'driver');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`${name('dispatcher')}'s certificate changed since you verified it`);
    expect(refused.err).toContain('Nothing was shared.');
    expect(refused.err).toContain(`contacts accept ${name('dispatcher')} ${fingerprint}`);
    expect((await cli(['contacts', 'code', name('dispatcher')], 'driver')).out).toContain('status: CERTIFICATE CHANGED');

    const notThat = await cli(['contacts', 'accept', name('dispatcher'), 'f'.repeat(64)], 'driver');
    expect(notThat).toMatchObject({ code: 1, err: expect.stringContaining('nothing was accepted') as unknown });
    expect((await cli(['grant', name('dispatcher'), '--all'], 'driver')).code).toBe(1);
    const accepted = await cli(['contacts', 'accept', name('dispatcher'), fingerprint], 'driver');
    expect(accepted.code, accepted.err).toBe(0);
    expect((await cli(['contacts', 'list'], 'driver')).out).toMatch(/change accepted without comparing/);
    const granted = await cli(['grant', name('dispatcher'), '--all'], 'driver');
    expect(granted.code, granted.err).toBe(0);

    expect((await cli(['contacts', 'forget', name('dispatcher')], 'driver')).out).toMatch(/^forgot /);
    expect((await cli(['contacts', 'forget', name('dispatcher')], 'driver')).out).toMatch(/was not a contact/);
  });
});
