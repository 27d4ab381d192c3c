import { bigserial, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { bytea } from '../../db/bytea.ts';

/**
 * Append-only, hash-chained audit log: `mac = HMAC(auditKey, prevMac || canonical(entry))`.
 * Any modified, deleted, reordered or truncated entry breaks the chain (see audit-chain.ts).
 */
export const auditLog = pgTable('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  subject: text('subject').notNull(),
  detail: text('detail').notNull(),
  ip: text('ip').notNull(),
  mac: bytea('mac').notNull(),
});

export type AuditRow = typeof auditLog.$inferSelect;
