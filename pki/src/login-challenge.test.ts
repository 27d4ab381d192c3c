import { beforeAll, describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64 } from '@seccam/schema';
import type { IssuedCertificate } from './certificate-signer.ts';
import { ALICE, createTestCa, issueUserCertificates } from './fixtures.test-support.ts';
import { generateIdentityKeys, type IdentityKeys, type KeyKind } from './identity-keys.ts';
import { decodeLoginSignature, loginChallengeMessage, signLoginChallenge, verifyLoginSignature } from './login-challenge.ts';
import { isPkiError } from './pki-error.ts';

const FIELDS = { origin: 'https://seccam.example', username: 'alice', challengeId: 'c-123', nonce: 'bm9uY2U' };

describe('login challenge', () => {
  let keys: IdentityKeys;
  let certs: Record<KeyKind, IssuedCertificate>;

  beforeAll(async () => {
    const [identity, ca] = await Promise.all([generateIdentityKeys(), createTestCa()]);
    keys = identity;
    certs = await issueUserCertificates(ca.intermediate, ALICE, keys);
  });

  it('builds exactly the documented message', () => {
    expect(new TextDecoder().decode(loginChallengeMessage(FIELDS))).toBe('seccam-login/v1|https://seccam.example|alice|c-123|bm9uY2U');
  });

  it.each([
    ['a separator in the username', { username: 'ali|ce' }],
    ['a newline in the nonce', { nonce: 'a\nb' }],
    ['an empty challenge id', { challengeId: '' }],
    ['an oversized origin', { origin: `https://${'a'.repeat(600)}` }],
  ])('refuses %s with INVALID_ARGUMENT', (_label, change) => {
    expect(() => loginChallengeMessage({ ...FIELDS, ...change })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('signs with 64-byte raw r||s that the sig certificate verifies', async () => {
    const message = loginChallengeMessage(FIELDS);
    const signatureB64 = await signLoginChallenge(keys.sig.privateKey, message);
    expect(base64ToBytes(signatureB64)).toHaveLength(64);
    expect(await verifyLoginSignature(certs.sig.certPem, message, signatureB64)).toBe(true);
    expect(await verifyLoginSignature(certs.sig.certPem, loginChallengeMessage({ ...FIELDS, nonce: 'other' }), signatureB64)).toBe(false);
    expect(
      await verifyLoginSignature(certs.sig.certPem, loginChallengeMessage({ ...FIELDS, origin: 'https://evil.example' }), signatureB64),
    ).toBe(false);
  });

  it('answers false, without throwing, for malformed signatures', async () => {
    const message = loginChallengeMessage(FIELDS);
    const good = base64ToBytes(await signLoginChallenge(keys.sig.privateKey, message));
    for (const signature of [
      '',
      'not base64!',
      bytesToBase64(good.subarray(0, 63)),
      bytesToBase64(new Uint8Array(64)),
      bytesToBase64(new Uint8Array([...good, 0])),
      42 as unknown as string,
    ]) {
      expect(await verifyLoginSignature(certs.sig.certPem, message, signature)).toBe(false);
    }
  });

  it('throws for a certificate that is not a sig certificate', async () => {
    const message = loginChallengeMessage(FIELDS);
    const signatureB64 = await signLoginChallenge(keys.sig.privateKey, message);
    await expect(verifyLoginSignature(certs.enc.certPem, message, signatureB64)).rejects.toSatisfy((e) => isPkiError(e, 'KEY_MALFORMED'));
    await expect(verifyLoginSignature('garbage', message, signatureB64)).rejects.toSatisfy((e) => isPkiError(e, 'PEM_MALFORMED'));
  });

  it('parses the signature as base64 or base64url, padded or not, and nothing else', () => {
    const raw = new Uint8Array(64).map((_, i) => (i * 37 + 251) & 0xff);
    const standard = bytesToBase64(raw);
    const url = standard.replaceAll('+', '-').replaceAll('/', '_');
    for (const text of [standard, standard.replace(/=+$/, ''), url, url.replace(/=+$/, '')]) {
      expect(decodeLoginSignature(text)).toEqual(raw);
    }
    const malformed = [
      '',
      '!!',
      bytesToBase64(raw.slice(0, 63)),
      bytesToBase64(new Uint8Array(65)),
      `${url.slice(0, -4)}+/==`,
      'A'.repeat(300),
    ];
    for (const text of malformed) expect(() => decodeLoginSignature(text)).toThrow(/64-byte raw ECDSA P-256 signature/);
  });
});
