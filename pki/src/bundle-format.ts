import { base64ToBytes } from '@seccam/schema';
import { PkiError, type PkiErrorCode } from './pki-error.ts';
import type { Role } from './subject-name.ts';

/**
 * The `.sec.json` bundle format (docs/ARCHITECTURE.md, "Identity"), parsed strictly at the boundary.
 *
 * [Note: bundle format v1]
 * ```json
 * {
 *   "v": 1,
 *   "kdf": { "name": "PBKDF2-SHA256", "iterations": 600000, "saltB64": "<16 random bytes>" },
 *   "ivB64": "<12 random bytes>",
 *   "aad": { "username": "alice" },
 *   "ciphertextB64": "<AES-256-GCM ciphertext followed by its 16-byte tag>"
 * }
 * ```
 * - key = PBKDF2-HMAC-SHA256(UTF-8(NFC(password)), salt, iterations) -> 256-bit AES-GCM key;
 *   600 000 iterations is OWASP's 2023 figure for PBKDF2-SHA256; counts outside
 *   [{@link MIN_ITERATIONS}, {@link MAX_ITERATIONS}] are refused (the upper bound stops a
 *   crafted file from pinning a CPU for minutes).
 * - The GCM additional data is UTF-8 of the JSON array
 *   `["seccam-bundle", v, kdf.name, kdf.iterations, kdf.saltB64, aad.username]`, rebuilt
 *   from the parsed fields in this fixed order, so changing the version, KDF parameters or
 *   username fails decryption. `aad.username` is kept in clear so a client can say whose
 *   bundle a file is before asking for the password. The IV is authenticated by GCM itself.
 * - The plaintext is UTF-8 JSON of {@link BundleContents}, checked as strictly after
 *   decryption as the envelope before it.
 * - Any other field, a missing field, or a base64 value that is not canonical makes the
 *   file `BUNDLE_MALFORMED`; another `v` or KDF name makes it `BUNDLE_UNSUPPORTED`.
 */
export interface SecBundle {
  v: 1;
  kdf: { name: 'PBKDF2-SHA256'; iterations: number; saltB64: string };
  ivB64: string;
  aad: { username: string };
  ciphertextB64: string;
}

/** What a bundle protects: the user's private keys, certificates, CA chain and pinned root. */
export interface BundleContents {
  username: string;
  role: Role;
  sigPrivateKeyPkcs8B64: string;
  encPrivateKeyPkcs8B64: string;
  sigCertPem: string;
  encCertPem: string;
  /** Intermediate CA certificate(s), leaf-side first. */
  chainPem: string[];
  /** The platform root this user trusts (pinned). */
  rootPem: string;
}

export const BUNDLE_VERSION = 1;
export const KDF_NAME = 'PBKDF2-SHA256';
export const DEFAULT_ITERATIONS = 600_000;
export const MIN_ITERATIONS = 600_000;
export const MAX_ITERATIONS = 10_000_000;
export const SALT_BYTES = 16;
export const IV_BYTES = 12;
/** Largest bundle accepted, as JSON text or base64 ciphertext. */
export const MAX_BUNDLE_LENGTH = 256 * 1024;

type Fields = Record<string, unknown>;

function fieldsOf(value: unknown, keys: readonly string[], what: string, code: PkiErrorCode): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PkiError(code, `${what} must be an object`);
  }
  const actual = Object.keys(value);
  if (actual.length !== keys.length || !keys.every((key) => Object.hasOwn(value, key))) {
    throw new PkiError(code, `${what} must have exactly the fields ${keys.join(', ')}`);
  }
  return value as Fields;
}

function stringOf(fields: Fields, key: string, what: string, code: PkiErrorCode, maxLength = MAX_BUNDLE_LENGTH): string {
  const value = fields[key];
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) {
    throw new PkiError(code, `${what}.${key} must be a non-empty string of at most ${maxLength} characters`);
  }
  return value;
}

function b64Of(fields: Fields, key: string, bytes: { min: number; max: number }, code: PkiErrorCode): string {
  const value = stringOf(fields, key, 'bundle', code);
  let length: number;
  try {
    length = base64ToBytes(value).length;
  } catch (cause) {
    throw new PkiError(code, `bundle ${key} is not canonical base64`, { cause });
  }
  if (length < bytes.min || length > bytes.max) throw new PkiError(code, `bundle ${key} has a wrong length`);
  return value;
}

/**
 * Checks the iteration count of a bundle.
 * @throws PkiError with `code` when outside [MIN_ITERATIONS, MAX_ITERATIONS]
 */
