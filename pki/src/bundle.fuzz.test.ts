import { base64ToBytes, bytesToBase64, bytesToHex } from '@seccam/schema';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_ITERATIONS, MIN_ITERATIONS, parseSecBundle, type BundleContents, type SecBundle } from './bundle-format.ts';
import { PLACEHOLDER_BUNDLE_CONTENTS } from './fixtures.test-support.ts';
import { createBundle, openBundle } from './bundle.ts';
import { PkiError, type PkiErrorCode } from './pki-error.ts';

// Property tests for opening a `.sec.json` bundle ([Note: bundle format v1]). A bundle file
// is whatever the user picked from disk: any text, any JSON, any altered field. Opening it
// either returns the sealed contents or throws a PkiError with the precise code —
// BUNDLE_MALFORMED / BUNDLE_UNSUPPORTED for the envelope (before any key derivation),
// BUNDLE_DECRYPT_FAILED for anything that reaches AES-GCM altered, BUNDLE_MALFORMED for an
// authentic plaintext of the wrong shape. Any other exception fails the property.
//
// [Note: fuzzing with a real KDF]
// Every bundle here uses MIN_ITERATIONS (600 000) of real PBKDF2, about 0.2 s per derivation.
// The crypto provider below passes everything to WebCrypto but remembers derived keys by
// (password, salt, iterations), so the many mutations that keep those three cost one AES-GCM
// call each; only the property that changes them pays for fresh derivations, with few runs.

const PASSWORD = 'correct horse battery staple';
const ALICE = { username: 'alice', password: PASSWORD };
const CONTENTS: BundleContents = PLACEHOLDER_BUNDLE_CONTENTS;
const ENVELOPE_CODES: readonly PkiErrorCode[] = ['BUNDLE_MALFORMED', 'BUNDLE_UNSUPPORTED'];

const encoder = new TextEncoder();

/** WebCrypto with PBKDF2 results remembered, see [Note: fuzzing with a real KDF]. */
function rememberingKdf(base: Crypto): Crypto {
  const passwords = new WeakMap<CryptoKey, string>();
  const derived = new Map<string, Promise<CryptoKey>>();
  const subtle = {
    async importKey(format: 'raw', keyData: Uint8Array<ArrayBuffer>, algorithm: string, extractable: boolean, usages: KeyUsage[]) {
      const key = await base.subtle.importKey(format, keyData, algorithm, extractable, usages);
      passwords.set(key, bytesToHex(keyData));
      return key;
    },
    deriveKey(params: Pbkdf2Params, material: CryptoKey, algorithm: AesKeyGenParams, extractable: boolean, usages: KeyUsage[]) {
      const salt = ArrayBuffer.isView(params.salt)
        ? new Uint8Array(params.salt.buffer, params.salt.byteOffset, params.salt.byteLength)
        : new Uint8Array(params.salt);
      const password = passwords.get(material);
      if (password === undefined) throw new Error('PBKDF2 key material must be imported through this provider');
      const id = `${password}|${bytesToHex(salt)}|${params.iterations}`;
      let key = derived.get(id);
      if (key === undefined) {
        key = base.subtle.deriveKey(params, material, algorithm, extractable, usages);
        derived.set(id, key);
      }
      return key;
    },
    encrypt: base.subtle.encrypt.bind(base.subtle),
    decrypt: base.subtle.decrypt.bind(base.subtle),
  };
  return { subtle, getRandomValues: base.getRandomValues.bind(base) } as unknown as Crypto;
}

const kdfCrypto = rememberingKdf(globalThis.crypto);

let bundle: SecBundle;
let bundleKey: CryptoKey;

beforeAll(async () => {
  bundle = await createBundle({ ...ALICE, contents: CONTENTS, iterations: MIN_ITERATIONS }, kdfCrypto);
  bundleKey = await keyOf(bundle, PASSWORD);
});

