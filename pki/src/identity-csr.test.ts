import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME, ALICE } from './fixtures.test-support.ts';
import { createIdentityCsrs } from './identity-csr.ts';
import { generateIdentityKeys, type IdentityKeys } from './identity-keys.ts';
import { opensslScratch, type OpensslScratch } from './node/openssl.test-support.ts';
import { isPkiError } from './pki-error.ts';
import { verifyCsr } from './verify-csr.ts';

describe('createIdentityCsrs', () => {
  let keys: IdentityKeys;
  let scratch: OpensslScratch;

  beforeAll(async () => {
    [keys, scratch] = await Promise.all([generateIdentityKeys(), opensslScratch()]);
  });
  afterAll(() => scratch.remove());

  it('generates extractable ECDSA P-256 and RSA-OAEP 3072 key pairs', () => {
    expect(keys.sig.privateKey.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-256' });
    expect(keys.enc.privateKey.algorithm).toMatchObject({ name: 'RSA-OAEP', modulusLength: 3072, hash: { name: 'SHA-256' } });
    expect(keys.sig.privateKey.extractable && keys.enc.privateKey.extractable).toBe(true);
  });

  it('makes a sig and an enc CSR that our verifier accepts for a driver', async () => {
    const csrs = await createIdentityCsrs(ALICE, keys);
    expect((await verifyCsr(csrs.sigCsrPem, { ...ALICE, kind: 'sig' })).ok).toBe(true);
    expect((await verifyCsr(csrs.encCsrPem, { ...ALICE, kind: 'enc' })).ok).toBe(true);
  });

  it('makes CSRs that openssl verifies, with CN / O / C and no full name for a dispatcher', async () => {
    const csrs = await createIdentityCsrs(ACME, keys);
    await scratch.write({ 'sig.csr': csrs.sigCsrPem, 'enc.csr': csrs.encCsrPem });
    for (const file of ['sig.csr', 'enc.csr']) {
      const result = await scratch.run(['req', '-in', file, '-verify', '-noout', '-subject', '-nameopt', 'RFC2253']);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr + result.stdout).toContain('verify OK');
      expect(result.stdout).toContain('subject=CN=acme-dispatch,O=Acme Insurance,C=DE');
    }
    const text = await scratch.run(['req', '-in', 'enc.csr', '-noout', '-text']);
    expect(text.stdout).toContain('Public-Key: (3072 bit)');
    expect(text.stdout).toContain('rsassaPss');
    expect(text.stdout).toMatch(/Attributes:\s+\(none\)/);
  });

  it.each([
    ['a driver with an organisation', { ...ALICE, organisation: 'Acme' }],
    ['a dispatcher without a country', { ...ACME, country: undefined }],
    ['a lower-case country', { ...ACME, country: 'de' }],
    ['a username with the login separator', { ...ALICE, username: 'al|ce' }],
    ['a username with a control character', { ...ALICE, username: 'al\nce' }],
    ['a username longer than 64 characters', { ...ALICE, username: 'a'.repeat(65) }],
    ['an unknown role', { ...ALICE, role: 'admin' as never }],
  ])('refuses %s with INVALID_ARGUMENT', async (_label, subject) => {
    await expect(createIdentityCsrs(subject, keys)).rejects.toSatisfy((e) => isPkiError(e, 'INVALID_ARGUMENT'));
  });

  it('refuses non-extractable enc keys with KEY_MALFORMED', async () => {
    const pkcs8 = await crypto.subtle.exportKey('pkcs8', keys.enc.privateKey);
    const locked = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['decrypt']);
    await expect(createIdentityCsrs(ALICE, { ...keys, enc: { ...keys.enc, privateKey: locked } })).rejects.toSatisfy((e) =>
      isPkiError(e, 'KEY_MALFORMED'),
    );
  });
});
