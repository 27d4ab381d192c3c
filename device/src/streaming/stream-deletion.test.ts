/**
 * The SDK's deleteStream against the real API: it signs the deletion statement with the driver's
 * key, so the stream is gone from the driver's list; a second call is NOT_FOUND, and a
 * dispatcher is refused before anything is sent.
 */
import { describe, expect, it } from 'vitest';
import { GraphQLRequestError } from '../client/request-errors.ts';
import { deleteStream } from './stream-deletion.ts';
import { fetchMyStreams, startStream } from './stream-operations.ts';
import { useStreamingWorld } from './streaming-parties.test-support.ts';
import { StreamingError } from './streaming-error.ts';

describe('deleteStream (SDK)', () => {
  const world = useStreamingWorld();

  it('deletes the own stream once, signed with the bundle key', async () => {
    const kept = await startStream(world.driver.client, 'kept');
    const doomed = await startStream(world.driver.client, 'doomed');
    const was = await deleteStream(world.driver.client, world.driver.identity, doomed.id);
    expect(was).toMatchObject({ id: doomed.id, title: 'doomed', owner: world.driver.username });
    const ids = (await fetchMyStreams(world.driver.client)).map((s) => s.id);
    expect(ids).toContain(kept.id);
    expect(ids).not.toContain(doomed.id);
    const again: unknown = await deleteStream(world.driver.client, world.driver.identity, doomed.id).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(GraphQLRequestError);
    expect((again as GraphQLRequestError).code).toBe('NOT_FOUND');
    const byDispatcher: unknown = await deleteStream(world.dispatcher.client, world.dispatcher.identity, kept.id).catch((e: unknown) => e);
    expect(byDispatcher).toBeInstanceOf(StreamingError);
  });
});
