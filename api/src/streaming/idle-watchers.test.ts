/**
 * Idle watchers cost nothing ([Note: idle watchers] in stream-hub.ts), on the real server:
 * caught-up viewers of quiet streams make no storage reads of their own — the instance reads
 * the heads of all waited-on streams in one query per check — and still get the next frame
 * at once when it is committed.
 */
import { describe, expect, it } from 'vitest';
import { FrameSealer, startStream, type TestApi, TestSocket, type TestStream, useSignedInDriver } from '@seccam/testkit';
import { decodeFrame } from '@seccam/schema';
import { HEAD_CHECK_EVERY_MS } from './stream-hub.ts';

const STREAMS = 4;
const WATCHERS_PER_STREAM = 10;
const IDLE_MS = 3_000;

/** Counts the statements the API sends to its database (both drivers go through `$client.query`). */
function countQueries(api: TestApi): { count: () => number; stop: () => void } {
  const client = (api.db.database.db as unknown as { $client: { query: (...args: unknown[]) => Promise<unknown> } }).$client;
  const original = client.query;
  let n = 0;
  client.query = function (this: unknown, ...args: unknown[]) {
    n += 1;
    return original.apply(this, args);
  };
  return {
    count: () => n,
    stop: () => {
      client.query = original;
    },
  };
}

describe('idle watchers', () => {
  const world = useSignedInDriver({
    streamingLimits: { watch: { maxConnectionsPerUser: 100 }, websockets: { maxPerAddress: 200 } },
  });

  async function streamWithFrames(n: number): Promise<{ stream: TestStream; sealer: FrameSealer; ingest: TestSocket }> {
    const stream = await startStream(world.client);
    const sealer = await FrameSealer.forAccount(stream, world.driver.contents);
    const ingest = await TestSocket.ingest(world.api, world.client, stream.id);
    for (const f of await sealer.many(n)) ingest.sendFrame(f);
    await ingest.until((x) => x.lastAck() === n - 1);
    return { stream, sealer, ingest };
  }

  it('make no storage reads of their own while their streams are quiet, and get the next frame at once', async () => {
    const streams = await Promise.all(Array.from({ length: STREAMS }, () => streamWithFrames(3)));
    const watchers = await Promise.all(
      streams.flatMap(({ stream }) =>
        Array.from({ length: WATCHERS_PER_STREAM }, async () => {
          const s = await TestSocket.open(world.api, '/ws/watch', world.client);
          s.send({ type: 'subscribe', streamId: stream.id, from: 0 });
          await s.until((x) => x.binaries.length === 3);
          return s;
        }),
      ),
    );
    const queries = countQueries(world.api);
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const idleQueries = queries.count();
    queries.stop();
    // One safety check per interval for all streams (plus room for a presence heartbeat); a
    // watcher polling on its own would make 40 watchers × 3 s × its rate of reads.
    expect(idleQueries).toBeLessThanOrEqual(Math.ceil(IDLE_MS / HEAD_CHECK_EVERY_MS) + 3);

    const first = streams[0];
    if (!first) throw new Error('no stream');
    first.ingest.sendFrame(await first.sealer.next());
    const mine = watchers.slice(0, WATCHERS_PER_STREAM);
    await Promise.all(mine.map((w) => w.until((x) => x.binaries.length === 4)));
    for (const w of mine) expect(decodeFrame(w.binaries[3] ?? new Uint8Array()).header.seq).toBe(3);
    for (const w of watchers.slice(WATCHERS_PER_STREAM)) expect(w.binaries).toHaveLength(3);
    for (const s of [...watchers, ...streams.map((x) => x.ingest)]) s.ws.close();
  });
});
