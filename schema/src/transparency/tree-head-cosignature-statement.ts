/**
 * The bytes an independent witness signs when it cosigns a transparency log's tree head
 * (docs/PROTOCOL.md §10, "Witness").
 *
 * [Note: tree head cosignature]
 * A cosignature says "witness `witnessName`, holding the key `witnessKeyIdHex`, checked at
 * `cosignedAt` that log `logIdHex`'s tree of `treeSize` entries with root `rootHashHex` extends
 * every head of that log it cosigned before". It is not the log's statement signed again: its
 * own first line keeps a cosignature from ever passing as a log signature (or any other signed
 * statement) and the other way round, and it names the witness and its key, so a cosignature
 * cannot be moved to another witness. It leaves out the head's own `time=`: the log re-signs the
 * same size and root with a fresh time (at most every 60 s), and what the witness vouches for is
 * the size and root, at the time it checked them. UTF-8 of seven lines joined by `\n`, no
 * trailing newline:
 *   seccam-tree-head-cosignature/v1
 *   witness=<witnessName: 1 … 64 of a-z 0-9 . -, starting with a letter or digit>
 *   witness-key=<witnessKeyIdHex: 64 lower-case hex digits, SHA-256 of the witness key's SPKI DER>
 *   log=<logIdHex: 64 lower-case hex digits>
 *   size=<treeSize: decimal, no leading zeros, 0 … 2^53 - 1>
 *   root=<rootHashHex: 64 lower-case hex digits>
 *   time=<cosignedAt: ISO 8601 UTC with milliseconds, years 0000 … 9999>
 * Every field has one spelling, so decoding and re-encoding gives the same bytes.
 */
import { assertCanonical, decodeLabelledLines, encodeLabelledLines } from './labelled-lines.ts';

export const TREE_HEAD_COSIGNATURE_STATEMENT_VERSION = 'seccam-tree-head-cosignature/v1';

export interface TreeHeadCosignatureFields {
  /** The witness's name, as the operators who trust it configured it. */
  readonly witnessName: string;
  /** Id of the witness key: lower-case hex SHA-256 of its SPKI DER. */
  readonly witnessKeyIdHex: string;
  /** Id of the log key whose head was checked. */
  readonly logIdHex: string;
  /** Number of entries of the checked head, 0 … 2^53 - 1. */
  readonly treeSize: number;
  /** Root hash of the checked head, lower-case hex (32 bytes). */
  readonly rootHashHex: string;
  /** When the witness checked and cosigned it. */
  readonly cosignedAt: Date;
}

/** Longest possible statement; anything longer is refused before it is read. */
export const MAX_TREE_HEAD_COSIGNATURE_STATEMENT_BYTES = 512;

/** A witness name: 1 … 64 of `a-z 0-9 . -`, starting with a letter or digit. */
export const WITNESS_NAME = /^[a-z0-9][a-z0-9.-]{0,63}$/;

const HASH_HEX = /^[0-9a-f]{64}$/;
const SIZE = /^(?:0|[1-9][0-9]{0,15})$/;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const LABELS = ['witness=', 'witness-key=', 'log=', 'size=', 'root=', 'time='] as const;

/** True for a string that {@link WITNESS_NAME} accepts. */
export function isWitnessName(value: unknown): value is string {
  return typeof value === 'string' && WITNESS_NAME.test(value);
}

/** Returns a reason string when the fields cannot form a cosignature statement, else null. Tolerates any shape. */
export function treeHeadCosignatureProblem(fields: unknown): string | null {
  if (typeof fields !== 'object' || fields === null)
    return 'a cosignature is { witnessName, witnessKeyIdHex, logIdHex, treeSize, rootHashHex, cosignedAt }';
  const f = fields as Partial<Record<keyof TreeHeadCosignatureFields, unknown>>;
  if (!isWitnessName(f.witnessName)) return 'witnessName must be 1 to 64 of a-z 0-9 . - starting with a letter or digit';
  if (typeof f.witnessKeyIdHex !== 'string' || !HASH_HEX.test(f.witnessKeyIdHex)) return 'witnessKeyIdHex must be 64 lower-case hex digits';
  if (typeof f.logIdHex !== 'string' || !HASH_HEX.test(f.logIdHex)) return 'logIdHex must be 64 lower-case hex digits';
  if (typeof f.treeSize !== 'number' || !Number.isSafeInteger(f.treeSize) || f.treeSize < 0)
    return 'treeSize must be an integer from 0 to 2^53 - 1';
  if (typeof f.rootHashHex !== 'string' || !HASH_HEX.test(f.rootHashHex)) return 'rootHashHex must be 64 lower-case hex digits';
  if (!(f.cosignedAt instanceof Date) || Number.isNaN(f.cosignedAt.getTime()) || !ISO_MS.test(f.cosignedAt.toISOString())) {
    return 'cosignedAt must be a valid date in the years 0000 to 9999';
  }
  return null;
}

/** The UTF-8 bytes a witness signs ([Note: tree head cosignature]). Throws a TypeError on fields {@link treeHeadCosignatureProblem} refuses. */
export function encodeTreeHeadCosignatureStatement(fields: TreeHeadCosignatureFields): Uint8Array<ArrayBuffer> {
  const problem = treeHeadCosignatureProblem(fields);
  if (problem !== null) throw new TypeError(`invalid tree head cosignature statement: ${problem}`);
  const values = [
    fields.witnessName,
    fields.witnessKeyIdHex,
    fields.logIdHex,
    String(fields.treeSize),
    fields.rootHashHex,
    fields.cosignedAt.toISOString(),
  ];
  return encodeLabelledLines(TREE_HEAD_COSIGNATURE_STATEMENT_VERSION, LABELS, values);
}

/**
 * Reads cosignature statement bytes back into fields, accepting only the canonical encoding.
 * Throws a TypeError naming the first problem.
 */
export function decodeTreeHeadCosignatureStatement(bytes: Uint8Array): TreeHeadCosignatureFields {
  const values = decodeLabelledLines(
    bytes,
    'tree head cosignature statement',
    TREE_HEAD_COSIGNATURE_STATEMENT_VERSION,
    LABELS,
    MAX_TREE_HEAD_COSIGNATURE_STATEMENT_BYTES,
  );
  const [witnessName = '', witnessKeyIdHex = '', logIdHex = '', size = '', rootHashHex = '', time = ''] = values;
  if (!SIZE.test(size)) throw new TypeError('size must be decimal without leading zeros');
  if (!ISO_MS.test(time)) throw new TypeError('time must be ISO 8601 UTC with milliseconds');
  const fields: TreeHeadCosignatureFields = {
    witnessName,
    witnessKeyIdHex,
    logIdHex,
    treeSize: Number(size),
    rootHashHex,
    cosignedAt: new Date(time),
  };
  assertCanonical(bytes, encodeTreeHeadCosignatureStatement(fields), 'tree head cosignature statement');
  return fields;
}
