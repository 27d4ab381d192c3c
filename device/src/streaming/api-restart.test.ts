/**
 * The API process restarts in the middle of a recording (same database, same address): the
 * recorder keeps sealing into its offline buffer, reconnects on its own, resumes from the last
 * committed seq, and the stored stream is complete — nothing acked lost, nothing duplicated —
 * and verifies end to end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestDatabase, startTestApi, type TestApi, type TestDatabase, storedChain } from '@seccam/testkit';
import { Recorder } from './recorder.ts';
import { party, sourceGroups, until, type Party } from './streaming-parties.test-support.ts';

describe('API restart mid-stream', () => {
  let db: TestDatabase;
  let api: TestApi;
  let driver: Party;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startTestApi({ db });
    driver = await party(api, 'driver');
  });
  afterAll(async () => {
    await api.stop();
    await db.drop();
  });

  it('resumes after the restart with a complete, verifiable stream', async () => {
    const { groups } = sourceGroups(4);
    const recorder = await Recorder.start({
      client: driver.client,
      identity: driver.identity,
      ingest: { backoff: { initialMs: 50, maxMs: 300 } },
    });
    const half = Math.floor(groups.length / 2);
    for (const g of groups.slice(0, half)) await recorder.push(g);
    await until(() => recorder.progress.ingest.lastAckedSeq === half - 1, 10_000, 'first half acked');

    const { port, secrets } = api;
    await api.stop();
    // While the API is down the recorder keeps sealing: frames wait in its offline buffer.
    for (const g of groups.slice(half, half + 5)) await recorder.push(g);
    expect(recorder.progress.ingest.unackedCount).toBeGreaterThanOrEqual(5);
    api = await startTestApi({ db, secrets, port });

    for (const g of groups.slice(half + 5)) await recorder.push(g);
    await recorder.end();
    expect(recorder.progress.ingest.reconnects).toBeGreaterThanOrEqual(1);
    expect(recorder.progress.ingest.unackedCount).toBe(0);

    const { seqs, check } = await storedChain(api, recorder.streamId, driver.identity.sigCertPem);
    // Every frame once: the data frames, the epoch-rotation after reconnect needs none, plus END.
    expect(seqs).toEqual(Array.from({ length: groups.length + 1 }, (_, i) => i));
    const stream = await api.app.services.streams.find(recorder.streamId);
    expect(stream).toMatchObject({ frameCount: groups.length + 1, lastSeq: groups.length });
    expect(check).toMatchObject({ ok: true, ended: 'signed', lastSeq: groups.length });
  });
});
