import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuedCertificate } from './certificate-signer.ts';
import { createCrl } from './crl.ts';
import { ALICE, createTestCa, issueUserCertificates, type TestCa } from './fixtures.test-support.ts';
import { generateIdentityKeys, type KeyKind } from './identity-keys.ts';
import { opensslScratch, type OpensslScratch } from './node/openssl.test-support.ts';
import { decodePem } from './pem.ts';
import { isPkiError } from './pki-error.ts';
import { X509Crl } from './x509.ts';

const DAY_MS = 86_400_000;

describe('createCrl', () => {
  let ca: TestCa;
  let alice: Record<KeyKind, IssuedCertificate>;
  let scratch: OpensslScratch;

  beforeAll(async () => {
    const [testCa, keys, dir] = await Promise.all([createTestCa(), generateIdentityKeys(), opensslScratch()]);
    ca = testCa;
    scratch = dir;
    alice = await issueUserCertificates(ca.intermediate, ALICE, keys);
    await scratch.write({
      'root.pem': ca.root.certPem,
      'intermediate.pem': ca.intermediate.certPem,
      'sig.pem': alice.sig.certPem,
      'enc.pem': alice.enc.certPem,
    });
  });
  afterAll(() => scratch.remove());

  it('writes a PEM labelled X509 CRL that openssl parses, with entries, nextUpdate, AKI and CRL number', async () => {
    const revokedAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    const crlPem = await createCrl(ca.intermediate, [{ serialHex: alice.sig.serialHex, revokedAt }], { crlNumber: 7n });
    expect(crlPem.startsWith('-----BEGIN X509 CRL-----\n')).toBe(true);
    await scratch.write({ 'crl.pem': crlPem });
    const result = await scratch.run(['crl', '-inform', 'PEM', '-in', 'crl.pem', '-noout', '-text', '-CAfile', 'intermediate.pem']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('verify OK');
    expect(result.stdout).toContain(`Serial Number: ${alice.sig.serialHex.toUpperCase()}`);
    expect(result.stdout).toMatch(/Next Update: \w{3}/);
    expect(result.stdout).toMatch(/X509v3 CRL Number:\s+7\n/);
    expect(result.stdout).toContain('X509v3 Authority Key Identifier');
    const parsed = new X509Crl(decodePem(crlPem, 'X509 CRL'));
    expect(parsed.findRevoked(alice.sig.serialHex)?.revocationDate.getTime()).toBe(revokedAt.getTime());
    expect(parsed.nextUpdate?.getTime()).toBe(parsed.thisUpdate.getTime() + 7 * DAY_MS);
  });

  it('makes openssl verify -crl_check refuse the revoked leaf and accept the other', async () => {
    const crlPem = await createCrl(ca.intermediate, [{ serialHex: alice.sig.serialHex, revokedAt: new Date() }]);
    await scratch.write({ 'crl.pem': crlPem });
    const verify = (leaf: string) =>
      scratch.run(['verify', '-crl_check', '-CAfile', 'root.pem', '-untrusted', 'intermediate.pem', '-CRLfile', 'crl.pem', leaf]);
    const revoked = await verify('sig.pem');
    expect(revoked.code).not.toBe(0);
    expect(revoked.stdout + revoked.stderr).toContain('certificate revoked');
    const fine = await verify('enc.pem');
    expect(fine.code, fine.stderr).toBe(0);
  });

  it('accepts serials with a sign octet or in upper case, and refuses bad input', async () => {
    const crlPem = await createCrl(ca.intermediate, [{ serialHex: `00${alice.enc.serialHex.toUpperCase()}`, revokedAt: new Date() }]);
    expect(new X509Crl(decodePem(crlPem, 'X509 CRL')).findRevoked(alice.enc.serialHex)).not.toBeNull();
    const now = new Date();
    for (const [revoked, options] of [
      [[{ serialHex: 'xyz', revokedAt: now }], {}],
      [[{ serialHex: '', revokedAt: now }], {}],
      [[{ serialHex: 'ab'.repeat(21), revokedAt: now }], {}],
      [
        [
          { serialHex: alice.sig.serialHex, revokedAt: now },
          { serialHex: alice.sig.serialHex.toUpperCase(), revokedAt: now },
        ],
        {},
      ],
      [[], { thisUpdate: now, nextUpdate: now }],
    ] as const) {
      await expect(createCrl(ca.intermediate, revoked, options)).rejects.toSatisfy((e) => isPkiError(e, 'INVALID_ARGUMENT'));
    }
  });
});
