/**
 * TOTP (RFC 6238: https://www.rfc-editor.org/rfc/rfc6238) with otplib 13.
 *
 * [Note: one-time TOTP]
 * A code is accepted within ±1 step (30 s) and each time step at most once per account: the
 * accepted step is stored with a conditional UPDATE (`… WHERE last_step IS NULL OR last_step
 * < step`), so two concurrent logins presenting the same code cannot both pass.
 */
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { generateSecret, generateURI, verify } from 'otplib';
import type { Db } from '../../db/client.ts';
import { users } from '../users/users.table.ts';

export const TOTP_ISSUER = 'SecCam';

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(username: string, secret: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: username, secret });
}

/** The accepted time step for `token`, or null. Refuses steps at or before `afterStep`. */
export async function checkTotp(secret: string, token: string, afterStep: number | null): Promise<number | null> {
  if (!/^\d{6}$/.test(token)) return null;
  const result = await verify({
    secret,
    token,
    epochTolerance: 30,
    ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

/** Atomically records `step` as used; false when another request already used it (or a later one). */
export async function consumeTotpStep(db: Db, userId: string, step: number): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  return rows.length === 1;
}
