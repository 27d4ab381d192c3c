/**
 * Frames in the database: append runs of frames at the committed heads (atomically with the
 * streams' head rows), read ranges back byte-identical, find join points.
 *
 * [Note: append at the head]
 * `appendRuns` inserts the chunks and moves each stream's head in one statement, and a head
 * moves only if it is still at the run's first seq − 1 and the stream has not ended. Two writers
 * racing for the same stream (a stale socket and its replacement, two API instances) cannot both
 * succeed: the loser gets `conflict` and nothing of its run is stored. Many streams' runs share
 * the statement (group commit, group-commit.ts): one round trip, one WAL flush for all of them;
 * a stream whose head moved loses only its own run.
 */
import { and, asc, desc, eq, gte, lte, sql } from 'drizzle-orm';
import { encodeFrame, FrameFlags, type DecodedFrame } from '@seccam/schema';
import { preparedQueryOf, type Db, type PreparedQuery } from '../../db/client.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { GroupCommit, type GroupCommitLimits } from './group-commit.ts';
import { chunks, type ChunkRow } from './streams.table.ts';

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

/** Consecutive verified frames of one stream, to append at its head. Only the last may carry END. */
export interface AppendRun {
  readonly streamId: string;
  readonly frames: readonly VerifiedFrame[];
}

export function frameOf(row: Pick<ChunkRow, 'seq' | 'epoch' | 'flags' | 'header' | 'ciphertext' | 'signature'>): StoredFrame {
  return { seq: row.seq, epoch: row.epoch, flags: row.flags, bytes: encodeFrame(row.header, row.ciphertext, row.signature) };
}

/** Parameters per chunk row of {@link appendStatement}. */
const ROW_PARAMS = 10;
/** Rows per statement at most (PostgreSQL takes at most 65 535 parameters). */
export const MAX_APPEND_ROWS = 1024;

const statements = new Map<number, { name: string; text: string }>();

/**
 * The statement that appends `rows` chunk rows: the per-stream head values are derived from the
 * rows themselves (last seq, epoch, chain hash, END; first seq; count and bytes), so the text
 * depends only on the row count and is prepared once per count and connection.
 */
function appendStatement(rows: number): { name: string; text: string } {
  let statement = statements.get(rows);
  if (statement) return statement;
  const values: string[] = [];
  for (let r = 0; r < rows; r++) {
    const p = (i: number): string => `$${r * ROW_PARAMS + i}`;
    values.push(
      `(${p(1)}::uuid, ${p(2)}::bigint, ${p(3)}::bigint, ${p(4)}::smallint, ${p(5)}::bigint, ${p(6)}::bytea, ${p(7)}::bytea, ${p(8)}::bytea, ${p(9)}::bytea, ${p(10)}::bigint)`,
    );
  }
  const text = `WITH c (stream_id, seq, epoch, flags, capture_ts, header, ciphertext, signature, chain_hash, frame_bytes) AS (VALUES ${values.join(', ')}),
heads AS (
  SELECT DISTINCT ON (stream_id) stream_id, seq AS last_seq, epoch AS last_epoch, chain_hash, (flags & ${FrameFlags.END}) <> 0 AS ended
  FROM c ORDER BY stream_id, seq DESC
),
spans AS (
  SELECT stream_id, min(seq) AS first_seq, count(*)::int AS n, sum(frame_bytes)::bigint AS bytes, min(capture_ts) FILTER (WHERE seq = 0) AS started
  FROM c GROUP BY stream_id
),
moved AS (
  UPDATE streams s SET
    last_seq = h.last_seq, last_epoch = h.last_epoch, chain_head = h.chain_hash,
    frame_count = s.frame_count + p.n, byte_count = s.byte_count + p.bytes,
    started_at = CASE WHEN p.started IS NULL THEN s.started_at ELSE timestamptz 'epoch' + p.started * interval '1 millisecond' END,
    ended_at = CASE WHEN h.ended THEN now() ELSE s.ended_at END
  FROM heads h JOIN spans p USING (stream_id)
  WHERE s.id = h.stream_id AND s.ended_at IS NULL
    AND s.last_seq IS NOT DISTINCT FROM (CASE WHEN p.first_seq = 0 THEN NULL ELSE p.first_seq - 1 END)
  RETURNING s.id, h.ended
),
stored AS (
  INSERT INTO chunks (stream_id, seq, epoch, flags, capture_ts, header, ciphertext, signature, chain_hash)
  SELECT c.stream_id, c.seq, c.epoch, c.flags, c.capture_ts, c.header, c.ciphertext, c.signature, c.chain_hash
  FROM c JOIN moved m ON m.id = c.stream_id
)
SELECT id, ended FROM moved`;
  statement = { name: `seccam_append_${rows}`, text };
  statements.set(rows, statement);
  return statement;
}

