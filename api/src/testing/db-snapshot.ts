/**
 * A fingerprint of the tables a refused request must not change, to assert "nothing changed in
 * the database". Tables that record refusals on purpose (audit log, login throttle, consumed
 * challenges) are left out.
 */
import { createHash } from 'node:crypto';
import { asc } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { certificates, emailTokens, sessions, users } from '../db/schema.ts';

export async function accountTablesSnapshot(db: Db): Promise<string> {
  const rows = {
    users: await db.select().from(users).orderBy(asc(users.id)),
    certificates: await db.select().from(certificates).orderBy(asc(certificates.serialHex)),
    sessions: await db.select().from(sessions).orderBy(asc(sessions.id)),
    emailTokens: await db.select().from(emailTokens).orderBy(asc(emailTokens.userId)),
  };
  const json = JSON.stringify(rows, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v));
  return createHash('sha256').update(json).digest('hex');
}
