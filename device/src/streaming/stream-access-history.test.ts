/**
 * The SDK's fetchAccessHistory against the real API: a dispatcher's replay through the
 * WatchClient shows up in the driver's history, paging ends with `nextBefore` undefined, and
 * the dispatcher cannot read the history.
 */
import { describe, expect, it } from 'vitest';
import { GraphQLRequestError } from '../client/request-errors.ts';
import { createGrant } from '../sharing/grants.ts';
import { fetchAccessHistory } from './stream-access-history.ts';
import { Recorder } from './recorder.ts';
import { FAST, sourceGroups, useStreamingWorld, watcher } from './streaming-parties.test-support.ts';
import type { WatchedFrame } from './watch-frames.ts';

describe('access history (SDK)', () => {
  const world = useStreamingWorld();

  it("shows the dispatcher's replay to the driver only", async () => {
    await createGrant(world.driver.client, world.driver.identity, { dispatcher: world.dispatcher.username, scope: 'all' });
    const recorder = await Recorder.start({ client: world.driver.client, identity: world.driver.identity, ingest: FAST });
    for (const group of sourceGroups(1).groups) await recorder.push(group);
    await recorder.end();
    const frames: WatchedFrame[] = [];
    const replay = watcher(world.dispatcher, recorder.streamId, frames);
    await replay.start();
    await expect(replay.whenDone()).resolves.toMatchObject({ status: 'ended' });

    const page = await fetchAccessHistory(world.driver.client, recorder.streamId, { first: 1 });
    expect(page.entries).toMatchObject([{ kind: 'watch', username: world.dispatcher.username, byOwner: false }]);
    expect(page.nextBefore).toBe(page.entries[0]?.id);
    const rest = await fetchAccessHistory(world.driver.client, recorder.streamId, { first: 1, before: page.nextBefore });
    expect(rest).toEqual({ entries: [], nextBefore: undefined });

    const refused: unknown = await fetchAccessHistory(world.dispatcher.client, recorder.streamId).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(GraphQLRequestError);
    expect((refused as GraphQLRequestError).code).toBe('FORBIDDEN');
  });
});
