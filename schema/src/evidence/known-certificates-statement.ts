/**
 * The bytes a driver signs to list the certificates she holds (docs/PROTOCOL.md §9, "Known
 * certificates").
 *
 * [Note: known-certificates statement]
 * "At `at`, `holder` holds exactly the certificates with these SHA-256 fingerprints (of their
 * DER)". The holder's client writes it from its own record (its bundle's certificates), signs it
 * with its `sig` key, and an evidence export carries it, so a verifier can tell a signing
 * certificate the driver never held: one issued in her name by whoever holds the CA key. UTF-8
 * lines joined by `\n`, no trailing newline:
 *   seccam-known-certificates/v1
 *   holder=<username: 1 … 64 printable ASCII characters, no space (the certificate CN)>
 *   at=<ISO 8601 UTC with milliseconds>
 *   cert=<64 lower-case hex digits>     (one line per certificate, ascending, no repeats, 1 … 64)
 * Every field has one spelling, and the first line (which no other statement starts with) keeps
 * the signature from being replayed as another statement.
 */
export const KNOWN_CERTIFICATES_STATEMENT_VERSION = 'seccam-known-certificates/v1';
/** Most certificates one statement lists (a holder keeps a few pairs across renewals). */
export const MAX_KNOWN_CERTIFICATES = 64;

export interface KnownCertificatesFields {
  readonly holder: string;
  readonly at: Date;
  /** SHA-256 of each certificate's DER, lower-case hex, ascending, without repeats. */
  readonly certificateSha256Hex: readonly string[];
}

const HASH_HEX = /^[0-9a-f]{64}$/;
/** Any username a certificate can carry that fits on one line; registration's rule is narrower. */
const HOLDER = /^[\x21-\x7e]{1,64}$/;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A reason the fields cannot form a statement, or null. Tolerates any shape. */
export function knownCertificatesStatementProblem(fields: unknown): string | null {
  if (typeof fields !== 'object' || fields === null) return 'a known-certificates statement is { holder, at, certificateSha256Hex }';
  const { holder, at, certificateSha256Hex } = fields as Partial<Record<keyof KnownCertificatesFields, unknown>>;
  if (typeof holder !== 'string' || !HOLDER.test(holder)) return 'holder must be 1 to 64 printable ASCII characters without spaces';
  if (!(at instanceof Date) || Number.isNaN(at.getTime()) || !ISO_MS.test(at.toISOString()))
    return 'at must be a valid date in the years 0000 to 9999';
  if (!Array.isArray(certificateSha256Hex) || certificateSha256Hex.length < 1 || certificateSha256Hex.length > MAX_KNOWN_CERTIFICATES)
    return `certificateSha256Hex must list 1 to ${MAX_KNOWN_CERTIFICATES} fingerprints`;
  for (const [i, hex] of (certificateSha256Hex as unknown[]).entries()) {
    if (typeof hex !== 'string' || !HASH_HEX.test(hex)) return `certificateSha256Hex[${i}] must be 64 lower-case hex digits`;
    const previous = certificateSha256Hex[i - 1] as string | undefined;
    if (previous !== undefined && previous >= hex) return 'certificateSha256Hex must be ascending without repeats';
  }
  return null;
}

/** The UTF-8 bytes to sign ([Note: known-certificates statement]). Throws a TypeError on fields the problem check refuses. */
export function encodeKnownCertificatesStatement(fields: KnownCertificatesFields): Uint8Array<ArrayBuffer> {
  const problem = knownCertificatesStatementProblem(fields);
  if (problem !== null) throw new TypeError(`invalid known-certificates statement: ${problem}`);
  const lines = [
    KNOWN_CERTIFICATES_STATEMENT_VERSION,
    `holder=${fields.holder}`,
    `at=${fields.at.toISOString()}`,
    ...fields.certificateSha256Hex.map((hex) => `cert=${hex}`),
  ];
  return new TextEncoder().encode(lines.join('\n'));
}
