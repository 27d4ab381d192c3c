import { sql } from 'drizzle-orm';
import { bigint, check, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { USERNAME_PATTERN } from '@seccam/schema';
import { bytea } from '../../db/bytea.ts';

export const ROLES = ['driver', 'dispatcher'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Accounts. PII is minimal: the e-mail address is stored AES-GCM-encrypted under a server key,
 * with a keyed hash (HMAC) for uniqueness; the TOTP secret is encrypted likewise.
 */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull().unique(),
    role: text('role', { enum: ROLES }).notNull(),
    fullName: text('full_name'),
    organisation: text('organisation'),
    country: text('country'),
    emailCiphertext: bytea('email_ciphertext').notNull(),
    emailHash: bytea('email_hash').notNull().unique(),
    emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
    totpSecretCiphertext: bytea('totp_secret_ciphertext').notNull(),
    totpConfirmedAt: timestamp('totp_confirmed_at', { withTimezone: true }),
    /** Last accepted RFC 6238 time step: each step is usable once. */
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    /** Opaque end-to-end-encrypted profile blob the server cannot read. */
    e2eeProfile: bytea('e2ee_profile'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The literal SQL the migrations hold: '^[a-z0-9]{3,32}$' ([Note: the username rule]).
    check('users_username_format', sql`${t.username} ~ ${sql.raw(`'${USERNAME_PATTERN.source}'`)}`),
    check(
      'users_dispatcher_identity',
      sql`${t.role} <> 'dispatcher' OR (${t.organisation} IS NOT NULL AND ${t.country} IS NOT NULL AND ${t.fullName} IS NOT NULL)`,
    ),
  ],
);

export type UserRow = typeof users.$inferSelect;

/** A row's owning user: `<column> uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE`. */
export const userReference = (column: string) =>
  uuid(column)
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' });
