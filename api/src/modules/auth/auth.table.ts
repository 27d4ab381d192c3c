import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bytea } from '../../db/bytea.ts';

/**
 * Login challenges. Rows exist for unknown usernames too, so a challenge never reveals
 * whether an account exists.
 */
export const loginChallenges = pgTable(
  'login_challenges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull(),
    nonce: bytea('nonce').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('login_challenges_expires').on(t.expiresAt)],
);

/**
 * Failed-attempt counters with exponential backoff, keyed `account:<username>` or `ip:<address>`.
 * Keyed by username rather than user id so unknown usernames lock exactly like real ones.
 */
export const loginThrottle = pgTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
