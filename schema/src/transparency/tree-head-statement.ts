/**
 * The bytes a transparency log signs for its tree head, and a witness cosigns (docs/PROTOCOL.md §10).
 *
 * [Note: tree head statement]
 * A tree head says "log `logIdHex` held `treeSize` entries with root hash `rootHashHex` at
 * `timestamp`". The log signs it with its own statement key (never the CA key), and a witness
 * that has checked it against the heads it saw before cosigns the very same bytes with its own
 * key. `logIdHex` is the log key's id (SHA-256 of its SPKI DER, `StatementKey.keyIdHex` in
 * @seccam/pki), so a head names the key that must have signed it and a cosignature cannot be
 * moved to another log. UTF-8 of five lines joined by `\n`, no trailing newline:
 *   seccam-tree-head/v1
 *   log=<logIdHex: 64 lower-case hex digits>
 *   size=<treeSize: decimal, no leading zeros, 0 … 2^53 - 1>
 *   root=<rootHashHex: 64 lower-case hex digits, the RFC 9162 MTH of the first treeSize entries>
 *   time=<timestamp: ISO 8601 UTC with milliseconds, years 0000 … 9999>
 * Every field has one spelling, so decoding and re-encoding gives the same bytes, and the first
 * line (which no other statement starts with) keeps the signature from being replayed as one.
 */
import { assertCanonical, decodeLabelledLines, encodeLabelledLines } from './labelled-lines.ts';

export const TREE_HEAD_STATEMENT_VERSION = 'seccam-tree-head/v1';

export interface TreeHeadFields {
  /** Id of the log's key: lower-case hex SHA-256 of its SPKI DER. */
  readonly logIdHex: string;
  /** Number of entries, 0 … 2^53 - 1. */
  readonly treeSize: number;
  /** Root hash of the first `treeSize` entries, lower-case hex (32 bytes). */
  readonly rootHashHex: string;
  /** When the log made the head. */
  readonly timestamp: Date;
}

/** Longest possible statement; anything longer is refused before it is read. */
export const MAX_TREE_HEAD_STATEMENT_BYTES = 256;

const HASH_HEX = /^[0-9a-f]{64}$/;
const SIZE = /^(?:0|[1-9][0-9]{0,15})$/;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const LABELS = ['log=', 'size=', 'root=', 'time='] as const;

/** Returns a reason string when the fields cannot form a statement, else null. Tolerates any shape. */
export function treeHeadStatementProblem(fields: unknown): string | null {
  if (typeof fields !== 'object' || fields === null) return 'a tree head is { logIdHex, treeSize, rootHashHex, timestamp }';
  const { logIdHex, treeSize, rootHashHex, timestamp } = fields as Partial<Record<keyof TreeHeadFields, unknown>>;
  if (typeof logIdHex !== 'string' || !HASH_HEX.test(logIdHex)) return 'logIdHex must be 64 lower-case hex digits';
  if (typeof treeSize !== 'number' || !Number.isSafeInteger(treeSize) || treeSize < 0)
    return 'treeSize must be an integer from 0 to 2^53 - 1';
  if (typeof rootHashHex !== 'string' || !HASH_HEX.test(rootHashHex)) return 'rootHashHex must be 64 lower-case hex digits';
  if (!(timestamp instanceof Date) || Number.isNaN(timestamp.getTime()) || !ISO_MS.test(timestamp.toISOString())) {
    return 'timestamp must be a valid date in the years 0000 to 9999';
  }
  return null;
}

/** The UTF-8 bytes to sign ([Note: tree head statement]). Throws a TypeError on fields {@link treeHeadStatementProblem} refuses. */
export function encodeTreeHeadStatement(fields: TreeHeadFields): Uint8Array<ArrayBuffer> {
  const problem = treeHeadStatementProblem(fields);
  if (problem !== null) throw new TypeError(`invalid tree head statement: ${problem}`);
  const values = [fields.logIdHex, String(fields.treeSize), fields.rootHashHex, fields.timestamp.toISOString()];
  return encodeLabelledLines(TREE_HEAD_STATEMENT_VERSION, LABELS, values);
}

/**
 * Reads statement bytes back into fields, accepting only the canonical encoding (re-encoding the
 * result gives the same bytes). Throws a TypeError naming the first problem.
 */
export function decodeTreeHeadStatement(bytes: Uint8Array): TreeHeadFields {
  const values = decodeLabelledLines(bytes, 'tree head statement', TREE_HEAD_STATEMENT_VERSION, LABELS, MAX_TREE_HEAD_STATEMENT_BYTES);
  const [logIdHex = '', size = '', rootHashHex = '', time = ''] = values;
  if (!SIZE.test(size)) throw new TypeError('size must be decimal without leading zeros');
  if (!ISO_MS.test(time)) throw new TypeError('time must be ISO 8601 UTC with milliseconds');
  const fields: TreeHeadFields = { logIdHex, treeSize: Number(size), rootHashHex, timestamp: new Date(time) };
  assertCanonical(bytes, encodeTreeHeadStatement(fields), 'tree head statement');
  return fields;
}