export function assertIterations(iterations: unknown, code: PkiErrorCode): asserts iterations is number {
  if (typeof iterations !== 'number' || !Number.isSafeInteger(iterations)) {
    throw new PkiError(code === 'BUNDLE_UNSUPPORTED' ? 'BUNDLE_MALFORMED' : code, 'kdf.iterations must be an integer');
  }
  if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
    throw new PkiError(code, `kdf.iterations must be between ${MIN_ITERATIONS} and ${MAX_ITERATIONS}`);
  }
}

/**
 * Parses an untrusted bundle (object or JSON text) per [Note: bundle format v1].
 * @throws PkiError `BUNDLE_MALFORMED` or `BUNDLE_UNSUPPORTED`
 */
export function parseSecBundle(input: unknown): SecBundle {
  let value = input;
  if (typeof input === 'string') {
    if (input.length > MAX_BUNDLE_LENGTH) throw new PkiError('BUNDLE_MALFORMED', 'bundle is too large');
    try {
      value = JSON.parse(input);
    } catch (cause) {
      throw new PkiError('BUNDLE_MALFORMED', 'bundle is not JSON', { cause });
    }
  }
  if (typeof value === 'object' && value !== null && 'v' in value && value.v !== BUNDLE_VERSION) {
    throw new PkiError(typeof value.v === 'number' ? 'BUNDLE_UNSUPPORTED' : 'BUNDLE_MALFORMED', 'unsupported bundle version');
  }
  const top = fieldsOf(value, ['v', 'kdf', 'ivB64', 'aad', 'ciphertextB64'], 'bundle', 'BUNDLE_MALFORMED');
  const kdf = fieldsOf(top.kdf, ['name', 'iterations', 'saltB64'], 'bundle.kdf', 'BUNDLE_MALFORMED');
  if (kdf.name !== KDF_NAME) {
    throw new PkiError(typeof kdf.name === 'string' ? 'BUNDLE_UNSUPPORTED' : 'BUNDLE_MALFORMED', 'unsupported bundle KDF');
  }
  assertIterations(kdf.iterations, 'BUNDLE_UNSUPPORTED');
  const aad = fieldsOf(top.aad, ['username'], 'bundle.aad', 'BUNDLE_MALFORMED');
  return {
    v: BUNDLE_VERSION,
    kdf: { name: KDF_NAME, iterations: kdf.iterations, saltB64: b64Of(kdf, 'saltB64', { min: SALT_BYTES, max: 64 }, 'BUNDLE_MALFORMED') },
    ivB64: b64Of(top, 'ivB64', { min: IV_BYTES, max: IV_BYTES }, 'BUNDLE_MALFORMED'),
    aad: { username: stringOf(aad, 'username', 'bundle.aad', 'BUNDLE_MALFORMED', 64) },
    ciphertextB64: b64Of(top, 'ciphertextB64', { min: 17, max: MAX_BUNDLE_LENGTH }, 'BUNDLE_MALFORMED'),
  };
}

const CONTENT_KEYS = [
  'username',
  'role',
  'sigPrivateKeyPkcs8B64',
  'encPrivateKeyPkcs8B64',
  'sigCertPem',
  'encCertPem',
  'chainPem',
  'rootPem',
] as const;

/**
 * Checks the shape of {@link BundleContents} (types and sizes; keys and certificates are
 * checked when imported). Returns a fresh object with exactly the documented fields.
 * @throws PkiError with `code`
 */
export function parseBundleContents(value: unknown, code: PkiErrorCode): BundleContents {
  const fields = fieldsOf(value, CONTENT_KEYS, 'bundle contents', code);
  const text = (key: (typeof CONTENT_KEYS)[number]): string => stringOf(fields, key, 'contents', code, 16 * 1024);
  const role = fields.role;
  if (role !== 'driver' && role !== 'dispatcher') throw new PkiError(code, 'contents.role must be driver or dispatcher');
  const chain = fields.chainPem;
  if (
    !Array.isArray(chain) ||
    chain.length > 4 ||
    !chain.every((pem) => typeof pem === 'string' && pem.length > 0 && pem.length <= 16 * 1024)
  ) {
    throw new PkiError(code, 'contents.chainPem must be a list of at most 4 PEM strings');
  }
  return {
    username: text('username'),
    role,
    sigPrivateKeyPkcs8B64: text('sigPrivateKeyPkcs8B64'),
    encPrivateKeyPkcs8B64: text('encPrivateKeyPkcs8B64'),
    sigCertPem: text('sigCertPem'),
    encCertPem: text('encCertPem'),
    chainPem: [...(chain as string[])],
    rootPem: text('rootPem'),
  };
}
