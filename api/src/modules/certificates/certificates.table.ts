import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { userReference } from '../users/users.table.ts';

export const CERTIFICATE_KINDS = ['sig', 'enc'] as const;
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];

/** Certificates issued by the platform's intermediate CA (one sig + one enc per user). */
export const certificates = pgTable(
  'certificates',
  {
    serialHex: text('serial_hex').primaryKey(),
    userId: userReference('user_id'),
    kind: text('kind', { enum: CERTIFICATE_KINDS }).notNull(),
    pem: text('pem').notNull(),
    notBefore: timestamp('not_before', { withTimezone: true }).notNull(),
    notAfter: timestamp('not_after', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revocationReason: text('revocation_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('certificates_user_kind').on(t.userId, t.kind)],
);

export type CertificateRow = typeof certificates.$inferSelect;
