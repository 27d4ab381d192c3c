/**
 * Frames in the database: append one at the committed head (atomically with the stream's head
 * row), read ranges back byte-identical, find join points.
 *
 * [Note: append at the head]
 * `append` inserts the chunks and moves the stream head in one transaction, and the head
 * update is conditional on the head still being `seq − 1`. Two writers racing for the same
 * stream (a stale socket and its replacement, two API instances) cannot both succeed: the loser
 * gets `conflict` and nothing of it is stored.
 */
import { and, asc, desc, eq, gte, isNull, lte, sql } from 'drizzle-orm';
import { encodeFrame, FrameFlags, type DecodedFrame } from '@seccam/schema';
import type { Db } from '../../db/client.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { chunks, streams, type ChunkRow } from './streams.table.ts';

export interface StoredFrame {
  readonly seq: number;
  readonly epoch: number;
  readonly flags: number;
  /** The frame exactly as the driver signed it. */
  readonly bytes: Uint8Array;
}

export type AppendResult = { ok: true; ended: boolean } | { ok: false; reason: 'conflict' };

/** A frame that passed verification, with its chain hash (the next frame's prevHash). */
export interface VerifiedFrame {
  readonly frame: DecodedFrame;
  readonly chainHash: Uint8Array;
}

export function frameOf(row: Pick<ChunkRow, 'seq' | 'epoch' | 'flags' | 'header' | 'ciphertext' | 'signature'>): StoredFrame {
  return { seq: row.seq, epoch: row.epoch, flags: row.flags, bytes: encodeFrame(row.header, row.ciphertext, row.signature) };
}

export class ChunkStore {
  constructor(private readonly db: Db) {}

  /**
   * Appends consecutive verified frames in one transaction (group commit: a client catching up
   * after a dead zone sends many at once). Only the last may carry END.
   */
  async append(frames: readonly VerifiedFrame[]): Promise<AppendResult> {
    const first = frames[0];
    const last = frames.at(-1);
    if (!first || !last) return { ok: true, ended: false };
    const streamId = first.frame.header.streamId;
    const ended = (last.frame.header.flags & FrameFlags.END) !== 0;
    const bytes = frames.reduce((n, f) => n + f.frame.frameBytes.length, 0);
    try {
      return await this.db.transaction(async (tx) => {
        const firstSeq = first.frame.header.seq;
        const headCondition = firstSeq === 0 ? isNull(streams.lastSeq) : eq(streams.lastSeq, firstSeq - 1);
        const moved = await tx
          .update(streams)
          .set({
            lastSeq: last.frame.header.seq,
            lastEpoch: last.frame.header.epoch,
            chainHead: last.chainHash,
            frameCount: sql`${streams.frameCount} + ${frames.length}`,
            byteCount: sql`${streams.byteCount} + ${bytes}`,
            ...(firstSeq === 0 ? { startedAt: new Date(first.frame.header.captureTs) } : {}),
            ...(ended ? { endedAt: new Date() } : {}),
          })
          .where(and(eq(streams.id, streamId), headCondition, isNull(streams.endedAt)))
          .returning({ id: streams.id });
        if (moved.length !== 1) throw new HeadMoved();
        await tx.insert(chunks).values(
          frames.map(({ frame, chainHash }) => ({
            streamId,
            seq: frame.header.seq,
            epoch: frame.header.epoch,
            flags: frame.header.flags,
            captureTs: frame.header.captureTs,
            header: frame.headerBytes,
            ciphertext: frame.ciphertext,
            signature: frame.signature,
            chainHash,
          })),
        );
        return { ok: true as const, ended };
      });
    } catch (e) {
      if (e instanceof HeadMoved || isUniqueViolation(e)) return { ok: false, reason: 'conflict' };
      throw new Error(`Storing frames ${first.frame.header.seq}..${last.frame.header.seq} of stream ${streamId} failed`, { cause: e });
    }
  }

  async chainHashAt(streamId: string, seq: number): Promise<Uint8Array | undefined> {
    const [row] = await this.db
      .select({ chainHash: chunks.chainHash })
      .from(chunks)
      .where(and(eq(chunks.streamId, streamId), eq(chunks.seq, seq)))
      .limit(1);
    return row?.chainHash;
  }

  /** Up to `limit` frames from `fromSeq` on, in order. */
  async range(streamId: string, fromSeq: number, limit: number): Promise<StoredFrame[]> {
    const rows = await this.db
      .select()
      .from(chunks)
      .where(and(eq(chunks.streamId, streamId), gte(chunks.seq, fromSeq)))
      .orderBy(asc(chunks.seq))
      .limit(limit);
    return rows.map(frameOf);
  }

  async one(streamId: string, seq: number): Promise<StoredFrame | undefined> {
    const [row] = await this.range(streamId, seq, 1);
    return row?.seq === seq ? row : undefined;
  }

  /** The newest seq ≤ `atOrBefore` whose flags include `flag`. */
  async latestWithFlag(streamId: string, flag: number, atOrBefore = Number.MAX_SAFE_INTEGER): Promise<number | undefined> {
    const [row] = await this.db
      .select({ seq: chunks.seq })
      .from(chunks)
      .where(and(eq(chunks.streamId, streamId), lte(chunks.seq, atOrBefore), sql`(${chunks.flags} & ${flag}) <> 0`))
      .orderBy(desc(chunks.seq))
      .limit(1);
    return row?.seq;
  }
}

class HeadMoved extends Error {}
