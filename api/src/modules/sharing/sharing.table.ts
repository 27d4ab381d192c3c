import { index, pgTable, text, timestamp, uuid, bigint, primaryKey } from 'drizzle-orm/pg-core';
import { GRANT_SCOPES } from '@seccam/schema';
import { bytea } from '../../db/bytea.ts';
import { streamReference } from '../streams/streams.table.ts';
import { userReference } from '../users/users.table.ts';

/**
 * A driver's signed permission for one dispatcher (bound to the dispatcher's `enc` certificate)
 * to watch all of the driver's streams or the listed ones, until `expiresAt` or revocation.
 */
export const grants = pgTable(
  'grants',
  {
    id: uuid('id').primaryKey(),
    driverId: userReference('driver_id'),
    dispatcherId: userReference('dispatcher_id'),
    dispatcherEncSerial: text('dispatcher_enc_serial').notNull(),
    scope: text('scope', { enum: GRANT_SCOPES }).notNull(),
    streamIds: uuid('stream_ids').array().notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** The driver's ECDSA signature over the canonical grant statement (see grant-statement.ts). */
    signature: bytea('signature').notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('grants_driver').on(t.driverId), index('grants_dispatcher').on(t.dispatcherId)],
);

/**
 * Wrapped epoch secrets, one row per (stream, epoch, recipient certificate). Each row carries the
 * driver's signature over a key set of that one entry, so deleting a row (revocation) removes
 * every trace of the recipient's key without invalidating anyone else's.
 */
export const epochKeys = pgTable(
  'epoch_keys',
  {
    streamId: streamReference(),
    epoch: bigint('epoch', { mode: 'number' }).notNull(),
    recipientSerial: text('recipient_serial').notNull(),
    recipientId: userReference('recipient_id'),
    wrappedKey: bytea('wrapped_key').notNull(),
    signature: bytea('signature').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.streamId, t.epoch, t.recipientSerial] }), index('epoch_keys_recipient').on(t.recipientId)],
);

export type GrantRow = typeof grants.$inferSelect;
export type EpochKeyRow = typeof epochKeys.$inferSelect;