/** The bundle's AES key, derived the way openBundle does it (from the remembered derivation). */
async function keyOf(sealed: SecBundle, password: string): Promise<CryptoKey> {
  const material = await kdfCrypto.subtle.importKey('raw', encoder.encode(password.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  const params = { name: 'PBKDF2', hash: 'SHA-256', salt: base64ToBytes(sealed.kdf.saltB64), iterations: sealed.kdf.iterations };
  return kdfCrypto.subtle.deriveKey(params, material, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/** The GCM additional data, written from [Note: bundle format v1] rather than taken from the code. */
function additionalDataOf(sealed: SecBundle): Uint8Array<ArrayBuffer> {
  const { v, kdf, aad } = sealed;
  return encoder.encode(JSON.stringify(['seccam-bundle', v, kdf.name, kdf.iterations, kdf.saltB64, aad.username]));
}

/** The bundle with `plaintext` sealed under its own key, IV and header: authentic, whatever it says. */
async function resealed(plaintext: Uint8Array<ArrayBuffer>): Promise<SecBundle> {
  const iv = base64ToBytes(bundle.ivB64);
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: additionalDataOf(bundle) }, bundleKey, plaintext);
  return { ...bundle, ciphertextB64: bytesToBase64(new Uint8Array(ciphertext)) };
}

/** The opened contents, or the PkiError that refused the bundle; any other exception escapes. */
async function openOutcome(input: unknown, credentials = ALICE): Promise<BundleContents | PkiError> {
  try {
    return await openBundle(input, credentials, kdfCrypto);
  } catch (error) {
    if (error instanceof PkiError) return error;
    throw error;
  }
}

function parseOutcome(input: unknown): SecBundle | PkiError {
  try {
    return parseSecBundle(input);
  } catch (error) {
    if (error instanceof PkiError) return error;
    throw error;
  }
}

function expectCode(outcome: unknown, codes: readonly PkiErrorCode[]): void {
  expect(outcome).toBeInstanceOf(PkiError);
  expect(codes).toContain((outcome as PkiError).code);
}

const sameKdf = (a: SecBundle, b: SecBundle): boolean => a.kdf.saltB64 === b.kdf.saltB64 && a.kdf.iterations === b.kdf.iterations;

/**
 * The envelope refusal of parseSecBundle, and the same from openBundle; or, for an envelope
 * that parses with the bundle's KDF parameters, the contents when nothing changed and
 * BUNDLE_DECRYPT_FAILED otherwise. (Other KDF parameters are the next property's.)
 */
async function expectOpenedOrRefused(input: unknown): Promise<void> {
  const parsed = parseOutcome(input);
  if (parsed instanceof PkiError) {
    expectCode(parsed, ENVELOPE_CODES);
    expectCode(await openOutcome(input), [parsed.code]);
    return;
  }
  expect(Object.keys(parsed)).toEqual(['v', 'kdf', 'ivB64', 'aad', 'ciphertextB64']);
  if (!sameKdf(parsed, bundle)) return;
  const outcome = await openOutcome(input);
  if (JSON.stringify(parsed) === JSON.stringify(bundle)) expect(outcome).toEqual(CONTENTS);
  else expectCode(outcome, ['BUNDLE_DECRYPT_FAILED']);
}

/** Values a field is attacked with. No in-range iteration count but the bundle's own (that one is cheap). */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }).filter((value) => typeof value !== 'number' || value < MIN_ITERATIONS || value > MAX_ITERATIONS),
  fc.constantFrom(0, 1, 2, -0, MIN_ITERATIONS, MIN_ITERATIONS - 1, MAX_ITERATIONS + 1, MIN_ITERATIONS + 0.5, 1e21, '600000', '1'),
  fc.constantFrom('', 'PBKDF2-SHA256 ', 'pbkdf2-sha256', 'scrypt', 'alice ', 'Alice', 'bob', 'x'.repeat(65)),
  fc.uint8Array({ maxLength: 70 }).map(bytesToBase64),
  fc.uint8Array({ minLength: 1, maxLength: 40 }).map((bytes) => bytesToBase64(bytes).replace(/=+$/, '')),
  fc.uint8Array({ minLength: 3, maxLength: 40 }).map((bytes) => ` ${bytesToBase64(bytes)}\n`),
);
const hostileKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'v ', 'hash', 'role', ''), fc.string({ maxLength: 8 }));

type Json = Record<string, unknown>;

/** The bundle as JSON with one field replaced, removed or added (at the top, in kdf or in aad). */
const fieldMutation: fc.Arbitrary<Json> = fc
  .tuple(
    fc.constantFrom<readonly string[]>([], ['kdf'], ['aad']),
    fc.oneof(
      fc.record({
        kind: fc.constant('set' as const),
        key: fc.constantFrom('v', 'kdf', 'ivB64', 'aad', 'ciphertextB64', 'name', 'iterations', 'saltB64', 'username'),
        value: hostileValue,
      }),
      fc.record({
        kind: fc.constant('delete' as const),
        key: fc.constantFrom('v', 'kdf', 'ivB64', 'aad', 'ciphertextB64', 'name', 'iterations', 'saltB64', 'username'),
      }),
      fc.record({ kind: fc.constant('add' as const), key: hostileKey, value: hostileValue }),
    ),
  )
  .map(([path, change]) => {
    const copy = JSON.parse(JSON.stringify(bundle)) as Json;
    const target = path.reduce<Json>((at, key) => at[key] as Json, copy);
    if (change.kind === 'delete') Reflect.deleteProperty(target, change.key);
    else Object.defineProperty(target, change.key, { value: change.value, enumerable: true, configurable: true, writable: true });
    return copy;
  });

/** The base64 field of the bundle with its bytes flipped, truncated or extended. */
const bytesMutation: fc.Arbitrary<Json> = fc
  .tuple(
    fc.constantFrom('ivB64', 'ciphertextB64'),
    fc.oneof(
      fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })).map(([at, mask]) => (bytes: Uint8Array) => {
        const out = bytes.slice();
        const index = at % out.length;
        out[index] = (out[index] ?? 0) ^ mask;
        return out;
      }),
      fc.nat().map((cut) => (bytes: Uint8Array) => bytes.slice(0, cut % bytes.length)),
      fc.uint8Array({ minLength: 1, maxLength: 32 }).map((tail) => (bytes: Uint8Array) => Uint8Array.of(...bytes, ...tail)),
    ),
  )
  .map(([key, change]) => {
    const copy = JSON.parse(JSON.stringify(bundle)) as Json;
    copy[key] = bytesToBase64(change(base64ToBytes(copy[key] as string)));
    return copy;
  });

