import { pgTable, timestamp } from 'drizzle-orm/pg-core';
import { bytea } from '../../db/bytea.ts';
import { userReference } from '../users/users.table.ts';

/** E-mail verification tokens, stored only as keyed hashes; single use, 24 h. */
export const emailTokens = pgTable('email_tokens', {
  tokenHash: bytea('token_hash').primaryKey(),
  userId: userReference('user_id'),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
