import { base64ToBytes, bytesToBase64 } from '@seccam/schema';
import {
  assertIterations,
  BUNDLE_VERSION,
  DEFAULT_ITERATIONS,
  IV_BYTES,
  KDF_NAME,
  parseBundleContents,
  parseSecBundle,
  SALT_BYTES,
  type BundleContents,
  type SecBundle,
} from './bundle-format.ts';
import { PkiError } from './pki-error.ts';
import { assertUsername } from './subject-name.ts';
import { defaultCrypto } from './x509.ts';

/**
 * Sealing and opening the `.sec.json` bundle (format: [Note: bundle format v1]).
 * Everything happens on the client; the server never sees a bundle.
 */

/** Inputs of {@link createBundle}. */
export interface CreateBundleInput {
  username: string;
  password: string;
  contents: BundleContents;
  /** PBKDF2 iterations, default 600 000, within [600 000, 10 000 000]. */
  iterations?: number;
}

/** Credentials for {@link openBundle}. */
export interface BundleCredentials {
  username: string;
  password: string;
}

/** Inputs of {@link repasswordBundle}. */
export interface RepasswordInput {
  username: string;
  oldPassword: string;
  newPassword: string;
  /** Default: keep the bundle's iteration count. */
  iterations?: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

function additionalData(bundle: Pick<SecBundle, 'v' | 'kdf' | 'aad'>): Uint8Array<ArrayBuffer> {
  const { v, kdf, aad } = bundle;
  return encoder.encode(JSON.stringify(['seccam-bundle', v, kdf.name, kdf.iterations, kdf.saltB64, aad.username]));
}

function assertPassword(password: unknown, what: string): asserts password is string {
  if (typeof password !== 'string' || password.length === 0) {
    throw new PkiError('INVALID_ARGUMENT', `${what} must be a non-empty string`);
  }
}

async function deriveBundleKey(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number, crypto: Crypto): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', encoder.encode(password.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, { name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
}

/**
 * Encrypts a user's keys and certificates into a new bundle (fresh salt and IV).
 * @param crypto WebCrypto provider (default: `globalThis.crypto`)
 * @throws PkiError `INVALID_ARGUMENT` for a bad username, empty password, iteration count
 *   out of range, or contents that are not shaped right or belong to another username
 */
export async function createBundle(input: CreateBundleInput, crypto: Crypto = defaultCrypto): Promise<SecBundle> {
  assertUsername(input.username);
  assertPassword(input.password, 'password');
  const iterations = input.iterations ?? DEFAULT_ITERATIONS;
  assertIterations(iterations, 'INVALID_ARGUMENT');
  const contents = parseBundleContents(input.contents, 'INVALID_ARGUMENT');
  if (contents.username !== input.username) {
    throw new PkiError('INVALID_ARGUMENT', 'contents.username differs from the bundle username');
  }
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const header = {
    v: BUNDLE_VERSION,
    kdf: { name: KDF_NAME, iterations, saltB64: bytesToBase64(salt) },
    aad: { username: input.username },
  } as const;
  const key = await deriveBundleKey(input.password, salt, iterations, crypto);
  const ciphertext = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: additionalData(header), tagLength: 128 },
    key,
    encoder.encode(JSON.stringify(contents)),
  );
  return {
    v: header.v,
    kdf: { ...header.kdf },
    ivB64: bytesToBase64(iv),
    aad: { ...header.aad },
    ciphertextB64: bytesToBase64(new Uint8Array(ciphertext)),
  };
}

/**
 * Opens a bundle. Parses `bundle` (object or JSON text) strictly first.
 * @param crypto WebCrypto provider (default: `globalThis.crypto`)
 * @throws PkiError `BUNDLE_MALFORMED` / `BUNDLE_UNSUPPORTED` for a bad envelope;
 *   `BUNDLE_DECRYPT_FAILED` for a wrong password, another user's bundle or any altered
 *   byte (one code for all, see [Note: PKI error codes])
 */
export async function openBundle(bundle: unknown, credentials: BundleCredentials, crypto: Crypto = defaultCrypto): Promise<BundleContents> {
  const parsed = parseSecBundle(bundle);
  assertPassword(credentials.password, 'password');
  if (parsed.aad.username !== credentials.username) {
    throw new PkiError('BUNDLE_DECRYPT_FAILED', 'bundle cannot be opened with these credentials');
  }
  const key = await deriveBundleKey(credentials.password, base64ToBytes(parsed.kdf.saltB64), parsed.kdf.iterations, crypto);
  let plaintext: ArrayBuffer;
  try {
    plaintext = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: base64ToBytes(parsed.ivB64), additionalData: additionalData(parsed), tagLength: 128 },
      key,
      base64ToBytes(parsed.ciphertextB64),
    );
  } catch (cause) {
    throw new PkiError('BUNDLE_DECRYPT_FAILED', 'bundle cannot be opened with these credentials', { cause });
  }
  let contents: BundleContents;
  try {
    contents = parseBundleContents(JSON.parse(decoder.decode(plaintext)), 'BUNDLE_MALFORMED');
  } catch (cause) {
    if (cause instanceof PkiError) throw cause;
    throw new PkiError('BUNDLE_MALFORMED', 'bundle plaintext is not JSON', { cause });
  }
  if (contents.username !== parsed.aad.username) {
    throw new PkiError('BUNDLE_MALFORMED', 'bundle contents belong to another username');
  }
  return contents;
}

/**
 * Re-encrypts a bundle under a new password (fresh salt and IV), e.g. on password change.
 * The old file stays openable with the old password; callers replace it.
 * @param crypto WebCrypto provider (default: `globalThis.crypto`)
 * @throws what {@link openBundle} and {@link createBundle} throw
 */
export async function repasswordBundle(bundle: unknown, input: RepasswordInput, crypto: Crypto = defaultCrypto): Promise<SecBundle> {
  assertPassword(input.newPassword, 'newPassword');
  const parsed = parseSecBundle(bundle);
  const contents = await openBundle(parsed, { username: input.username, password: input.oldPassword }, crypto);
  return createBundle(
    {
      username: input.username,
      password: input.newPassword,
      contents,
      iterations: input.iterations ?? parsed.kdf.iterations,
    },
    crypto,
  );
}