/**
 * Group commit per driver: PGlite has one connection (one statement at a time); on PostgreSQL a
 * few statements run at once on pooled connections, the rest of the pool serving everything else.
 */
export const GROUP_COMMIT: Readonly<Record<'pglite' | 'postgres', GroupCommitLimits>> = {
  pglite: { maxFrames: 256, maxBytes: 16 * 1024 * 1024, concurrency: 1 },
  postgres: { maxFrames: 256, maxBytes: 16 * 1024 * 1024, concurrency: 3 },
};

export class ChunkStore {
  /** Where `append` queues ([Note: group commit]). */
  readonly writer: GroupCommit;

  private readonly prepared: PreparedQuery;

  constructor(
    private readonly db: Db,
    groupCommit?: GroupCommitLimits,
  ) {
    const driver = preparedQueryOf(db);
    this.prepared = driver.prepared;
    groupCommit ??= GROUP_COMMIT[driver.kind];
    this.writer = new GroupCommit((runs) => this.appendRuns(runs), {
      ...groupCommit,
      maxFrames: Math.min(groupCommit.maxFrames, MAX_APPEND_ROWS),
    });
  }

  /**
   * Appends one stream's consecutive frames through the group commit: resolves once the
   * statement holding them committed, with this run's result.
   */
  append(frames: readonly VerifiedFrame[]): Promise<AppendResult> {
    const first = frames[0];
    if (!first) return Promise.resolve({ ok: true, ended: false });
    return this.writer.append({ streamId: first.frame.header.streamId, frames });
  }

  /** Resolves once every frame of `streamId` handed to `append` was answered. */
  settled(streamId: string): Promise<void> {
    return this.writer.settled(streamId);
  }

  /**
   * Appends runs of several streams (at most one run per stream) in one statement, answering
   * each run's result in order ([Note: append at the head]). A duplicate chunk (a head edited
   * behind the server's back) fails the whole statement; then each run is tried on its own, so
   * only the stream it belongs to gets `conflict`. Any other error (the database unreachable)
   * is thrown: none of the runs was stored.
   */
  async appendRuns(runs: readonly AppendRun[]): Promise<AppendResult[]> {
    const live = runs.filter((r) => r.frames.length > 0);
    if (live.length === 0) return runs.map(() => ({ ok: true, ended: false }));
    const rows = live.reduce((n, r) => n + r.frames.length, 0);
    if (rows > MAX_APPEND_ROWS) throw new RangeError(`at most ${MAX_APPEND_ROWS} frames per append, got ${rows}`);
    if (new Set(live.map((r) => r.streamId)).size !== live.length) throw new RangeError('one run per stream and append');
    let moved: Map<string, boolean>;
    try {
      moved = await this.insertRuns(live);
    } catch (e) {
      if (!isUniqueViolation(e)) throw describeFailure(live, e);
      if (live.length === 1) return runs.map(() => ({ ok: false, reason: 'conflict' }));
      const one: AppendResult[] = [];
      for (const run of runs) one.push(...(await this.appendRuns([run])));
      return one;
    }
    return runs.map((run): AppendResult => {
      if (run.frames.length === 0) return { ok: true, ended: false };
      const ended = moved.get(run.streamId);
      return ended === undefined ? { ok: false, reason: 'conflict' } : { ok: true, ended };
    });
  }

  /** Runs the append statement; which streams moved, and whether each ended. */
  private async insertRuns(runs: readonly AppendRun[]): Promise<Map<string, boolean>> {
    const values: unknown[] = [];
    for (const run of runs) {
      for (const { frame, chainHash } of run.frames) {
        const { header } = frame;
        if (header.streamId !== run.streamId) throw new RangeError('a frame of another stream in the run');
        values.push(
          run.streamId,
          header.seq,
          header.epoch,
          header.flags,
          header.captureTs,
          frame.headerBytes,
          frame.ciphertext,
          frame.signature,
          chainHash,
          frame.frameBytes.length,
        );
      }
    }
    const rows = await this.prepared(appendStatement(values.length / ROW_PARAMS), values);
    return new Map(rows.map((r) => [String(r.id), r.ended === true]));
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

function describeFailure(runs: readonly AppendRun[], cause: unknown): Error {
  const what = runs.map((r) => `${r.streamId} ${r.frames[0]?.frame.header.seq}..${r.frames.at(-1)?.frame.header.seq}`).join(', ');
  return new Error(`Storing frames failed (${what})`, { cause });
}
