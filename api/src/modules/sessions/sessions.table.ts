import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { userReference } from '../users/users.table.ts';

/**
 * Server-side session rows. The cookie only carries the row id (encrypted); deleting or
 * revoking the row ends the session at once ("log out everywhere").
 */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: userReference('user_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    /** Absolute limit, whatever the sliding window says. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

export type SessionRow = typeof sessions.$inferSelect;
