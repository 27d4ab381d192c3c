/**
 * Presence across instances ([Note: presence]): two (then three) API instances on one
 * database. A dispatcher watching on instance b appears in the driver's `streamViewers` on
 * instance a and in its `viewers` events, and disappears when the socket closes; an instance
 * started later learns current viewers through `presence.sync`; viewers of an instance that
 * stops heartbeating (a crash: it never says `watch.left`) expire after `ttlMs`. Only the owner
 * may ask: a grantee is FORBIDDEN, another driver NOT_FOUND (as for a stream that does not exist).
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  clientFor,
  collect,
  grant,
  causeUntilSeen,
  graphqlWsClient,
  startStream,
  startTestApi,
  TestSocket,
  type HttpsClient,
  signedInAccount,
} from '@seccam/testkit';
import { eq } from 'drizzle-orm';
import { users } from '../modules/users/users.table.ts';
import { codeOf } from '../testing/refusals.ts';
import { useTwinInstances } from '../testing/twin-instances.ts';

const VIEWERS = 'query($s: ID!) { streamViewers(streamId: $s) { username fullName organisation since connections } }';
const PRESENCE = { heartbeatMs: 100, ttlMs: 400 };

interface Viewer {
  username: string;
  fullName: string | null;
  organisation: string | null;
  since: string;
  connections: number;
}

describe('who is watching now', () => {
  const twins = useTwinInstances(() => ({ streamingLimits: { presence: PRESENCE } }));
  let otherDriver: HttpsClient;

  const viewersOf = async (client: HttpsClient, streamId: string): Promise<Viewer[]> =>
    (await client.graphql<{ streamViewers: Viewer[] }>(VIEWERS, { s: streamId })).streamViewers;

  beforeAll(async () => {
    ({ client: otherDriver } = await signedInAccount(twins.a, 'driver'));
  });

  it('shows a dispatcher watching on another instance, live, and forgets it when the socket closes', async () => {
    const stream = await startStream(twins.driverOnA);
    const events = collect<{ streamEvents: { kind: string; streamId: string; viewers: { username: string }[] | null } }>(
      graphqlWsClient(twins.a, twins.driverOnA),
      'subscription { streamEvents { kind streamId viewers { username } } }',
    );
    // The grant's `shared` event arriving shows the subscription is in place.
    await causeUntilSeen(
      () => grant(twins.driverOnA, twins.driver.contents, twins.dispatcher.contents.username),
      () => events.items.some((e) => e.streamEvents.kind === 'shared'),
    );
    expect(await viewersOf(twins.driverOnA, stream.id)).toEqual([]);
    // The owner's own playback is not "someone watching".
    const own = await TestSocket.watch(twins.a, twins.driverOnA, stream.id);
    await expect.poll(() => twins.a.app.services.presence.watching(stream.id).length).toBe(1);
    expect(await viewersOf(twins.driverOnA, stream.id)).toEqual([]);

    const before = Date.now();
    const view = await TestSocket.watch(twins.b, twins.dispatcherOnB, stream.id);
    await expect
      .poll(() => viewersOf(twins.driverOnA, stream.id))
      .toMatchObject([
        { username: twins.dispatcher.contents.username, fullName: 'Dana Dispatcher', organisation: 'Acme Fleet', connections: 1 },
      ]);
    const [seen] = await viewersOf(twins.driverOnA, stream.id);
    expect(new Date(seen?.since ?? 0).getTime()).toBeGreaterThanOrEqual(before - 1000);
    await expect
      .poll(() => events.items.map((e) => e.streamEvents).filter((e) => e.kind === 'viewers'))
      .toEqual([{ kind: 'viewers', streamId: stream.id, viewers: [{ username: twins.dispatcher.contents.username }] }]);

    // A third instance started now learns who watches from the others (presence.sync).
    const c = await startTestApi({ db: twins.a.db, secrets: twins.a.secrets, streamingLimits: { presence: PRESENCE } });
    try {
      await expect.poll(() => c.app.services.presence.watching(stream.id).map((w) => w.viewerId).length).toBe(2);
    } finally {
      await c.stop();
    }

    view.ws.close();
    await expect.poll(() => viewersOf(twins.driverOnA, stream.id)).toEqual([]);
    await expect.poll(() => events.items.at(-1)?.streamEvents).toEqual({ kind: 'viewers', streamId: stream.id, viewers: [] });
    events.dispose();
    own.ws.close();
  });

  it('drops the viewers of an instance that stopped heartbeating (crashed without a word)', async () => {
    const stream = await startStream(twins.driverOnA);
    const ghost = randomUUID();
    const [dispatcherRow] = await twins.a.db.database.db.select().from(users).where(eq(users.username, twins.dispatcher.contents.username));
    await twins.a.app.services.bus.publish({
      kind: 'watch.joined',
      instanceId: ghost,
      connectionId: randomUUID(),
      streamId: stream.id,
      ownerId: (await twins.a.app.services.streams.ensure(stream.id)).ownerId,
      viewerId: dispatcherRow?.id ?? '',
      since: new Date().toISOString(),
    });
    await expect.poll(() => viewersOf(twins.driverOnA, stream.id)).toHaveLength(1);
    // No heartbeat ever comes from the ghost: gone within ttlMs (+ one sweep).
    await expect.poll(() => viewersOf(twins.driverOnA, stream.id), { timeout: 5000 }).toEqual([]);
    // Each instance sweeps on its own timer, so B forgets the ghost within the same bound.
    await expect.poll(() => twins.b.app.services.presence.watching(stream.id), { timeout: 5000 }).toEqual([]);
  });

  it("keeps a live instance's viewers past the TTL: its heartbeat holds them", async () => {
    const stream = await startStream(twins.driverOnA);
    const view = await TestSocket.watch(twins.b, twins.dispatcherOnB, stream.id);
    await expect.poll(() => viewersOf(twins.driverOnA, stream.id)).toHaveLength(1);
    const until = Date.now() + 3 * PRESENCE.ttlMs;
    await expect
      .poll(async () => (await viewersOf(twins.driverOnA, stream.id)).length === 1 && Date.now() > until, { timeout: 5000, interval: 100 })
      .toBe(true);
    view.ws.close();
  });

  it('answers the owner only', async () => {
    const stream = await startStream(twins.driverOnA);
    expect(await codeOf(viewersOf(twins.dispatcherOnB, stream.id))).toBe('FORBIDDEN');
    expect(await codeOf(viewersOf(otherDriver, stream.id))).toBe('NOT_FOUND');
    expect(await codeOf(viewersOf(otherDriver, randomUUID()))).toBe('NOT_FOUND');
    expect(await codeOf(viewersOf(clientFor(twins.a), stream.id))).toBe('UNAUTHENTICATED');
  });
});
