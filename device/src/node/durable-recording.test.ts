/**
 * The recorder with its offline buffer on disk against the real API: a session ended in the
 * middle of a recording keeps every frame (status `unauthenticated`, never `failed`) and resumes
 * after a new login; a recorder that stops without END while the API is down leaves its frames
 * on disk, and a new recorder for the stream uploads them and continues the chain. Each stored
 * stream verifies end to end with no gap.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, oathtoolCode, startTestApi, type TestApi, type TestDatabase, storedChain } from '@seccam/testkit';
import { login, logoutEverywhere } from '../accounts/account.ts';
import { Recorder } from '../streaming/recorder.ts';
import { FAST, party, sourceGroups, until, type Party } from '../streaming/streaming-parties.test-support.ts';
import { DiskFrameStore } from './disk-frame-store.ts';

const TOTP_STEP_MS = 30_000;

describe('recording with the offline buffer on disk', () => {
  let db: TestDatabase;
  let api: TestApi;
  let driver: Party;
  let loginStep: number;
  let bufferDir: string;
  const warnings: string[] = [];
  const diskStore = (streamId: string): DiskFrameStore =>
    new DiskFrameStore(join(bufferDir, streamId), { streamId, onWarning: (message) => warnings.push(message) });

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startTestApi({ db });
    driver = await party(api, 'driver');
    // party() logged in with the code of the step after the one it started in, at most the step
    // after now: a later login must wait for this step and use the code after it.
    loginStep = Math.floor(Date.now() / TOTP_STEP_MS) + 1;
    bufferDir = mkdtempSync(join(tmpdir(), 'seccam-buffer-'));
  });
  afterAll(async () => {
    await api.stop();
    await db.drop();
    rmSync(bufferDir, { recursive: true, force: true });
  });

  async function expectCompleteStream(streamId: string, frameCount: number): Promise<void> {
    const { seqs, check } = await storedChain(api, streamId, driver.identity.sigCertPem);
    expect(seqs).toEqual(Array.from({ length: frameCount }, (_, i) => i));
    expect(check).toMatchObject({ ok: true, ended: 'signed', lastSeq: frameCount - 1 });
  }

  it('keeps every frame through an ended session, reports unauthenticated, and resumes after a new login', async () => {
    const { groups } = sourceGroups(3);
    const recorder = await Recorder.start({ client: driver.client, identity: driver.identity, ingest: FAST, frameStore: diskStore });
    const statuses: string[] = [];
    recorder.ingest.on('status', (status) => statuses.push(status));
    const third = Math.floor(groups.length / 3);
    for (const g of groups.slice(0, third)) await recorder.push(g);
    await until(() => recorder.progress.ingest.lastAckedSeq === third - 1, 10_000, 'first third acked');

    await logoutEverywhere(driver.client); // the session ends: the ingest socket closes with 4401, reconnects get 401
    await until(() => recorder.ingest.status === 'unauthenticated', 10_000, 'unauthenticated');
    for (const g of groups.slice(third, 2 * third)) await recorder.push(g);
    await until(() => recorder.progress.ingest.reconnects >= 2, 10_000, 'retried while unauthenticated');
    expect(recorder.ingest.status).toBe('unauthenticated');
    expect(recorder.progress.ingest.unackedCount).toBe(third);

    // A new login needs a TOTP step after the one already used.
    while (Math.floor(Date.now() / TOTP_STEP_MS) < loginStep) await new Promise((resolve) => setTimeout(resolve, 500));
    await login(driver.client, driver.account.contents, oathtoolCode(driver.account.totpSecret, Date.now() + TOTP_STEP_MS));
    recorder.ingest.reconnectNow();
    for (const g of groups.slice(2 * third)) await recorder.push(g);
    await recorder.end();

    expect(statuses).not.toContain('failed');
    expect(recorder.progress.ingest.unackedCount).toBe(0);
    await expectCompleteStream(recorder.streamId, groups.length + 1);
  }, 90_000);

  it('a recorder stopped while the API is down leaves its frames on disk; the next one uploads them and continues', async () => {
    const { groups } = sourceGroups(3);
    const first = await Recorder.start({ client: driver.client, identity: driver.identity, ingest: FAST, frameStore: diskStore });
    const streamId = first.streamId;
    const half = Math.floor(groups.length / 2);
    for (const g of groups.slice(0, 5)) await first.push(g);
    await until(() => first.progress.ingest.lastAckedSeq === 4, 10_000, 'first frames acked');
    const { port, secrets } = api;
    await api.stop();
    for (const g of groups.slice(5, half)) await first.push(g);
    expect(first.progress.ingest.unackedCount).toBe(half - 5);
    await first.close(); // gone without END, as after a crash: the unacked frames stay on disk
    api = await startTestApi({ db, secrets, port });

    const second = await Recorder.start({
      client: driver.client,
      identity: driver.identity,
      streamId,
      ingest: FAST,
      frameStore: diskStore,
    });
    expect(second.progress.nextSeq).toBe(half); // the chain continues after the frames on disk
    for (const g of groups.slice(half)) await second.push(g);
    await second.end();
    expect(second.progress.ingest.unackedCount).toBe(0);
    await expectCompleteStream(streamId, groups.length + 1);
    expect(warnings).toEqual([]);
  }, 60_000);
});
