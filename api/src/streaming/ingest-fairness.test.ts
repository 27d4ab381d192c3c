/**
 * The ingest write path under a stream that cannot be stored ([Note: fair backpressure],
 * [Note: relay before commit]): a stream whose head row is locked by another transaction is
 * stuck; its connection pauses within its own allowance, while a bystander stream on the same
 * instance keeps being verified, relayed, stored and acked. Always on a PostgreSQL server
 * (DATABASE_URL, or the local one): a lock held on PGlite's single connection stops everything.
 */
import { asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  createTestDatabase,
  FrameSealer,
  payloadFor,
  postgresServerUrl,
  startStream,
  TestSocket,
  useSignedInDriver,
} from '@seccam/testkit';
import { MAX_FRAME_BYTES } from '@seccam/schema';
import { ByteBudget } from './byte-budget.ts';
import { chunks, streams } from '../modules/streams/streams.table.ts';

const KiB = 1024;

describe('byte budget shares', () => {
  it('over the limit, pauses only the connections above their fair share; past twice the limit, all', () => {
    const budget = new ByteBudget(100);
    const flood = budget.share();
    const bystander = budget.share();
    expect(flood.acquire(90)).toBe(true);
    expect(bystander.acquire(20)).toBe(true); // 110 > 100: fair share 50 each, the bystander holds 20
    expect(flood.allowed).toBe(false);
    expect(bystander.allowed).toBe(true);
    let woken = 0;
    flood.onRelease(() => woken++);
    flood.release(40); // 70 in all: under the limit
    expect(woken).toBe(1);
    expect(flood.allowed).toBe(true);
    expect(flood.acquire(140)).toBe(false); // 210 > 2 × 100: everybody waits
    expect(bystander.allowed).toBe(false);
    flood.release(190);
    bystander.release(20);
    expect(budget.inFlight).toBe(0);
    expect(budget.peak).toBe(210);
  });
});

describe('/ws/ingest with a stuck stream (PostgreSQL)', () => {
  const world = useSignedInDriver(
    {
      streamingLimits: {
        ingest: {
          maxFrameBytes: MAX_FRAME_BYTES,
          maxQueuedFrames: 64,
          maxQueuedBytes: 4 * 1024 * KiB,
          helloTimeoutMs: 10_000,
          maxConnectionsPerUser: 8,
        },
        // Below one connection's allowance: the instance-wide cap is what binds the flood.
        inFlightBytes: 1024 * KiB,
      },
    },
    () => createTestDatabase(postgresServerUrl()),
  );
  const db = () => world.api.db.database.db;

  const storedSeqs = async (streamId: string): Promise<number[]> =>
    (await db().select({ seq: chunks.seq }).from(chunks).where(eq(chunks.streamId, streamId)).orderBy(asc(chunks.seq))).map((r) => r.seq);

  /** Holds a row lock on the stream's head until `release` (its appends cannot commit meanwhile). */
  async function lockHead(streamId: string): Promise<{ release: () => Promise<void> }> {
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    let locked: () => void = () => undefined;
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const held = db().transaction(async (tx) => {
      await tx.execute(sql`SELECT 1 FROM ${streams} WHERE ${streams.id} = ${streamId} FOR UPDATE`);
      locked();
      await gate;
    });
    await isLocked;
    return {
      release: async () => {
        open();
        await held;
      },
    };
  }

  it('relays a verified frame to watchers before it is stored, and acks it only once stored', async () => {
    const stream = await startStream(world.client);
    const sealer = await FrameSealer.forAccount(stream, world.driver.contents);
    const watcher = await TestSocket.watch(world.api, world.client, stream.id, 0);
    const ingest = await TestSocket.ingest(world.api, world.client, stream.id);
    for (const f of await sealer.many(2)) ingest.sendFrame(f);
    await ingest.until((x) => x.lastAck() === 1);
    const lock = await lockHead(stream.id);
    onTestFinished(() => lock.release());
    ingest.sendFrame(await sealer.next());
    await watcher.until((x) => x.binaries.length === 3);
    expect(ingest.lastAck()).toBe(1);
    expect(await storedSeqs(stream.id)).toEqual([0, 1]);
    await lock.release();
    await ingest.until((x) => x.lastAck() === 2);
    expect(await storedSeqs(stream.id)).toEqual([0, 1, 2]);
    ingest.ws.close();
    watcher.ws.close();
  });

  it('pauses only the stuck stream: its memory stays bounded while a bystander keeps being stored and acked', async () => {
    const stuck = await startStream(world.client, 'stuck');
    const bystander = await startStream(world.client, 'bystander');
    const stuckSealer = await FrameSealer.forAccount(stuck, world.driver.contents);
    const bystanderSealer = await FrameSealer.forAccount(bystander, world.driver.contents);
    const big = payloadFor(0, 256 * KiB);
    const flood: Uint8Array[] = [];
    for (let i = 0; i < 24; i++) flood.push(await stuckSealer.next({ payload: big }));
    const stuckSocket = await TestSocket.ingest(world.api, world.client, stuck.id);
    const bystanderSocket = await TestSocket.ingest(world.api, world.client, bystander.id);
    const watcher = await TestSocket.watch(world.api, world.client, bystander.id, 0);

    const lock = await lockHead(stuck.id);
    onTestFinished(() => lock.release());
    for (const f of flood) stuckSocket.sendFrame(f); // 6 MiB at once, none of it can be stored
    // The stuck stream's first statement waits on the lock; what the bystander sends goes in others.
    await expect.poll(() => world.api.app.services.chunks.writer.stats.inFlight).toBe(1);
    // Each bystander frame is acked while the stuck stream has stored nothing.
    for (let seq = 0; seq < 8; seq++) {
      bystanderSocket.sendFrame(await bystanderSealer.next());
      await bystanderSocket.until((x) => x.lastAck() === seq, 20_000);
    }
    await watcher.until((x) => x.binaries.length === 8);
    expect(stuckSocket.lastAck()).toBeNull();
    expect(await storedSeqs(bystander.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // The server read the stuck stream up to the instance cap and then stopped reading it: it
    // holds at most twice the cap of the 6 MiB sent (the rest waits in the kernel's socket
    // buffers or the client, which on loopback can take all of it, so the client's own
    // bufferedAmount is not a measure).
    const peak = world.api.app.services.ingestBudget.peak;
    expect(peak).toBeGreaterThanOrEqual(1024 * KiB);
    expect(peak).toBeLessThanOrEqual(2 * 1024 * KiB + 512 * KiB);

    await lock.release();
    await stuckSocket.until((x) => x.lastAck() === flood.length - 1, 60_000);
    expect(await storedSeqs(stuck.id)).toEqual(flood.map((_, i) => i));
    await expect.poll(() => world.api.app.services.ingestBudget.inFlight).toBe(0);
    stuckSocket.ws.close();
    bystanderSocket.ws.close();
    watcher.ws.close();
  });
});
