import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, primaryKey, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bytea } from '../../db/bytea.ts';
import { userReference } from '../users/users.table.ts';

/**
 * One recording. The driver's `sig` certificate is fixed at creation: it roots the hash chain
 * (genesis) and verifies every frame. `lastSeq`/`chainHead`/`lastEpoch` are the committed head,
 * updated in the same transaction as each chunk insert.
 */
export const streams = pgTable(
  'streams',
  {
    id: uuid('id').primaryKey(),
    ownerId: userReference('owner_id'),
    sigCertSerial: text('sig_cert_serial').notNull(),
    title: text('title').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Capture time of the first frame (ms since the epoch). */
    startedAt: timestamp('started_at', { withTimezone: true }),
    /** Set when the signed END frame was stored. */
    endedAt: timestamp('ended_at', { withTimezone: true }),
    lastSeq: bigint('last_seq', { mode: 'number' }),
    lastEpoch: bigint('last_epoch', { mode: 'number' }),
    chainHead: bytea('chain_head').notNull(),
    frameCount: integer('frame_count').notNull().default(0),
    byteCount: bigint('byte_count', { mode: 'number' }).notNull().default(0),
  },
  (t) => [index('streams_owner').on(t.ownerId, t.createdAt)],
);

/** A row of one stream: `stream_id uuid NOT NULL REFERENCES streams(id) ON DELETE CASCADE`. */
export const streamReference = () =>
  uuid('stream_id')
    .notNull()
    .references(() => streams.id, { onDelete: 'cascade' });

/**
 * Frames exactly as signed, split in their three parts. The server never decrypts them.
 * `ciphertext` uses STORAGE EXTERNAL (migration 0003): already-encrypted bytes do not compress.
 */
export const chunks = pgTable(
  'chunks',
  {
    streamId: streamReference(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    epoch: bigint('epoch', { mode: 'number' }).notNull(),
    flags: smallint('flags').notNull(),
    captureTs: bigint('capture_ts', { mode: 'number' }).notNull(),
    header: bytea('header').notNull(),
    ciphertext: bytea('ciphertext').notNull(),
    signature: bytea('signature').notNull(),
    chainHash: bytea('chain_hash').notNull(),
    storedAt: timestamp('stored_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.streamId, t.seq] }), check('chunks_seq_nonnegative', sql`${t.seq} >= 0`)],
);

export type StreamRow = typeof streams.$inferSelect;
export type ChunkRow = typeof chunks.$inferSelect;
