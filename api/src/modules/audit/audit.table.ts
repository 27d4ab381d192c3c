import { bigint, bigserial, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { bytea } from '../../db/bytea.ts';

/**
 * Append-only, hash-chained audit log: `mac = HMAC(auditKey, prevMac || canonical(entry))`.
 * Any modified, deleted, reordered or truncated entry breaks the chain (see audit.service.ts).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    subject: text('subject').notNull(),
    detail: text('detail').notNull(),
    ip: text('ip').notNull(),
    mac: bytea('mac').notNull(),
  },
  // A recording's access history reads its entries newest first (access-history.service.ts).
  (t) => [index('audit_log_subject').on(t.subject, t.id)],
);

export type AuditRow = typeof auditLog.$inferSelect;

/**
 * Signed checkpoints of the audit chain ([Note: audit checkpoint] in @seccam/schema): entry
 * count and head MAC at `at`, signed by the checkpoint key named by `keyId`. Append-only too.
 */
export const auditCheckpoints = pgTable('audit_checkpoints', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  entryCount: bigint('entry_count', { mode: 'number' }).notNull(),
  headMac: bytea('head_mac').notNull(),
  keyId: text('key_id').notNull(),
  signature: bytea('signature').notNull(),
});

export type AuditCheckpointRow = typeof auditCheckpoints.$inferSelect;
