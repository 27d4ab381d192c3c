import { beforeAll, describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64 } from '@seccam/schema';
import type { BundleContents, SecBundle } from './bundle-format.ts';
import { PLACEHOLDER_BUNDLE_CONTENTS } from './fixtures.test-support.ts';
import { createBundle, openBundle, repasswordBundle } from './bundle.ts';
import { isPkiError, type PkiErrorCode } from './pki-error.ts';

const CONTENTS: BundleContents = PLACEHOLDER_BUNDLE_CONTENTS;
const ALICE = { username: 'alice', password: 'correct horse battery staple' };

const rejectsWith = (promise: Promise<unknown>, code: PkiErrorCode) => expect(promise).rejects.toSatisfy((e) => isPkiError(e, code));

function flipB64(b64: string, index: number): string {
  const bytes = base64ToBytes(b64);
  bytes[index] = (bytes[index] ?? 0) ^ 0x01;
  return bytesToBase64(bytes);
}

describe('.sec.json bundle', () => {
  let bundle: SecBundle;

  beforeAll(async () => {
    bundle = await createBundle({ ...ALICE, contents: CONTENTS });
  });

  it('has the documented shape, defaults to 600 000 iterations, and round-trips through JSON', async () => {
    expect(Object.keys(bundle)).toEqual(['v', 'kdf', 'ivB64', 'aad', 'ciphertextB64']);
    expect(bundle).toMatchObject({ v: 1, kdf: { name: 'PBKDF2-SHA256', iterations: 600_000 }, aad: { username: 'alice' } });
    expect(base64ToBytes(bundle.kdf.saltB64)).toHaveLength(16);
    expect(base64ToBytes(bundle.ivB64)).toHaveLength(12);
    expect(JSON.stringify(bundle)).not.toContain('c2lnLWtleQ');
    expect(await openBundle(JSON.stringify(bundle), ALICE)).toEqual(CONTENTS);
  });

  it('refuses a wrong password with BUNDLE_DECRYPT_FAILED', async () => {
    await rejectsWith(openBundle(bundle, { ...ALICE, password: 'Correct horse battery staple' }), 'BUNDLE_DECRYPT_FAILED');
  });

  it('refuses opening as another user with the same code (nothing tells which check failed)', async () => {
    await rejectsWith(openBundle(bundle, { ...ALICE, username: 'bob' }), 'BUNDLE_DECRYPT_FAILED');
  });

  describe('tampering', () => {
    it.each([
      ['one ciphertext byte', (b: SecBundle) => ({ ...b, ciphertextB64: flipB64(b.ciphertextB64, 3) })],
      ['the GCM tag', (b: SecBundle) => ({ ...b, ciphertextB64: flipB64(b.ciphertextB64, base64ToBytes(b.ciphertextB64).length - 1) })],
      ['the IV', (b: SecBundle) => ({ ...b, ivB64: flipB64(b.ivB64, 0) })],
      ['the salt', (b: SecBundle) => ({ ...b, kdf: { ...b.kdf, saltB64: flipB64(b.kdf.saltB64, 5) } })],
      ['the iteration count (still in range)', (b: SecBundle) => ({ ...b, kdf: { ...b.kdf, iterations: 600_001 } })],
    ])('refuses a changed %s with BUNDLE_DECRYPT_FAILED', async (_label, change) => {
      await rejectsWith(openBundle(change(bundle), ALICE), 'BUNDLE_DECRYPT_FAILED');
    });

    it('refuses a changed username in the AAD, opened as either user', async () => {
      const renamed = { ...bundle, aad: { username: 'mallory' } };
      await rejectsWith(openBundle(renamed, ALICE), 'BUNDLE_DECRYPT_FAILED');
      await rejectsWith(openBundle(renamed, { ...ALICE, username: 'mallory' }), 'BUNDLE_DECRYPT_FAILED');
    });
  });

  describe('envelope checks before any key derivation', () => {
    it.each([
      ['an iteration count below 600 000', { iterations: 599_999 }, 'BUNDLE_UNSUPPORTED'],
      ['an absurd iteration count', { iterations: 10_000_001 }, 'BUNDLE_UNSUPPORTED'],
      ['a fractional iteration count', { iterations: 600_000.5 }, 'BUNDLE_MALFORMED'],
      ['an iteration count as a string', { iterations: '600000' }, 'BUNDLE_MALFORMED'],
      ['another KDF', { name: 'scrypt' }, 'BUNDLE_UNSUPPORTED'],
      ['a short salt', { saltB64: 'AAAA' }, 'BUNDLE_MALFORMED'],
      ['an extra KDF field', { hash: 'SHA-1' }, 'BUNDLE_MALFORMED'],
    ] as const)('refuses %s', async (_label, kdfChange, code) => {
      await rejectsWith(openBundle({ ...bundle, kdf: { ...bundle.kdf, ...kdfChange } }, ALICE), code);
    });

    it.each([
      ['another version', (b: SecBundle) => ({ ...b, v: 2 }), 'BUNDLE_UNSUPPORTED'],
      ['a version string', (b: SecBundle) => ({ ...b, v: '1' }), 'BUNDLE_MALFORMED'],
      ['an unknown field', (b: SecBundle) => ({ ...b, note: 'hi' }), 'BUNDLE_MALFORMED'],
      ['a missing field', ({ ivB64: _iv, ...rest }: SecBundle) => rest, 'BUNDLE_MALFORMED'],
      ['a 16-byte IV', (b: SecBundle) => ({ ...b, ivB64: bytesToBase64(new Uint8Array(16)) }), 'BUNDLE_MALFORMED'],
      [
        'URL-safe base64',
        (b: SecBundle) => ({ ...b, ciphertextB64: b.ciphertextB64.replaceAll('+', '-').replaceAll('/', '_') + '-' }),
        'BUNDLE_MALFORMED',
      ],
      ['an extra AAD field', (b: SecBundle) => ({ ...b, aad: { ...b.aad, role: 'dispatcher' } }), 'BUNDLE_MALFORMED'],
      ['not JSON', () => '{"v":1,', 'BUNDLE_MALFORMED'],
      ['an array', () => [], 'BUNDLE_MALFORMED'],
      ['null', () => null, 'BUNDLE_MALFORMED'],
    ] as const)('refuses %s', async (_label, change, code) => {
      await rejectsWith(openBundle((change as (b: SecBundle) => unknown)(bundle), ALICE), code);
    });
  });

  it('re-encrypts under a new password: the new one opens it, the old one no longer does', async () => {
    const renewed = await repasswordBundle(bundle, { username: 'alice', oldPassword: ALICE.password, newPassword: 'new pass phrase' });
    expect(renewed.kdf.saltB64).not.toBe(bundle.kdf.saltB64);
    expect(renewed.ivB64).not.toBe(bundle.ivB64);
    expect(await openBundle(renewed, { username: 'alice', password: 'new pass phrase' })).toEqual(CONTENTS);
    await rejectsWith(openBundle(renewed, ALICE), 'BUNDLE_DECRYPT_FAILED');
  });

  it('refuses re-encryption with a wrong old password', async () => {
    await rejectsWith(repasswordBundle(bundle, { username: 'alice', oldPassword: 'nope', newPassword: 'x' }), 'BUNDLE_DECRYPT_FAILED');
  });

  it.each([
    ['an iteration count below 600 000', { iterations: 100_000 }],
    ['an absurd iteration count', { iterations: 20_000_000 }],
    ['an empty password', { password: '' }],
    ['contents of another user', { contents: { ...CONTENTS, username: 'bob' } }],
    ['contents with an unknown role', { contents: { ...CONTENTS, role: 'admin' } as unknown as BundleContents }],
    ['contents with an extra field', { contents: { ...CONTENTS, email: 'a@b.c' } as BundleContents }],
  ])('refuses to create a bundle with %s (INVALID_ARGUMENT)', async (_label, change) => {
    await rejectsWith(createBundle({ ...ALICE, contents: CONTENTS, ...change }), 'INVALID_ARGUMENT');
  });
});