/** The bundle's JSON text with characters deleted, inserted or replaced. */
const textMutation: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.nat(),
      fc.nat({ max: 3 }),
      fc.string({ unit: fc.constantFrom(...'{}[]":,.-+0123456789eE AZaz=/\\\n'.split('')), maxLength: 3 }),
    ),
    {
      minLength: 1,
      maxLength: 3,
    },
  )
  .map((edits) => {
    let text = JSON.stringify(bundle, null, 2);
    for (const [at, removed, inserted] of edits) {
      const index = at % (text.length + 1);
      text = text.slice(0, index) + inserted + text.slice(index + removed);
    }
    return text;
  });

describe('bundle opening properties', () => {
  it('answers arbitrary input with an envelope refusal', async () => {
    const input = fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.json({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 3 }));
    await fc.assert(
      fc.asyncProperty(input, async (value) => {
        expectCode(parseOutcome(value), ENVELOPE_CODES);
        await expectOpenedOrRefused(value);
      }),
      { numRuns: 200 },
    );
  });

  it('answers a bundle with a replaced, removed or extra field with the precise refusal', async () => {
    await fc.assert(fc.asyncProperty(fieldMutation, expectOpenedOrRefused), { numRuns: 200 });
  });

  it('answers a bundle with altered IV or ciphertext bytes with BUNDLE_MALFORMED or BUNDLE_DECRYPT_FAILED', async () => {
    await fc.assert(fc.asyncProperty(bytesMutation, expectOpenedOrRefused), { numRuns: 100 });
  });

  it('answers an edited bundle text with the precise refusal, or the contents when the JSON still means the same', async () => {
    await fc.assert(fc.asyncProperty(textMutation, expectOpenedOrRefused), { numRuns: 200 });
  });

  it('answers authentic plaintext of the wrong shape with BUNDLE_MALFORMED, and the right shape with itself', async () => {
    const contentsValue = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.record(
        {
          username: fc.constantFrom('alice', 'bob', ''),
          role: fc.constantFrom('driver', 'dispatcher', 'admin'),
          sigPrivateKeyPkcs8B64: fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue({ maxDepth: 1 })),
          encPrivateKeyPkcs8B64: fc.constantFrom('ZW5jLWtleQ==', '', 'x'.repeat(16 * 1024 + 1)),
          sigCertPem: fc.string({ minLength: 1, maxLength: 8 }),
          encCertPem: fc.string({ minLength: 1, maxLength: 8 }),
          chainPem: fc.oneof(fc.array(fc.string({ maxLength: 8 }), { maxLength: 6 }), fc.jsonValue({ maxDepth: 1 })),
          rootPem: fc.string({ minLength: 1, maxLength: 8 }),
        },
        { requiredKeys: ['username', 'role', 'sigPrivateKeyPkcs8B64', 'sigCertPem', 'encCertPem', 'chainPem', 'rootPem'] },
      ),
    );
    const plaintext = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      contentsValue.map((value) => encoder.encode(JSON.stringify(value))),
      fc.string({ unit: 'binary', maxLength: 64 }).map((text) => encoder.encode(text)),
    );
    await fc.assert(
      fc.asyncProperty(plaintext, async (bytes) => {
        const outcome = await openOutcome(await resealed(new Uint8Array(bytes)));
        if (outcome instanceof PkiError) expect(outcome.code).toBe('BUNDLE_MALFORMED');
        else expect(outcome).toEqual(JSON.parse(new TextDecoder().decode(bytes)));
      }),
      { numRuns: 100 },
    );
  });

  it('answers other KDF parameters or a wrong password with BUNDLE_DECRYPT_FAILED (fresh PBKDF2 each)', async () => {
    // A password equal after NFC up to trailing NULs derives the same key (HMAC pads its key with zeros).
    const wrongPassword = fc
      .string({ minLength: 1, maxLength: 40 })
      .filter((password) => password.normalize('NFC').replace(/\0+$/, '') !== PASSWORD);
    const kdfChange = fc.oneof(
      fc.record({ saltBytes: fc.uint8Array({ minLength: 16, maxLength: 64 }) }),
      fc.record({ iterations: fc.integer({ min: MIN_ITERATIONS + 1, max: MIN_ITERATIONS + 1000 }) }),
      fc.record({ password: wrongPassword }),
    );
    await fc.assert(
      fc.asyncProperty(kdfChange, async (change) => {
        const kdf = {
          ...bundle.kdf,
          ...('saltBytes' in change ? { saltB64: bytesToBase64(change.saltBytes) } : {}),
          ...('iterations' in change ? { iterations: change.iterations } : {}),
        };
        const password = 'password' in change ? change.password : PASSWORD;
        expectCode(await openOutcome({ ...bundle, kdf }, { username: 'alice', password }), ['BUNDLE_DECRYPT_FAILED']);
      }),
      { numRuns: 20 },
    );
  });
});
