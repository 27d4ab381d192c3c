import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToBase64 } from '@seccam/schema';
import { exportBundleKeys, importBundleKeys, type BundleKeys } from './bundle-keys.ts';
import type { IssuedCertificate } from './certificate-signer.ts';
import { importCertificatePublicKey } from './certificate-info.ts';
import { ALICE, createTestCa, issueUserCertificates } from './fixtures.test-support.ts';
import { generateIdentityKeys, type IdentityKeys, type KeyKind } from './identity-keys.ts';
import { isPkiError } from './pki-error.ts';

describe('bundle keys', () => {
  let keys: IdentityKeys;
  let exported: BundleKeys;
  let certs: Record<KeyKind, IssuedCertificate>;

  beforeAll(async () => {
    const [identity, ca] = await Promise.all([generateIdentityKeys(), createTestCa()]);
    keys = identity;
    certs = await issueUserCertificates(ca.intermediate, ALICE, keys);
    exported = await exportBundleKeys(keys);
  });

  it('round-trips to keys that sign (ECDSA) and decrypt / unwrap (RSA-OAEP), matching the certificates', async () => {
    const imported = await importBundleKeys({ ...exported, sigCertPem: certs.sig.certPem, encCertPem: certs.enc.certPem });
    expect(imported.sig.privateKey.extractable || imported.enc.privateKey.extractable).toBe(false);

    const message = new TextEncoder().encode('chunk');
    const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, imported.sig.privateKey, message);
    const sigCertKey = await importCertificatePublicKey(certs.sig.certPem, 'sig');
    expect(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, sigCertKey, signature, message)).toBe(true);

    const encCertKey = await importCertificatePublicKey(certs.enc.certPem, 'enc');
    const contentKey = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt']);
    const wrapped = await crypto.subtle.wrapKey('raw', contentKey, encCertKey, { name: 'RSA-OAEP' });
    const unwrapped = await crypto.subtle.unwrapKey('raw', wrapped, imported.enc.privateKey, { name: 'RSA-OAEP' }, 'AES-GCM', true, [
      'decrypt',
    ]);
    expect(bytesToBase64(new Uint8Array(await crypto.subtle.exportKey('raw', unwrapped)))).toBe(
      bytesToBase64(new Uint8Array(await crypto.subtle.exportKey('raw', contentKey))),
    );
    const secret = await crypto.subtle.encrypt({ name: 'RSA-OAEP' }, imported.enc.publicKey, message);
    expect(new TextDecoder().decode(await crypto.subtle.decrypt({ name: 'RSA-OAEP' }, imported.enc.privateKey, secret))).toBe('chunk');
  });

  it('can import extractable keys on request', async () => {
    const imported = await importBundleKeys(exported, { extractable: true });
    expect(bytesToBase64(new Uint8Array(await crypto.subtle.exportKey('pkcs8', imported.enc.privateKey)))).toBe(
      exported.encPrivateKeyPkcs8B64,
    );
  });

  it('refuses a key that does not belong to its certificate with KEY_MISMATCH', async () => {
    const other = await exportBundleKeys({
      ...keys,
      sig: await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']),
    });
    await expect(importBundleKeys({ ...other, sigCertPem: certs.sig.certPem })).rejects.toSatisfy((e) => isPkiError(e, 'KEY_MISMATCH'));
  });

  it.each([
    [
      'swapped keys',
      () => ({ sigPrivateKeyPkcs8B64: exported.encPrivateKeyPkcs8B64, encPrivateKeyPkcs8B64: exported.sigPrivateKeyPkcs8B64 }),
    ],
    ['non-base64', () => ({ ...exported, sigPrivateKeyPkcs8B64: 'not base64!' })],
    ['random bytes', () => ({ ...exported, encPrivateKeyPkcs8B64: bytesToBase64(crypto.getRandomValues(new Uint8Array(64))) })],
  ])('refuses %s with KEY_MALFORMED', async (_label, input) => {
    await expect(importBundleKeys(input())).rejects.toSatisfy((e) => isPkiError(e, 'KEY_MALFORMED'));
  });

  it('refuses an RSA-2048 enc key with KEY_MALFORMED', async () => {
    const small = await crypto.subtle.generateKey(
      { name: 'RSA-OAEP', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      true,
      ['encrypt', 'decrypt'],
    );
    const input = await exportBundleKeys({ ...keys, enc: small });
    await expect(importBundleKeys(input)).rejects.toSatisfy((e) => isPkiError(e, 'KEY_MALFORMED'));
  });
});
