/**
 * Two API instances on one database joined by NATS ("Running several instances" in
 * docs/ARCHITECTURE.md), on a `nats-server` of the test's own on a free port. A driver records
 * on A and a dispatcher watches on B: B's hub holds A's frames because NATS carried them
 * ([Note: frames between instances]), and the viewer gets every frame in order. A GraphQL
 * event published on A reaches a subscription on B. When NATS dies mid-stream, A goes on
 * storing, B's viewer goes on from storage (no frame lost), both say in /healthz that they
 * miss events, a mutation still answers; once NATS is back the live path resumes. Refusals: a bad NATS_URL at start-up,
 * a NATS that does not answer.
 */
import { describe, expect, it } from 'vitest';
import {
  causeUntilSeen,
  collect,
  FrameSealer,
  grant,
  graphqlWsClient,
  startNatsServer,
  startStream,
  startTestApi,
  TestSocket,
  type HttpsClient,
  useNatsServer,
} from '@seccam/testkit';
import { ConfigError, loadConfig } from '../config.ts';
import { BusUnavailableError } from '../event-bus/event-bus.ts';
import { useTwinInstances } from '../testing/twin-instances.ts';

describe('several instances joined by NATS', () => {
  const nats = useNatsServer();
  const twins = useTwinInstances(() => ({ env: { NATS_URL: nats().url } }));

  const health = async (client: HttpsClient): Promise<{ status: number; body: unknown }> => {
    const r = await client.fetch('GET', '/healthz');
    return { status: r.status, body: JSON.parse(r.body) as unknown };
  };

  it('pushes frames ingested on A to a viewer on B over NATS, every frame in order', async () => {
    const stream = await startStream(twins.driverOnA);
    const sealer = await FrameSealer.forAccount(stream, twins.driver.contents);
    const ingest = await TestSocket.ingest(twins.a, twins.driverOnA, stream.id);
    const viewer = await TestSocket.watch(twins.b, twins.dispatcherOnB, stream.id);
    const frames = await sealer.many(20);
    for (const f of frames) ingest.sendFrame(f);
    await viewer.until((x) => x.binaries.length === 20, 20_000);
    expect(viewer.binaries).toEqual(frames);
    // B never ingested: its hub holds frame 19 only because NATS carried its bytes from A.
    expect(twins.b.app.services.hub.recent(stream.id, 19)?.bytes).toEqual(frames[19]);

    const end = await sealer.next({ end: true });
    ingest.sendFrame(end);
    await viewer.until((x) => x.message('end') !== undefined, 20_000);
    expect(viewer.binaries).toEqual([...frames, end]);
    expect((await viewer.closed).code).toBe(1000);
  });

  it('delivers a GraphQL subscription event published on A to a subscriber on B', async () => {
    const events = collect<{ streamEvents: { kind: string; driver: string } }>(
      graphqlWsClient(twins.b, twins.dispatcherOnB),
      'subscription { streamEvents { kind driver } }',
    );
    await causeUntilSeen(
      () => grant(twins.driverOnA, twins.driver.contents, twins.dispatcher.contents.username),
      () => events.items.some((e) => e.streamEvents.kind === 'shared'),
    );
    expect(events.items[0]).toEqual({ streamEvents: { kind: 'shared', driver: twins.driver.contents.username } });
    expect(events.errors).toEqual([]);
    events.dispose();
  });

  it('with NATS down, A keeps storing and the viewer on B catches up from storage; the live path resumes once NATS is back', async () => {
    const stream = await startStream(twins.driverOnA);
    const sealer = await FrameSealer.forAccount(stream, twins.driver.contents);
    const ingest = await TestSocket.ingest(twins.a, twins.driverOnA, stream.id);
    const viewer = await TestSocket.watch(twins.b, twins.dispatcherOnB, stream.id);
    const frames = await sealer.many(30);
    for (const f of frames.slice(0, 10)) ingest.sendFrame(f);
    await viewer.until((x) => x.binaries.length === 10, 20_000);

    await nats().kill();
    await expect
      .poll(() => [twins.a.app.services.bus.isListening(), twins.b.app.services.bus.isListening()], { timeout: 15_000 })
      .toEqual([false, false]);
    expect(await health(twins.dispatcherOnB)).toEqual({
      status: 503,
      body: { ok: false, database: 'reachable', events: 'reconnecting', backend: twins.a.db.database.kind },
    });
    // A mutation whose event cannot travel still answers with its (committed) result.
    await grant(twins.driverOnA, twins.driver.contents, twins.dispatcher.contents.username);
    for (const f of frames.slice(10, 20)) ingest.sendFrame(f);
    await ingest.until((x) => x.lastAck() === 19, 20_000);
    await viewer.until((x) => x.binaries.length === 20, 20_000);
    expect(viewer.binaries).toEqual(frames.slice(0, 20));

    await nats().start();
    await expect
      .poll(() => [twins.a.app.services.bus.isListening(), twins.b.app.services.bus.isListening()], { timeout: 15_000 })
      .toEqual([true, true]);
    expect((await health(twins.dispatcherOnB)).status).toBe(200);
    for (const f of frames.slice(20)) ingest.sendFrame(f);
    await viewer.until((x) => x.binaries.length === 30, 20_000);
    // The frames after the outage came over NATS again.
    expect(twins.b.app.services.hub.recent(stream.id, 29)?.bytes).toEqual(frames[29]);
    const end = await sealer.next({ end: true });
    ingest.sendFrame(end);
    await viewer.until((x) => x.message('end') !== undefined, 20_000);
    expect(viewer.binaries).toEqual([...frames, end]);
  });

  it('refuses a NATS_URL that is not a nats:// or tls:// address, naming the variable', () => {
    for (const bad of ['http://127.0.0.1:4222', 'nats://', '127.0.0.1:4222', 'nats://a:1, nats://b:2']) {
      const refused = ((): unknown => {
        try {
          return loadConfig({ NATS_URL: bad });
        } catch (e) {
          return e;
        }
      })();
      expect(refused).toBeInstanceOf(ConfigError);
      expect((refused as ConfigError).problems).toEqual([expect.stringMatching(/^NATS_URL: must be nats:\/\/host:port/)]);
    }
    expect(loadConfig({ NATS_URL: 'nats://n1:4222,tls://n2:4222' }).natsUrl).toBe('nats://n1:4222,tls://n2:4222');
    expect(loadConfig({}).natsUrl).toBeUndefined();
  });

  it('refuses to start an instance whose NATS does not answer', async () => {
    const gone = await startNatsServer();
    await gone.stop();
    const refused = await startTestApi({ db: twins.a.db, secrets: twins.a.secrets, env: { NATS_URL: gone.url } }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BusUnavailableError);
    expect(refused).toMatchObject({ code: 'BUS_UNAVAILABLE', message: `NATS at ${gone.url} is unreachable` });
  });
});
