/**
 * Frame storage through the group commit, on the real database (PGlite, or PostgreSQL with
 * DATABASE_URL): many streams' runs in one statement, each stream's head moved with its own
 * frames, and a failure that belongs to one stream (head moved, stream ended or deleted, a
 * duplicate chunk) costs only that stream's run.
 */
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { FrameSealer, startStream, useSignedInDriver } from '@seccam/testkit';
import { chainHash } from '@seccam/pki';
import { decodeFrame, FrameFlags } from '@seccam/schema';
import type { ChunkStore, VerifiedFrame } from './chunk-store.ts';
import { chunks, streams } from './streams.table.ts';

describe('group commit of frames', () => {
  const world = useSignedInDriver();
  const store = (): ChunkStore => world.api.app.services.chunks;
  const db = () => world.api.db.database.db;

  /** A new stream and a sealer for it; `run(n)` seals the next n frames as verified frames. */
  async function newStream() {
    const stream = await startStream(world.client);
    const sealer = await FrameSealer.forAccount(stream, world.driver.contents);
    const run = async (n: number, end = false): Promise<VerifiedFrame[]> => {
      const out: VerifiedFrame[] = [];
      for (let i = 0; i < n; i++) {
        const frame = decodeFrame(await sealer.next({ end: end && i === n - 1 }));
        out.push({ frame, chainHash: await chainHash(frame.headerBytes, frame.ciphertext) });
      }
      return out;
    };
    return { id: stream.id, run };
  }

  const seqsOf = async (streamId: string): Promise<number[]> =>
    (await db().select({ seq: chunks.seq }).from(chunks).where(eq(chunks.streamId, streamId)).orderBy(asc(chunks.seq))).map((r) => r.seq);
  const headOf = async (streamId: string) => {
    const [row] = await db().select().from(streams).where(eq(streams.id, streamId));
    return row;
  };

  it('stores runs handed over in the same turn from many streams in one statement, each head moved by its own frames', async () => {
    const many = await Promise.all(Array.from({ length: 12 }, () => newStream()));
    const runs = await Promise.all(many.map((s) => s.run(3)));
    const before = store().writer.stats.statements;
    const results = await Promise.all(runs.map((frames) => store().append(frames)));
    expect(results).toEqual(runs.map(() => ({ ok: true, ended: false })));
    expect(store().writer.stats.statements - before).toBeLessThanOrEqual(2);
    for (const [i, s] of many.entries()) {
      expect(await seqsOf(s.id)).toEqual([0, 1, 2]);
      const head = await headOf(s.id);
      const frames = runs[i] ?? [];
      expect(head).toMatchObject({
        lastSeq: 2,
        lastEpoch: 0,
        frameCount: 3,
        byteCount: frames.reduce((n, f) => n + f.frame.frameBytes.length, 0),
        endedAt: null,
        startedAt: new Date(frames[0]?.frame.header.captureTs ?? 0),
      });
      expect(head?.chainHead).toEqual(frames[2]?.chainHash);
    }
  });

  it('keeps a stream’s successive runs in order when they are queued together', async () => {
    const s = await newStream();
    const first = await s.run(4);
    const second = await s.run(4);
    const third = await s.run(2, true);
    const results = await Promise.all([store().append(first), store().append(second), store().append(third)]);
    expect(results).toEqual([
      { ok: true, ended: false },
      { ok: true, ended: false },
      { ok: true, ended: true },
    ]);
    expect(await seqsOf(s.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const head = await headOf(s.id);
    expect(head?.frameCount).toBe(10);
    expect(head?.endedAt).toBeInstanceOf(Date);
    expect((third.at(-1)?.frame.header.flags ?? 0) & FrameFlags.END).toBe(FrameFlags.END);
  });

  it('fails only the stream whose head moved, ended or was deleted; the others in the statement are stored', async () => {
    const good = await newStream();
    const moved = await newStream();
    const ended = await newStream();
    const deleted = await newStream();
    await store().append(await moved.run(2));
    await store().append(await ended.run(1, true));
    const goodRun = await good.run(2);
    const stale = await moved.run(2); // seq 2..3, but the head is put back to seq 0 below
    await db().update(streams).set({ lastSeq: 0 }).where(eq(streams.id, moved.id));
    const afterEnd = await ended.run(1);
    const deletedRun = await deleted.run(1);
    await db().delete(streams).where(eq(streams.id, deleted.id));
    const results = await Promise.all([
      store().append(goodRun),
      store().append(stale),
      store().append(afterEnd),
      store().append(deletedRun),
    ]);
    expect(results).toEqual([{ ok: true, ended: false }, ...Array.from({ length: 3 }, () => ({ ok: false, reason: 'conflict' }))]);
    expect(await seqsOf(good.id)).toEqual([0, 1]);
    expect(await seqsOf(moved.id)).toEqual([0, 1]);
    expect(await seqsOf(ended.id)).toEqual([0]);
    expect(await seqsOf(deleted.id)).toEqual([]);
  });

  it('a duplicate chunk (a head edited back in the database) fails only its own stream', async () => {
    const edited = await newStream();
    const bystander = await newStream();
    const frames = await edited.run(3);
    await store().append(frames);
    // The head says seq 1, but seq 2 is stored: appending seq 2 again is a unique violation.
    await db().update(streams).set({ lastSeq: 1 }).where(eq(streams.id, edited.id));
    const again = frames.slice(2);
    const bystanderRun = await bystander.run(2);
    const results = await Promise.all([store().writer.append({ streamId: edited.id, frames: again }), store().append(bystanderRun)]);
    expect(results).toEqual([
      { ok: false, reason: 'conflict' },
      { ok: true, ended: false },
    ]);
    expect(await seqsOf(bystander.id)).toEqual([0, 1]);
    expect(await seqsOf(edited.id)).toEqual([0, 1, 2]);
  });

  it('settles per stream: waits for what is queued or in flight for that stream only', async () => {
    const s = await newStream();
    const stored = store().append(await s.run(2));
    let settled = false;
    const done = store()
      .settled(s.id)
      .then(() => {
        settled = true;
      });
    expect(settled).toBe(false);
    await stored;
    await done;
    expect(settled).toBe(true);
    await store().settled(crypto.randomUUID()); // nothing queued: at once
    expect(await seqsOf(s.id)).toEqual([0, 1]);
  });
});
