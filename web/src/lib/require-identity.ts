import type { Identity } from '@seccam/device';
import type { Session } from '../features/identity/session';

/**
 * The opened bundle's keys, for an action that signs or decrypts.
 * @throws Error that tells the user what to do when the keys are gone (signed out, or forgotten on expiry)
 */
export function requireIdentity(session: Pick<Session, 'identity'>): Identity {
  const identity = session.identity();
  if (identity === undefined) throw new Error('Your keys are no longer open in this tab: sign in again, then retry.');
  return identity;
}
