/**
 * The `stream` command is killed (SIGKILL) while the API is unreachable, with sealed frames only
 * on disk; started again for the same stream it uploads them first, continues the chain and
 * ends. The stored stream verifies end to end with no gap.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePem, genesisPrevHash, importCertificatePublicKey, verifyFrameSequence } from '@seccam/pki';
import { createReadyAccount, createTestDatabase, driverAccount, startTestApi, type TestApi, type TestDatabase } from '@seccam/testkit';
import { sealBundle } from '../../accounts/account.ts';
import type { CliIo } from './cli-context.ts';
import { readCliEnv } from './cli-env.ts';
import { runCli } from './main.ts';

const PASSWORD = 'correct horse battery staple';
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

describe('stream after a crash', () => {
  let db: TestDatabase;
  let api: TestApi;
  let dir: string;
  let certPem: string;
  let env: Record<string, string>;

  const sink = (chunks: string[]): NodeJS.WritableStream =>
    ({ write: (chunk: string) => chunks.push(chunk) > 0 }) as unknown as NodeJS.WritableStream;
  async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: sink(out), err: sink(err), prompt: () => Promise.reject(new Error('no prompt in tests')) };
    const code = await runCli([...args, '--server', api.baseUrl], readCliEnv(env), io);
    return { code, out: out.join(''), err: err.join('') };
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startTestApi({ db });
    dir = mkdtempSync(join(tmpdir(), 'seccam-crash-'));
    const driver = await createReadyAccount(api, driverAccount());
    certPem = driver.contents.sigCertPem;
    env = { SECCAM_BUNDLE_PASSWORD: PASSWORD, SECCAM_STATE: join(dir, 'session.json'), SECCAM_BUNDLE: join(dir, 'driver.sec.json') };
    writeFileSync(env.SECCAM_BUNDLE ?? '', JSON.stringify(await sealBundle(driver.contents, PASSWORD)));
    expect((await cli(['login', '--totp', driver.nextCode])).code).toBe(0);
  });
  afterAll(async () => {
    await api.stop();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uploads the frames left on disk by a killed process, then continues', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', MAIN, 'stream', '--test-source', '--realtime', '--seconds', '60', '--server', api.baseUrl],
      { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const streamId = await waitFor(
      () => /stream ([0-9a-f-]{36}): epoch/.exec(stderr)?.[1],
      () => stderr,
    );
    await waitFor(
      async () => ((await api.app.services.streams.find(streamId))?.frameCount ?? 0) >= 3 || undefined,
      () => stderr,
    );

    const { port, secrets } = api;
    await api.stop(); // the dead zone: frames are sealed into the disk buffer only
    await new Promise((resolve) => setTimeout(resolve, 1500));
    child.kill('SIGKILL');
    await exited;
    api = await startTestApi({ db, secrets, port });
    const before = (await api.app.services.streams.find(streamId))?.frameCount ?? 0;

    const resumed = await cli(['stream', '--stream-id', streamId, '--test-source', '--seconds', '1']);
    expect(resumed.code, resumed.err).toBe(0);
    const restored = Number(/holds (\d+) frames from an earlier run/.exec(resumed.err)?.[1] ?? 0);
    expect(restored).toBeGreaterThan(0);
    const endSeq = Number(/ended with the signed END frame at seq (\d+)/.exec(resumed.out)?.[1] ?? -1);
    expect(endSeq).toBeGreaterThan(before + restored - 1);

    const rows = await api.app.services.chunks.range(streamId, 0, 100_000);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: endSeq + 1 }, (_, i) => i));
    const result = await verifyFrameSequence(
      rows.map((r) => r.bytes),
      {
        streamId,
        sigPublicKey: await importCertificatePublicKey(certPem, 'sig'),
        start: { kind: 'genesis', genesisPrevHash: await genesisPrevHash(streamId, decodePem(certPem, ['CERTIFICATE'])) },
        requireEnd: true,
      },
    );
    expect(result).toMatchObject({ ok: true, ended: 'signed', lastSeq: endSeq });
  }, 90_000);
});

async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, context: () => string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out; the CLI said:\n${context()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
