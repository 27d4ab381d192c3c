/**
 * The re-check after a gap in the bus ([Note: after a gap]): instance B's connections to
 * PostgreSQL are reset (a TCP proxy between them is cut and restored at once), so its pool
 * recovers on the next query but its LISTEN connection is down until its backoff runs out.
 * A grant revocation and a logout made on instance A in that window never reach B as events;
 * when B listens again it finds them in the database: the revoked viewer is closed with 4499,
 * the live recorder is told to rekey, the ended session's socket is closed with 4401.
 *
 * Always on a PostgreSQL server (DATABASE_URL, or the local one): PGlite has no path to cut.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collect,
  connectTestDatabase,
  createReadyAccount,
  createTestDatabase,
  dispatcherAccount,
  driverAccount,
  FrameSealer,
  grant,
  graphqlWsClient,
  type HttpsClient,
  postgresServerUrl,
  type ReadyAccount,
  revokeGrant,
  startStream,
  startTcpProxy,
  startTestApi,
  tcpTargetOf,
  type TcpProxy,
  type TestApi,
  type TestDatabase,
  TestSocket,
  signedIn,
  sameSession,
} from '@seccam/testkit';
import { CloseCode } from '@seccam/schema';

/** B's listener waits 1–2 s before reconnecting: the window in which A's events are lost to B. */
const SLOW_LISTENER = {
  connectTimeoutMs: 1500,
  queryTimeoutMs: 5000,
  listenerHeartbeatMs: 500,
  listenerRetryInitialMs: 2000,
  listenerRetryMaxMs: 2000,
};

describe('re-check after a bus gap (two instances)', () => {
  let server: TestDatabase;
  let proxy: TcpProxy;
  let dbB: TestDatabase;
  let a: TestApi;
  let b: TestApi;

  const loggedIn = async (account: ReadyAccount): Promise<{ onA: HttpsClient; onB: HttpsClient }> => {
    const onA = await signedIn(a, account);
    return { onA, onB: sameSession(b, onA) };
  };

  beforeAll(async () => {
    server = await createTestDatabase(postgresServerUrl());
    proxy = await startTcpProxy(tcpTargetOf(server.url ?? ''));
    dbB = await connectTestDatabase(proxy.via(server.url ?? ''), SLOW_LISTENER);
    a = await startTestApi({ db: server });
    b = await startTestApi({ db: dbB, secrets: a.secrets, streamingLimits: { database: { healthTimeoutMs: 1500 } } });
  });
  afterAll(async () => {
    await b.stop();
    await a.stop();
    await dbB.drop();
    await proxy.close();
    await server.drop();
  });

  it('closes a viewer revoked meanwhile (4499), rekeys the recorder and ends a logged-out session (4401)', async () => {
    const [driverAcc, dispatcherAcc, otherAcc] = await Promise.all([
      createReadyAccount(a, driverAccount()),
      createReadyAccount(a, dispatcherAccount()),
      createReadyAccount(a, driverAccount()),
    ]);
    const driver = await loggedIn(driverAcc);
    const dispatcher = await loggedIn(dispatcherAcc);
    const other = await loggedIn(otherAcc);
    const grantId = await grant(driver.onA, driverAcc.contents, dispatcherAcc.contents.username);

    // On B: the driver records, the dispatcher watches, another user holds a graphql-ws socket.
    const stream = await startStream(driver.onA);
    const sealer = await FrameSealer.forAccount(stream, driverAcc.contents);
    const ingest = await TestSocket.ingest(b, driver.onB, stream.id);
    for (const f of await sealer.many(3)) ingest.sendFrame(f);
    await ingest.until((x) => x.lastAck() === 2);
    const viewer = await TestSocket.open(b, '/ws/watch', dispatcher.onB);
    viewer.send({ type: 'subscribe', streamId: stream.id, from: 0 });
    await viewer.until((x) => x.binaries.length === 3);
    const gql = graphqlWsClient(b, other.onB, { lazy: false });
    const gqlClosed = new Promise<number>((resolve) =>
      gql.on('closed', (e) => {
        resolve((e as { code: number }).code);
      }),
    );
    // One operation to completion, so the socket is open and idle (nothing of it needs the database) when the path breaks.
    const me = collect<{ me: { username: string } }>(gql, '{ me { username } }');
    await expect.poll(() => me.items).toEqual([{ me: { username: otherAcc.contents.username } }]);

    proxy.cut();
    await expect.poll(() => dbB.database.isListening()).toBe(false);
    proxy.restore();
    // B's pool works again at once; its health is honest about the events it cannot hear.
    const health = await other.onB.fetch('GET', '/healthz');
    expect({ status: health.status, body: JSON.parse(health.body) as unknown }).toEqual({
      status: 503,
      body: { ok: false, database: 'reachable', events: 'reconnecting', backend: 'postgres' },
    });

    await revokeGrant(driver.onA, driverAcc.contents, grantId);
    await other.onA.graphql('mutation { logout }');
    // Both were published while B was not listening: nothing has happened on B yet.
    expect(dbB.database.isListening()).toBe(false);
    expect(viewer.texts.some((m) => m.type === 'revoked')).toBe(false);

    await viewer.until((x) => x.message('revoked') !== undefined);
    expect((await viewer.closed).code).toBe(CloseCode.Revoked);
    await ingest.until((x) => x.texts.some((m) => m.type === 'rekey'));
    expect(await gqlClosed).toBe(CloseCode.Unauthenticated);
    expect(ingest.ws.readyState).toBe(ingest.ws.OPEN);
    ingest.ws.close();
  });
});
