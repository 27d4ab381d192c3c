/**
 * Frames in the database: append one at the committed head (atomically with the stream's head
 * row), read ranges back byte-identical, find join points.
 *
 * [Note: append at the head]
 * `appendChunk` inserts the chunk and moves the stream head in one transaction, and the head
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

export function frameOf(row: Pick<ChunkRow, 'seq' | 'epoch' | 'flags' | 'header' | 'ciphertext' | 'signature'>): StoredFrame {
  return { seq: row.seq, epoch: row.epoch, flags: row.flags, bytes: encodeFrame(row.header, row.ciphertext, row.signature) };
}

export class ChunkStore {
  constructor(private readonly db: Db) {}

  async append(frame: DecodedFrame, chainHash: Uint8Array): Promise<AppendResult> {
    const { header } = frame;
    const ended = (header.flags & FrameFlags.END) !== 0;
    try {
      return await this.db.transaction(async (tx) => {
        const headCondition =
          header.seq === 0 ? isNull(streams.lastSeq) : eq(streams.lastSeq, header.seq - 1);
        const moved = await tx
          .update(streams)
          .set({
            lastSeq: header.seq,
            lastEpoch: header.epoch,
            chainHead: chainHash,
            frameCount: sql`${streams.frameCount} + 1`,
            byteCount: sql`${streams.byteCount} + ${frame.frameBytes.length}`,
            ...(header.seq === 0 ? { startedAt: new Date(header.captureTs) } : {}),
            ...(ended ? { endedAt: new Date() } : {}),
          })
          .where(and(eq(streams.id, header.streamId), headCondition, isNull(streams.endedAt)))
          .returning({ id: streams.id });
        if (moved.length !== 1) throw new HeadMoved();
        await tx.insert(chunks).values({
          streamId: header.streamId,
          seq: header.seq,
          epoch: header.epoch,
          flags: header.flags,
          captureTs: header.captureTs,
          header: frame.headerBytes,
          ciphertext: frame.ciphertext,
          signature: frame.signature,
          chainHash,
        });
        return { ok: true as const, ended };
      });
    } catch (e) {
      if (e instanceof HeadMoved || isUniqueViolation(e)) return { ok: false, reason: 'conflict' };
      throw new Error(`Storing frame ${header.seq} of stream ${header.streamId} failed`, { cause: e });
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
