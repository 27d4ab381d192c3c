/**
 * Baselines for storage: raw inserts of frame-sized `bytea` rows, single-row and in 10-row
 * batches, on as many connections as the API's pool (PostgreSQL) or on one in-memory PGlite —
 * nothing but the database's own cost of storing the bytes, in a table shaped like `chunks`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { stats, type Stats } from '../stats.ts';

export interface RawInsertResult {
  readonly connections: number;
  readonly rowsPerStatement: number;
  readonly mbPerSecond: number;
  readonly rowsPerSecond: number;
  /** Per statement. */
  readonly latencyMs: Stats;
}

const TABLE = `CREATE TABLE raw_frames (stream_id uuid NOT NULL, seq bigint NOT NULL, frame bytea NOT NULL,
  stored_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (stream_id, seq));
  ALTER TABLE raw_frames ALTER COLUMN frame SET STORAGE EXTERNAL`;

interface Runner {
  query(text: string, params: unknown[]): Promise<unknown>;
}

function insertSql(rows: number): string {
  const values = Array.from({ length: rows }, (_, i) => `($1, $${String(i * 2 + 2)}, $${String(i * 2 + 3)})`);
  return `INSERT INTO raw_frames (stream_id, seq, frame) VALUES ${values.join(', ')}`;
}

async function loop(runner: Runner, rows: number, frameBytes: number, endAt: number, latencies: number[]): Promise<number> {
  const stream = randomUUID();
  const frames = Array.from({ length: 16 }, () => randomBytes(frameBytes));
  const text = insertSql(rows);
  let seq = 0;
  while (performance.now() < endAt) {
    const params: unknown[] = [stream];
    for (let i = 0; i < rows; i++) params.push(seq + i, frames[(seq + i) % frames.length]);
    const t = performance.now();
    await runner.query(text, params);
    latencies.push(performance.now() - t);
    seq += rows;
  }
  return seq;
}

/** Inserts for `seconds` on `connections` connections of the PostgreSQL database at `url` (which it may write to), or on PGlite. */
export async function rawInserts(
  url: string | undefined,
  connections: number,
  rows: number,
  frameBytes: number,
  seconds: number,
): Promise<RawInsertResult> {
  const latencies: number[] = [];
  let total = 0;
  let elapsed = 0;
  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: connections });
    await pool.query('DROP TABLE IF EXISTS raw_frames');
    await pool.query(TABLE);
    const t0 = performance.now();
    const counts = await Promise.all(
      Array.from({ length: connections }, () => loop(pool, rows, frameBytes, t0 + seconds * 1000, latencies)),
    );
    elapsed = (performance.now() - t0) / 1000;
    total = counts.reduce((a, b) => a + b, 0);
    await pool.query('DROP TABLE raw_frames');
    await pool.end();
  } else {
    const db = await PGlite.create();
    await db.exec(TABLE);
    const t0 = performance.now();
    total = await loop(db, rows, frameBytes, t0 + seconds * 1000, latencies);
    elapsed = (performance.now() - t0) / 1000;
    await db.close();
  }
  return {
    connections: url ? connections : 1,
    rowsPerStatement: rows,
    mbPerSecond: Math.round(((total * frameBytes) / elapsed / 1e6) * 10) / 10,
    rowsPerSecond: Math.round(total / elapsed),
    latencyMs: stats(latencies),
  };
}
