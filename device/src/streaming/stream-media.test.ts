/**
 * readStreamMedia on the real server: a whole recording comes back decrypted, packet for packet,
 * with progress up to the head; an empty stream and a stranger's request are refused.
 */
import { describe, expect, it } from 'vitest';
import { GraphQLRequestError } from '../client/request-errors.ts';
import { Recorder } from './recorder.ts';
import { startStream } from './stream-operations.ts';
import { readStreamMedia } from './stream-media.ts';
import { sourceGroups, useStreamingWorld } from './streaming-parties.test-support.ts';
import { StreamingError } from './streaming-error.ts';

describe('readStreamMedia', () => {
  const world = useStreamingWorld();

  it('replays, verifies and decrypts a whole recording, reporting progress up to the head', async () => {
    const { groups, packets } = sourceGroups(2);
    const recorder = await Recorder.start({ client: world.driver.client, identity: world.driver.identity, title: 'two seconds' });
    for (const group of groups) await recorder.push(group);
    const endSeq = await recorder.end();
    const progress: [number, number][] = [];
    const media = await readStreamMedia(world.driver.client, world.driver.identity, recorder.streamId, {
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(media).toMatchObject({ ended: 'signed', lastSeq: endSeq, frames: endSeq + 1, unreadable: [] });
    expect(media.tracks.map((t) => t.kind).sort()).toEqual(['audio', 'video']);
    expect(media.packets.length).toBe(packets.length);
    expect(media.packets.every((p, i) => p.timestampUs === packets[i]?.timestampUs && p.key === packets[i].key)).toBe(true);
    expect(progress.at(-1)).toEqual([endSeq + 1, endSeq + 1]);
    expect(progress.every(([, total]) => total === endSeq + 1)).toBe(true);
  });

  it('refuses a stream without frames and a stream the caller may not see', async () => {
    const empty = await startStream(world.driver.client, 'nothing yet');
    const refused: unknown = await readStreamMedia(world.driver.client, world.driver.identity, empty.id).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StreamingError);
    expect((refused as StreamingError).code).toBe('INVALID_ARGUMENT');
    const stranger: unknown = await readStreamMedia(world.dispatcher.client, world.dispatcher.identity, empty.id).catch((e: unknown) => e);
    expect(stranger).toBeInstanceOf(GraphQLRequestError);
    expect(['NOT_FOUND', 'FORBIDDEN']).toContain((stranger as GraphQLRequestError).code);
  });
});
