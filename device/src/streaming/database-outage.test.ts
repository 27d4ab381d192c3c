/**
 * PostgreSQL becomes unreachable from one API instance for 10 s, then comes back. Two instances
 * share one database, each through a TCP proxy of its own; instance B's proxy is cut (every
 * connection reset, new ones refused) while A's path stays up. A live recorder and a dispatcher's
 * viewer are on B; the driver revokes the dispatcher's grant on A during the outage, so B misses
 * the NOTIFY. The API process stays up, B's health says so honestly, GraphQL on B answers a
 * retryable error, the recorder keeps buffering and resumes, nothing acked is lost, and when the
 * path is back B closes the revoked viewer (4499) and the recorder rotates away from it.
 *
 * Always on a PostgreSQL server (DATABASE_URL, or the local one): PGlite has no path to cut.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode, StandardCloseCode } from '@seccam/schema';
import {
  clientFor,
  connectTestDatabase,
  createTestDatabase,
  postgresServerUrl,
  startTcpProxy,
  startTestApi,
  tcpTargetOf,
  type TcpProxy,
  type TestApi,
  type TestDatabase,
  storedChain,
} from '@seccam/testkit';
import type { HttpsClient } from '../node/https-client.ts';
import { createGrant, revokeGrant } from '../sharing/grants.ts';
import type { PublishedEpoch } from './epoch-publisher.ts';
import { Recorder } from './recorder.ts';
import { party, sourceGroups, until, type Party } from './streaming-parties.test-support.ts';
import { WatchClient } from './watch-client.ts';
import type { WatchedFrame } from './watch-frames.ts';

const OUTAGE_MS = 10_000;
const FAST = { backoff: { initialMs: 50, maxMs: 500 } };
const DB_LIMITS = {
  connectTimeoutMs: 1500,
  queryTimeoutMs: 5000,
  listenerHeartbeatMs: 500,
  listenerRetryInitialMs: 100,
  listenerRetryMaxMs: 1000,
};
const APP_LIMITS = { database: { healthTimeoutMs: 1500 }, shutdownGraceMs: 2000 };

/** The same session on another instance: a client for `api` with `from`'s cookies. */
function sameSessionOn(api: TestApi, from: HttpsClient): HttpsClient {
  const client = clientFor(api);
  for (const [name, value] of from.cookies) client.cookies.set(name, value);
  return client;
}

async function health(client: HttpsClient): Promise<{ status: number; body: unknown; ms: number }> {
  const started = Date.now();
  const res = await client.fetch('GET', '/healthz');
  return { status: res.status, body: JSON.parse(res.body) as unknown, ms: Date.now() - started };
}

