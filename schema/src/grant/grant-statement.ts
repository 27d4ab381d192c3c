/**
 * The canonical text a driver signs to grant a dispatcher access (docs/ARCHITECTURE.md, "Sharing and revocation").
 *
 * [Note: grant statement]
 * Both the driver's client (which signs) and the server (which verifies before storing) build
 * the same bytes from the same fields, so the signature proves the driver consented to exactly
 * this recipient certificate, scope and expiry. Every field is validated to a closed alphabet
 * (no separators can be smuggled in); stream ids are sorted so order does not matter.
 */
import { USERNAME_PATTERN, USERNAME_RULE } from '../account/username.ts';
import { isUuid } from '../binary/uuid.ts';
import { MAX_GRANT_STREAM_IDS, type GrantScope } from './grant-scope.ts';

export const GRANT_STATEMENT_VERSION = 'seccam-grant/v1';

export interface GrantStatementFields {
  readonly grantId: string;
  readonly driver: string;
  readonly dispatcher: string;
  /** Lower-case hex serial of the dispatcher's `enc` certificate the keys are wrapped to. */
  readonly dispatcherEncSerial: string;
  readonly scope: GrantScope;
  /** Empty for scope `all`; at least one for scope `streams`. */
  readonly streamIds: readonly string[];
  readonly expiresAt: Date | null;
  readonly createdAt: Date;
}

const SERIAL = /^[0-9a-f]{1,64}$/;

/** Returns a reason string when the fields cannot form a statement, else null. */
export function grantStatementProblem(f: GrantStatementFields): string | null {
  if (!isUuid(f.grantId)) return 'grantId must be a lower-case UUID';
  if (!USERNAME_PATTERN.test(f.driver) || !USERNAME_PATTERN.test(f.dispatcher)) return `usernames must be ${USERNAME_RULE}`;
  if (f.driver === f.dispatcher) return 'a driver cannot grant to itself';
  if (!SERIAL.test(f.dispatcherEncSerial)) return 'dispatcherEncSerial must be lower-case hex';
  if (f.scope === 'all' && f.streamIds.length > 0) return 'scope all takes no stream ids';
  if (f.scope === 'streams' && (f.streamIds.length === 0 || f.streamIds.length > MAX_GRANT_STREAM_IDS)) {
    return `scope streams takes 1 to ${MAX_GRANT_STREAM_IDS} stream ids`;
  }
  if (f.streamIds.some((id) => !isUuid(id)) || new Set(f.streamIds).size !== f.streamIds.length) return 'stream ids must be distinct UUIDs';
  if (Number.isNaN(f.createdAt.getTime()) || (f.expiresAt && Number.isNaN(f.expiresAt.getTime()))) return 'dates must be valid';
  if (f.expiresAt && f.expiresAt.getTime() <= f.createdAt.getTime()) return 'expiresAt must be after createdAt';
  return null;
}

/** The UTF-8 bytes to sign. Throws on fields that {@link grantStatementProblem} refuses. */
export function encodeGrantStatement(f: GrantStatementFields): Uint8Array {
  const problem = grantStatementProblem(f);
  if (problem) throw new TypeError(`invalid grant statement: ${problem}`);
  const lines = [
    GRANT_STATEMENT_VERSION,
    `grant=${f.grantId}`,
    `driver=${f.driver}`,
    `dispatcher=${f.dispatcher}`,
    `dispatcher-enc-serial=${f.dispatcherEncSerial}`,
    `scope=${f.scope}`,
    `streams=${[...f.streamIds].sort().join(',')}`,
    `expires=${f.expiresAt ? f.expiresAt.toISOString() : '-'}`,
    `created=${f.createdAt.toISOString()}`,
  ];
  return new TextEncoder().encode(lines.join('\n'));
}
