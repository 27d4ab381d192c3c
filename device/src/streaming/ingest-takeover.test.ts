/**
 * Ingest takeover from the recorder's side (docs/PROTOCOL.md §11, [Note: ingest takeover]): the
 * SDK proves every `hello`, so a reconnect always wins over a socket the server still holds; a
 * recorder superseded by another holder of the key reconnects instead of giving up; and a
 * session cookie alone cannot cut a recording short.
 */
import { CloseCode } from '@seccam/schema';
import { TestSocket } from '@seccam/testkit';
import { describe, expect, it } from 'vitest';
import { Recorder } from './recorder.ts';
import { FAST, sourceGroups, until, useStreamingWorld, watcher } from './streaming-parties.test-support.ts';
import type { WatchedFrame } from './watch-frames.ts';

const world = useStreamingWorld();

describe('ingest takeover', () => {
  it('a cookie alone is refused while the recorder goes on; a second recorder with the key takes over, and the first reconnects', async () => {
    const { groups } = sourceGroups(3);
    const first = await Recorder.start({ client: world.driver.client, identity: world.driver.identity, ingest: FAST });
    const retries: number[] = [];
    first.ingest.on('retry', (detail) => retries.push(detail.closeCode));
    for (const group of groups.slice(0, 1)) await first.push(group);

    const thief = await TestSocket.open(world.api, '/ws/ingest', world.driver.client);
    thief.send({ type: 'hello', streamId: first.streamId });
    expect((await thief.closed).code).toBe(CloseCode.Forbidden);
    expect(first.ingest.status).toBe('live');

    // The same account on a second device (same bundle): its hello is signed, so it takes over.
    const second = await Recorder.start({
      client: world.driver.client,
      identity: world.driver.identity,
      streamId: first.streamId,
      ingest: FAST,
    });
    await until(() => retries.includes(CloseCode.Superseded), 10_000, 'the first recorder to be superseded');
    // The first recorder reconnects (taking the stream back), never ending as failed.
    await until(() => first.ingest.status === 'live', 10_000, 'the first recorder to reconnect');
    await second.close();
    for (const group of groups.slice(1, 6)) await first.push(group);
    const endSeq = await first.end();
    const frames: WatchedFrame[] = [];
    const replay = watcher(world.driver, first.streamId, frames, { from: 0 });
    await replay.start();
    const outcome = await replay.whenDone();
    expect(outcome).toMatchObject({ status: 'ended', chain: { ended: 'signed', lastSeq: endSeq } });
    expect(frames.map((f) => f.seq)).toEqual(Array.from({ length: endSeq + 1 }, (_, i) => i));
  });
});
