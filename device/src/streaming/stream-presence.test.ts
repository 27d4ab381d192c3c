/**
 * The SDK's presence functions against the real API: the driver's watchStreamViewers reports
 * nobody, then the dispatcher while its WatchClient is open, then nobody again; fetching the
 * viewers of someone else's stream is refused.
 */
import { describe, expect, it } from 'vitest';
import { GraphQLRequestError } from '../client/request-errors.ts';
import { createGrant } from '../sharing/grants.ts';
import { fetchStreamViewers, watchStreamViewers, type StreamViewerInfo } from './stream-presence.ts';
import { startStream } from './stream-operations.ts';
import { until, useStreamingWorld, watcher } from './streaming-parties.test-support.ts';
import type { WatchedFrame } from './watch-frames.ts';

describe('who is watching now (SDK)', () => {
  const world = useStreamingWorld();

  it('follows the viewers of the own stream live, and refuses them to a dispatcher', async () => {
    const stream = await startStream(world.driver.client, 'presence');
    await createGrant(world.driver.client, world.driver.identity, { dispatcher: world.dispatcher.username, scope: 'all' });
    const seen: (readonly StreamViewerInfo[])[] = [];
    const errors: unknown[] = [];
    const subscription = watchStreamViewers(
      world.driver.client,
      stream.id,
      (v) => seen.push(v),
      (e) => errors.push(e),
    );
    await until(() => seen.length === 1, 10_000, 'the first list');
    expect(seen[0]).toEqual([]);

    const frames: WatchedFrame[] = [];
    const watch = watcher(world.dispatcher, stream.id, frames);
    await watch.start();
    await until(() => seen.at(-1)?.length === 1, 10_000, 'the dispatcher to appear');
    expect(seen.at(-1)).toMatchObject([{ username: world.dispatcher.username, organisation: 'Acme Fleet', connections: 1 }]);
    expect(await fetchStreamViewers(world.driver.client, stream.id)).toEqual(seen.at(-1));

    await watch.close();
    await until(() => seen.at(-1)?.length === 0, 10_000, 'the dispatcher to leave');
    subscription.close();
    expect((await subscription.closed).clean).toBe(true);
    expect(errors).toEqual([]);

    const refused: unknown = await fetchStreamViewers(world.dispatcher.client, stream.id).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(GraphQLRequestError);
    expect((refused as GraphQLRequestError).code).toBe('FORBIDDEN');
  });
});
