import { PkiError } from './pki-error.ts';
import type { JsonName, Name } from './x509.ts';

/**
 * Certificate subjects of SecCam users, built and read back strictly.
 *
 * [Note: subject layout]
 * A user certificate subject is, in DER order: `C`, `O` (dispatchers only) and `CN` =
 * username. A dispatcher must carry `O` and `C`; a driver must carry neither. When reading a
 * subject back, every RDN must be single-valued and of one of these three types, each at
 * most once; anything else makes the subject foreign ("no unexpected RDNs"). The role is
 * not in the subject: it travels as a certificate policy OID (see role-policy.ts).
 *
 * [Note: no full name in certificates]
 * `CsrSubject.fullName` is accepted (clients pass their whole account object) but is not
 * put into the certificate. The CA checks the username and, for dispatchers, organisation
 * and country against the account; a person's display name is self-asserted profile data
 * the server keeps with the account, and carrying it in the certificate would make the CA
 * appear to vouch for it. It also keeps the CSR expectation (`CsrExpectation`) free of a
 * field the server would have to echo back byte for byte.
 */

/** The two user roles. */
export type Role = 'driver' | 'dispatcher';

/** What a client puts into its CSRs. */
export interface CsrSubject {
  username: string;
  role: Role;
  /** Display name; accepted but not encoded ([Note: no full name in certificates]). */
  fullName?: string;
  /** Required for dispatchers, refused for drivers. */
  organisation?: string;
  /** ISO 3166-1 alpha-2, upper case. Required for dispatchers, refused for drivers. */
  country?: string;
}

/** The subject fields of a user certificate (the role lives in the policy OID). */
export interface CertificateSubject {
  username: string;
  organisation?: string;
  country?: string;
}

const MAX_TEXT = 64; // X.520 ub-common-name and ub-organization-name
const CONTROL = /\p{Cc}/u;
const COUNTRY = /^[A-Z]{2}$/;

function assertText(value: unknown, what: string): asserts value is string {
  if (
    typeof value !== 'string' ||
    value.length === 0 ||
    value.length > MAX_TEXT ||
    value.trim() !== value ||
    CONTROL.test(value) ||
    value.normalize('NFC') !== value
  ) {
    throw new PkiError('INVALID_ARGUMENT', `${what} must be 1-${MAX_TEXT} NFC characters without control characters or outer spaces`);
  }
}

/**
 * Checks a username as pki needs it: subject text rules plus no `|`, which separates the
 * fields of the login challenge message. The API may apply a stricter pattern.
 * @throws PkiError `INVALID_ARGUMENT`
 */
export function assertUsername(username: unknown): asserts username is string {
  assertText(username, 'username');
  if (username.includes('|')) throw new PkiError('INVALID_ARGUMENT', 'username must not contain "|"');
}

/**
 * Validates a {@link CsrSubject} against the role rules ([Note: subject layout]) and returns
 * its certificate subject. {@link verifyCsr} applies the same rules to its expectation, so a
 * server can call this first to turn bad registration input into a user-facing error.
 * @throws PkiError `INVALID_ARGUMENT`
 */
export function certificateSubjectOf(subject: CsrSubject): CertificateSubject {
  assertUsername(subject.username);
  const result: CertificateSubject = { username: subject.username };
  const role: string = subject.role; // untrusted at runtime whatever the type says
  if (role === 'dispatcher') {
    assertText(subject.organisation, 'organisation');
    if (typeof subject.country !== 'string' || !COUNTRY.test(subject.country)) {
      throw new PkiError('INVALID_ARGUMENT', 'country must be an ISO 3166-1 alpha-2 code in upper case');
    }
    result.organisation = subject.organisation;
    result.country = subject.country;
  } else if (role === 'driver') {
    if (subject.organisation !== undefined || subject.country !== undefined) {
      throw new PkiError('INVALID_ARGUMENT', 'a driver subject carries no organisation or country');
    }
  } else {
    throw new PkiError('INVALID_ARGUMENT', 'role must be driver or dispatcher');
  }
  return result;
}

/** Builds the subject name in the order of [Note: subject layout]. */
export function subjectNameJson(subject: CertificateSubject): JsonName {
  const rdns: JsonName = [];
  if (subject.country !== undefined) rdns.push({ C: [subject.country] });
  if (subject.organisation !== undefined) rdns.push({ O: [subject.organisation] });
  rdns.push({ CN: [subject.username] });
  return rdns;
}

const FIELD_OF: ReadonlyMap<string, keyof CertificateSubject> = new Map<string, keyof CertificateSubject>([
  ['CN', 'username'],
  ['O', 'organisation'],
  ['C', 'country'],
]);

/**
 * Reads a subject back per [Note: subject layout].
 * @returns the fields, or `null` when the name has a multi-valued RDN, a foreign or
 *   repeated attribute, or no CN.
 */
export function readCertificateSubject(name: Name): CertificateSubject | null {
  const fields: Partial<Record<keyof CertificateSubject, string>> = {};
  for (const rdn of name.toJSON()) {
    const entries = Object.entries(rdn);
    if (entries.length !== 1) return null;
    const [type, values] = entries[0] ?? [];
    const field = type === undefined ? undefined : FIELD_OF.get(type);
    const value = values?.[0];
    if (field === undefined || values?.length !== 1 || value === undefined || fields[field] !== undefined) return null;
    fields[field] = value;
  }
  if (fields.username === undefined) return null;
  return { ...fields, username: fields.username };
}

/** Field-by-field equality of two subjects (absent equals absent). */
export function sameSubject(a: CertificateSubject, b: CertificateSubject): boolean {
  return a.username === b.username && a.organisation === b.organisation && a.country === b.country;
}
