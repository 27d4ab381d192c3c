import { bytesToHex } from '@seccam/schema';
import { describe, expect, it } from 'vitest';
import { createRootCa } from './certificate-authority.ts';
import { encodeContactPayload, isContactPayloadText, parseContactPayload } from './contact-payload.ts';
import { certificateSafetyCode, isSameSafetyCode, safetyCodeOfFingerprints } from './safety-code.ts';
import { certificateFingerprint, certificateVerificationCode } from './verification-code.ts';

const counting = Uint8Array.from({ length: 32 }, (_, i) => i);
const zeros = new Uint8Array(32);
const ones = new Uint8Array(32).fill(0xff);

describe('safety codes', () => {
  it('hashes the domain and the sorted fingerprints (docs/PROTOCOL.md §12 vectors), the same in either order', async () => {
    // SHA-256("seccam-safety-code/v1\0" || 00×32 || 00 01 … 1f) = 5e3f59b9…105f7863
    expect(await safetyCodeOfFingerprints(counting, zeros)).toBe('70659 52980 47976 94510 55199 16831');
    expect(await safetyCodeOfFingerprints(zeros, counting)).toBe('70659 52980 47976 94510 55199 16831');
    // SHA-256("seccam-safety-code/v1\0" || 00 01 … 1f || ff×32) = 6f2a491c…2acdc686
    expect(await safetyCodeOfFingerprints(ones, counting)).toBe('04418 17358 80798 60735 64579 11693');
    await expect(safetyCodeOfFingerprints(counting, new Uint8Array(31))).rejects.toThrow(RangeError);
  });

  it('names the pair: symmetric for two real certificates, different when either changes, never a verification code', async () => {
    const [a, b, c] = await Promise.all(['A', 'B', 'C'].map((n) => createRootCa({ commonName: `Safety Code ${n}` })));
    if (a === undefined || b === undefined || c === undefined) throw new Error('no roots');
    const ab = await certificateSafetyCode(a.certPem, b.certPem);
    expect(await certificateSafetyCode(b.certPem, a.certPem)).toBe(ab);
    expect(ab).toMatch(/^(\d{5} ){5}\d{5}$/);
    expect(await certificateSafetyCode(a.certPem, c.certPem)).not.toBe(ab);
    expect(await certificateSafetyCode(c.certPem, b.certPem)).not.toBe(ab);
    expect(ab).not.toBe(await certificateVerificationCode(a.certPem));
    expect(isSameSafetyCode(ab.replaceAll(' ', ''), ab)).toBe(true);
    expect(isSameSafetyCode(` ${ab} `, ab)).toBe(true);
    expect(isSameSafetyCode(ab.slice(0, -1) + (ab.endsWith('0') ? '1' : '0'), ab)).toBe(false);
    expect(isSameSafetyCode('', '')).toBe(false);
  });
});

describe('contact payloads', () => {
  it('round-trips the username and the fingerprint', async () => {
    const root = await createRootCa({ commonName: 'Contact Payload Root' });
    const fingerprint = await certificateFingerprint(root.certPem);
    const payload = encodeContactPayload('acme1', fingerprint);
    expect(payload).toBe(`seccam-contact:1:acme1:${bytesToHex(fingerprint)}`);
    expect(parseContactPayload(`  ${payload}\n`)).toEqual({ username: 'acme1', fingerprintHex: bytesToHex(fingerprint) });
    expect(isContactPayloadText(payload)).toBe(true);
    expect(isContactPayloadText('12345 67890')).toBe(false);
  });

  it('refuses anything else', () => {
    const hex = bytesToHex(counting);
    for (const bad of [
      `seccam-contact:2:acme1:${hex}`,
      `seccam-contact:1:Acme1:${hex}`,
      `seccam-contact:1:acme1:${hex.toUpperCase()}`,
      `seccam-contact:1:acme1:${hex.slice(2)}`,
      `seccam-contact:1:acme1:${hex}:extra`,
      `seccam-contact:1:a:${hex}`,
    ])
      expect(() => parseContactPayload(bad), bad).toThrow(/damaged or from another version/);
    expect(() => parseContactPayload('https://example.com')).toThrow(/not a SecCam contact code/);
    expect(() => encodeContactPayload('no', counting)).toThrow(/not a username/);
    expect(() => encodeContactPayload('acme1', zeros.subarray(1))).toThrow(RangeError);
  });
});