describe('database outage on one of two API instances', () => {
  let server: TestDatabase;
  let proxyA: TcpProxy;
  let proxyB: TcpProxy;
  let dbA: TestDatabase;
  let dbB: TestDatabase;
  let apiA: TestApi;
  let apiB: TestApi;
  let driver: Party;
  let dispatcher: Party;

  beforeAll(async () => {
    server = await createTestDatabase(postgresServerUrl());
    const url = server.url ?? '';
    [proxyA, proxyB] = await Promise.all([startTcpProxy(tcpTargetOf(url)), startTcpProxy(tcpTargetOf(url))]);
    dbA = await connectTestDatabase(proxyA.via(url), DB_LIMITS);
    dbB = await connectTestDatabase(proxyB.via(url), DB_LIMITS);
    apiA = await startTestApi({ db: dbA, streamingLimits: APP_LIMITS });
    apiB = await startTestApi({ db: dbB, secrets: apiA.secrets, streamingLimits: APP_LIMITS });
    [driver, dispatcher] = await Promise.all([party(apiA, 'driver'), party(apiA, 'dispatcher')]);
  });
  afterAll(async () => {
    proxyB.restore();
    await apiB.stop();
    await apiA.stop();
    await dbB.drop();
    await dbA.drop();
    await Promise.all([proxyA.close(), proxyB.close()]);
    await server.drop();
  });

  it('stays up, answers honestly, resumes the recorder with nothing acked lost, and applies a revocation made during the outage', async () => {
    const driverOnB = sameSessionOn(apiB, driver.client);
    const dispatcherOnB = sameSessionOn(apiB, dispatcher.client);
    const { groups } = sourceGroups(4);
    const created = await createGrant(driver.client, driver.identity, { dispatcher: dispatcher.username, scope: 'all' });

    const recorder = await Recorder.start({ client: driverOnB, identity: driver.identity, ingest: FAST });
    const acked: number[] = [];
    const retryCodes: number[] = [];
    recorder.ingest.on('ack', (seq) => acked.push(seq));
    recorder.ingest.on('retry', ({ closeCode }) => retryCodes.push(closeCode));
    const epochs: PublishedEpoch[] = [];
    recorder.on('epoch', (published) => epochs.push(published));
    for (const g of groups.slice(0, 10)) await recorder.push(g);
    await until(() => recorder.progress.ingest.lastAckedSeq === 9, 10_000, 'first frames acked');

    const frames: WatchedFrame[] = [];
    const watch = new WatchClient({
      client: dispatcherOnB,
      identity: dispatcher.identity,
      streamId: recorder.streamId,
      from: 0,
      ...FAST,
      onFrame: (f) => void frames.push(f),
    });
    await watch.start();
    await until(() => frames.length === 10, 10_000, 'viewer caught up');
    expect(await health(driverOnB)).toMatchObject({
      status: 200,
      body: { ok: true, database: 'reachable', events: 'listening', backend: 'postgres' },
    });

    proxyB.cut();
    const cutAt = Date.now();
    // While cut, the recorder keeps sealing: frames wait in its offline buffer.
    for (const g of groups.slice(10, 20)) await recorder.push(g);
    await until(() => recorder.progress.ingest.status === 'reconnecting', 10_000, 'recorder reconnecting');
    expect(retryCodes).toContain(StandardCloseCode.TryAgainLater);

    // B's health says "unreachable" (503), within its time limit; A's says all is well.
    await expect.poll(async () => (await health(driverOnB)).body, { timeout: 5000 }).toMatchObject({ ok: false, database: 'unreachable' });
    const downB = await health(driverOnB);
    expect(downB.status).toBe(503);
    expect(downB.ms).toBeLessThan(APP_LIMITS.database.healthTimeoutMs + 1000);
    expect(await health(driver.client)).toMatchObject({ status: 200, body: { ok: true } });

    // GraphQL on B: a retryable error, quickly.
    const started = Date.now();
    const answer = await driverOnB.graphqlRaw('query { me { username } }');
    expect(Date.now() - started).toBeLessThan(DB_LIMITS.connectTimeoutMs + 1000);
    expect(driverOnB.lastResponse?.status).toBe(503);
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });

    // The revocation is made on A, whose path is up; B's listener is down and misses it.
    const revoked = await revokeGrant(driver.client, driver.identity, created.grant.id);
    expect(revoked).toMatchObject({ active: false });
    expect(watch.status).not.toBe('revoked');

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, cutAt + OUTAGE_MS - Date.now())));
    expect(recorder.progress.ingest.unackedCount).toBeGreaterThanOrEqual(10);
    proxyB.restore();

    // B comes back: the viewer it kept open is closed as revoked, the recorder resumes and rotates
    // to an epoch the dispatcher has no key for (after a reconnect, and because of the `rekey`).
    await expect(watch.whenDone()).resolves.toMatchObject({ status: 'revoked', closeCode: CloseCode.Revoked });
    await until(() => epochs.length > 0, 10_000, 'an epoch after the outage');
    expect(epochs.map((e) => e.recipients)).toEqual(epochs.map(() => [driver.username]));
    await expect
      .poll(async () => (await health(driverOnB)).body, { timeout: 10_000 })
      .toMatchObject({ ok: true, database: 'reachable', events: 'listening' });
    for (const g of groups.slice(20)) await recorder.push(g);
    await recorder.end();
    expect(recorder.progress.ingest.unackedCount).toBe(0);

    // Nothing acked is lost: every frame once, in one chain that verifies, END included.
    const { seqs, check } = await storedChain(apiA, recorder.streamId, driver.identity.sigCertPem);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i));
    expect(Math.max(...acked)).toBe(seqs.length - 1);
    expect(check).toMatchObject({ ok: true, ended: 'signed', lastSeq: seqs.length - 1 });
  });
});
