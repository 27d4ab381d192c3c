import { sql } from 'drizzle-orm';
import { bigint, check, index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { bytea } from '../../db/bytea.ts';

/**
 * Witness cosignatures of the log's tree heads (docs/PROTOCOL.md §10, "Witness"): the newest
 * cosignature each witness key made for each tree size ([Note: tree head cosignature] in
 * @seccam/schema). Written by `WitnessCosignatures` only, after it checked the log's signature
 * of the head, that the root is this log's root at that size and the witness's signature; a
 * client checks the cosignature itself, so a row edited in the database only makes clients
 * that require the witness refuse the head.
 */
export const treeHeadCosignatures = pgTable(
  'tree_head_cosignatures',
  {
    /** SHA-256 of the witness key's SPKI DER. */
    witnessKeyId: bytea('witness_key_id').notNull(),
    witnessName: text('witness_name').notNull(),
    treeSize: bigint('tree_size', { mode: 'number' }).notNull(),
    rootHash: bytea('root_hash').notNull(),
    cosignedAt: timestamp('cosigned_at', { withTimezone: true, precision: 3 }).notNull(),
    /** Raw r||s, 64 bytes. */
    signature: bytea('signature').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.witnessKeyId, t.treeSize] }),
    check(
      'tree_head_cosignatures_sizes',
      sql`${t.treeSize} >= 0 AND octet_length(${t.rootHash}) = 32 AND octet_length(${t.signature}) = 64`,
    ),
    index('tree_head_cosignatures_head').on(t.treeSize, t.rootHash),
  ],
);

export type TreeHeadCosignatureRow = typeof treeHeadCosignatures.$inferSelect;
