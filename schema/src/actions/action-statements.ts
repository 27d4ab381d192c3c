/**
 * Proof-of-possession statements (docs/PROTOCOL.md, "Action statements").
 *
 * [Note: action statements]
 * A session cookie proves a login, not possession of the account's keys. The actions a stolen
 * cookie must not be able to take — revoking a grant, revoking a certificate, deleting a stream,
 * taking over a live ingest — each need a fresh signature by the account's current `sig` key over
 * one of these statements. Each starts with its own domain string (so no signature made for one
 * kind, or for a grant, can be replayed as another), names its subject and the acting account, and
 * carries `at`: the server accepts it only within {@link ACTION_STATEMENT_MAX_SKEW_MS} of its own
 * clock. Single use follows from the subject: a grant, a certificate or a stream can be revoked or
 * deleted once, so a replay inside the window finds nothing left to do; an ingest takeover must be
 * later than the last one the server accepted for that stream ([Note: ingest takeover freshness]).
 * Fields are validated to closed alphabets so no separator can be smuggled in.
 */
import { USERNAME_PATTERN, USERNAME_RULE } from '../account/username.ts';
import { isUuid } from '../binary/uuid.ts';

/** How far `at` may be from the server's clock, either way. */
export const ACTION_STATEMENT_MAX_SKEW_MS = 5 * 60 * 1000;

export const GRANT_REVOCATION_STATEMENT_VERSION = 'seccam-grant-revocation/v1';
export const CERTIFICATE_REVOCATION_STATEMENT_VERSION = 'seccam-certificate-revocation/v1';
export const STREAM_DELETION_STATEMENT_VERSION = 'seccam-stream-deletion/v1';
export const INGEST_TAKEOVER_STATEMENT_VERSION = 'seccam-ingest-takeover/v1';

/** A driver ends a grant it gave. */
export interface GrantRevocationFields {
  readonly grantId: string;
  readonly driver: string;
  readonly dispatcher: string;
  readonly revokedAt: Date;
}

/** A holder revokes one of its own certificates. */
export interface CertificateRevocationFields {
  /** Lower-case hex serial of the certificate revoked. */
  readonly serialHex: string;
  readonly holder: string;
  readonly revokedAt: Date;
}

/** An owner deletes one of its streams. */
export interface StreamDeletionFields {
  readonly streamId: string;
  readonly owner: string;
  readonly at: Date;
}

/** A recorder takes the ingest socket of its own live stream over from another connection. */
export interface IngestTakeoverFields {
  readonly streamId: string;
  readonly username: string;
  readonly at: Date;
}

const SERIAL = /^[0-9a-f]{1,64}$/;

function userProblem(...names: string[]): string | null {
  return names.every((n) => typeof n === 'string' && USERNAME_PATTERN.test(n)) ? null : `usernames must be ${USERNAME_RULE}`;
}

function dateProblem(d: Date): string | null {
  return d instanceof Date && !Number.isNaN(d.getTime()) ? null : 'the time must be a valid date';
}

function uuidProblem(id: string, name: string): string | null {
  return typeof id === 'string' && isUuid(id) ? null : `${name} must be a lower-case UUID`;
}

/** Returns a reason when the fields cannot form a statement, else null. */
export function grantRevocationProblem(f: GrantRevocationFields): string | null {
  return uuidProblem(f.grantId, 'grantId') ?? userProblem(f.driver, f.dispatcher) ?? dateProblem(f.revokedAt);
}

/** Returns a reason when the fields cannot form a statement, else null. */
export function certificateRevocationProblem(f: CertificateRevocationFields): string | null {
  if (typeof f.serialHex !== 'string' || !SERIAL.test(f.serialHex)) return 'serialHex must be lower-case hex';
  return userProblem(f.holder) ?? dateProblem(f.revokedAt);
}

/** Returns a reason when the fields cannot form a statement, else null. */
export function streamDeletionProblem(f: StreamDeletionFields): string | null {
  return uuidProblem(f.streamId, 'streamId') ?? userProblem(f.owner) ?? dateProblem(f.at);
}

/** Returns a reason when the fields cannot form a statement, else null. */
export function ingestTakeoverProblem(f: IngestTakeoverFields): string | null {
  return uuidProblem(f.streamId, 'streamId') ?? userProblem(f.username) ?? dateProblem(f.at);
}

function encode(kind: string, problem: string | null, lines: () => readonly string[]): Uint8Array {
  if (problem) throw new TypeError(`invalid ${kind} statement: ${problem}`);
  return new TextEncoder().encode(lines().join('\n'));
}

/** The UTF-8 bytes a driver signs to revoke a grant. Throws on fields {@link grantRevocationProblem} refuses. */
export function encodeGrantRevocationStatement(f: GrantRevocationFields): Uint8Array {
  return encode('grant revocation', grantRevocationProblem(f), () => [
    GRANT_REVOCATION_STATEMENT_VERSION,
    `grant=${f.grantId}`,
    `driver=${f.driver}`,
    `dispatcher=${f.dispatcher}`,
    `revoked=${f.revokedAt.toISOString()}`,
  ]);
}

/** The UTF-8 bytes a holder signs to revoke its certificate. Throws on fields {@link certificateRevocationProblem} refuses. */
export function encodeCertificateRevocationStatement(f: CertificateRevocationFields): Uint8Array {
  return encode('certificate revocation', certificateRevocationProblem(f), () => [
    CERTIFICATE_REVOCATION_STATEMENT_VERSION,
    `serial=${f.serialHex}`,
    `holder=${f.holder}`,
    `revoked=${f.revokedAt.toISOString()}`,
  ]);
}

/** The UTF-8 bytes an owner signs to delete a stream. Throws on fields {@link streamDeletionProblem} refuses. */
export function encodeStreamDeletionStatement(f: StreamDeletionFields): Uint8Array {
  return encode('stream deletion', streamDeletionProblem(f), () => [
    STREAM_DELETION_STATEMENT_VERSION,
    `stream=${f.streamId}`,
    `owner=${f.owner}`,
    `at=${f.at.toISOString()}`,
  ]);
}

/** The UTF-8 bytes a recorder signs to take over a live ingest. Throws on fields {@link ingestTakeoverProblem} refuses. */
export function encodeIngestTakeoverStatement(f: IngestTakeoverFields): Uint8Array {
  return encode('ingest takeover', ingestTakeoverProblem(f), () => [
    INGEST_TAKEOVER_STATEMENT_VERSION,
    `stream=${f.streamId}`,
    `user=${f.username}`,
    `at=${f.at.toISOString()}`,
  ]);
}

/** True when `at` is within {@link ACTION_STATEMENT_MAX_SKEW_MS} of `now`. */
export function isFreshActionTime(at: Date, now: number = Date.now()): boolean {
  return !Number.isNaN(at.getTime()) && Math.abs(at.getTime() - now) <= ACTION_STATEMENT_MAX_SKEW_MS;
}
