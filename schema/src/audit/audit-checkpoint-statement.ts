/**
 * The bytes the server signs to checkpoint its audit log.
 *
 * [Note: audit checkpoint]
 * The audit log is an HMAC chain (the API's audit.service.ts): whoever holds the HMAC key can
 * check it, but also rebuild it. A checkpoint pins the chain at one point — "the log had
 * `entryCount` entries and the last one's MAC was `headMacHex`" — signed with a key of its own
 * (not derived from the master secret, kept in its own file), at intervals and at shutdown. A
 * cut-off tail, a TRUNCATE with the trigger disabled or a rebuilt chain then contradicts a
 * signed checkpoint (or one the operator copied elsewhere) and `npm run audit -- verify` says so.
 *
 * UTF-8 of four lines joined by `\n`, no trailing newline:
 *   seccam-audit-checkpoint/v1
 *   <entryCount, decimal, no leading zeros>
 *   <headMacHex, 64 lower-case hex digits>
 *   <at, ISO 8601 UTC with milliseconds, e.g. 2026-12-01T21:40:00.000Z>
 */
export const AUDIT_CHECKPOINT_STATEMENT_VERSION = 'seccam-audit-checkpoint/v1';

export interface AuditCheckpointFields {
  readonly entryCount: number;
  readonly headMacHex: string;
  readonly at: Date;
}

const HEAD = /^[0-9a-f]{64}$/;

/** @throws Error when a field cannot be part of a checkpoint statement */
export function encodeAuditCheckpointStatement(fields: AuditCheckpointFields): Uint8Array<ArrayBuffer> {
  if (!Number.isSafeInteger(fields.entryCount) || fields.entryCount < 0) throw new Error('entryCount must be a non-negative safe integer');
  if (!HEAD.test(fields.headMacHex)) throw new Error('headMacHex must be 64 lower-case hex digits');
  if (Number.isNaN(fields.at.getTime())) throw new Error('at must be a valid date');
  const text = [AUDIT_CHECKPOINT_STATEMENT_VERSION, String(fields.entryCount), fields.headMacHex, fields.at.toISOString()].join('\n');
  return new TextEncoder().encode(text);
}
