import { sql } from 'drizzle-orm';
import { bigint, check, index, pgTable, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { bytea } from '../../db/bytea.ts';

/**
 * The certificate transparency log (docs/PROTOCOL.md §10): entry `index` of the RFC 9162 tree
 * is `leaf` ([Note: log entry] in @seccam/schema), `leaf_hash` its leaf hash. Append-only
 * (UPDATE, DELETE and TRUNCATE refused by triggers, migration 0007); rows are written by
 * `TransparencyService` only, under its advisory lock, so the indices are 0, 1, 2, … with no gap.
 *
 * [Note: log columns follow the leaf]
 * `entry_type` and `certificate_sha256` repeat what the leaf says, for lookups (a certificate's
 * leaf index, the revocation of a certificate); CHECK constraints make the database itself hold
 * them to the leaf — and `leaf_hash` to SHA-256(0x00 || leaf) — so the tree the server loads
 * from `leaf_hash` alone is the tree of the leaves it hands to monitors. `serial_hex` and
 * `username` come from the certificate's X.509 fields, which SQL cannot read: a monitor that
 * lists a username's certificates checks each certificate's subject itself.
 */
export const logEntries = pgTable(
  'log_entries',
  {
    index: bigint('index', { mode: 'number' }).primaryKey(),
    leaf: bytea('leaf').notNull(),
    leafHash: bytea('leaf_hash').notNull(),
    /** The leaf's type byte: 1 certificate issued, 2 certificate revoked. */
    entryType: smallint('entry_type').notNull(),
    /** SHA-256 of the certificate DER the entry is about. */
    certificateSha256: bytea('certificate_sha256').notNull(),
    serialHex: text('serial_hex').notNull(),
    /** The certificate subject's username. */
    username: text('username').notNull(),
    loggedAt: timestamp('logged_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('log_entries_index_range', sql`${t.index} >= 0`),
    check('log_entries_leaf_hash', sql`${t.leafHash} = sha256('\\x00'::bytea || ${t.leaf})`),
    check('log_entries_entry_type', sql`${t.entryType} IN (1, 2) AND get_byte(${t.leaf}, 0) = ${t.entryType}`),
    check(
      'log_entries_certificate_sha256',
      sql`CASE ${t.entryType} WHEN 1 THEN ${t.certificateSha256} = sha256(substring(${t.leaf} FROM 2)) ELSE ${t.certificateSha256} = substring(${t.leaf} FROM 2 FOR 32) END`,
    ),
    // A certificate is logged as issued once, and as revoked at most once.
    uniqueIndex('log_entries_certificate_once').on(t.certificateSha256, t.entryType),
    index('log_entries_serial').on(t.serialHex),
    index('log_entries_username').on(t.username),
  ],
);

export type LogEntryRow = typeof logEntries.$inferSelect;
