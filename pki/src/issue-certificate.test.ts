import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificatePem } from './certificate-signer.ts';
import { ACME, ALICE, createTestCa, issueUserCertificates, mustVerifyCsr, type TestCa } from './fixtures.test-support.ts';
import { createIdentityCsrs } from './identity-csr.ts';
import { generateIdentityKeys, type IdentityKeys } from './identity-keys.ts';
import { issueCertificate } from './issue-certificate.ts';
import { opensslScratch, type OpensslScratch } from './node/openssl.test-support.ts';
import { isPkiError } from './pki-error.ts';
import { POLICY_OIDS } from './role-policy.ts';
import {
  BasicConstraintsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  Pkcs10CertificateRequestGenerator,
} from './x509.ts';

const DAY_MS = 86_400_000;

describe('issueCertificate', () => {
  let ca: TestCa;
  let keys: IdentityKeys;
  let scratch: OpensslScratch;

  beforeAll(async () => {
    [ca, keys, scratch] = await Promise.all([createTestCa(), generateIdentityKeys(), opensslScratch()]);
    await scratch.write({ 'root.pem': ca.root.certPem, 'intermediate.pem': ca.intermediate.certPem });
  });
  afterAll(() => scratch.remove());

  it('issues sig and enc certificates that openssl verifies against root + intermediate', async () => {
    const certs = await issueUserCertificates(ca.intermediate, ACME, keys);
    await scratch.write({ 'sig.pem': certs.sig.certPem, 'enc.pem': certs.enc.certPem });
    const verify = (file: string, ...extra: string[]) =>
      scratch.run(['verify', '-CAfile', 'root.pem', '-untrusted', 'intermediate.pem', ...extra, file]);
    for (const [file, extra] of [
      ['sig.pem', ['-purpose', 'sslclient']],
      ['enc.pem', []],
    ] as const) {
      const result = await verify(file, ...extra);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(`${file}: OK`);
    }
    // Neither may serve as a TLS server certificate (EKU clientAuth only).
    expect((await verify('sig.pem', '-purpose', 'sslserver')).code).not.toBe(0);
    expect((await verify('enc.pem', '-purpose', 'sslserver')).code).not.toBe(0);
  });

  it('writes the documented profile, as openssl reads it', async () => {
    const certs = await issueUserCertificates(ca.intermediate, ACME, keys);
    await scratch.write({ 'sig.pem': certs.sig.certPem, 'enc.pem': certs.enc.certPem });
    const sig = (await scratch.run(['x509', '-in', 'sig.pem', '-noout', '-text', '-nameopt', 'RFC2253'])).stdout;
    const enc = (await scratch.run(['x509', '-in', 'enc.pem', '-noout', '-text', '-nameopt', 'RFC2253'])).stdout;
    expect(sig).toMatch(/X509v3 Key Usage: critical\s+Digital Signature\n/);
    expect(enc).toMatch(/X509v3 Key Usage: critical\s+Key Encipherment\n/);
    for (const text of [sig, enc]) {
      expect(text).toContain('Subject: CN=acme-dispatch,O=Acme Insurance,C=DE');
      expect(text).toMatch(/X509v3 Extended Key Usage:\s+TLS Web Client Authentication\n/);
      expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:FALSE/);
      expect(text).toContain(`Policy: ${POLICY_OIDS.dispatcher}`);
      expect(text).toContain('X509v3 Subject Key Identifier');
      expect(text).toContain('X509v3 Authority Key Identifier');
      expect(text).not.toContain('Jane Doe');
      // 128-bit serial: 16 octets printed as aa:bb:..., top bit set, positive.
      const serial = /Serial Number:\s+([0-9a-f:]+)\n/.exec(text)?.[1] ?? '';
      expect(serial.split(':')).toHaveLength(16);
      expect(Number.parseInt(serial.slice(0, 2), 16)).toBeGreaterThanOrEqual(0x80);
      expect(text).not.toContain('Negative');
    }
    expect(enc).toContain('Public-Key: (3072 bit)');
    expect(sig).toContain('NIST CURVE: P-256');
    const serialOut = (await scratch.run(['x509', '-in', 'sig.pem', '-noout', '-serial'])).stdout.trim();
    expect(serialOut).toBe(`serial=${certs.sig.serialHex.toUpperCase()}`);
  });

  it('uses a one-year validity, backdated a few minutes, and a fresh serial each time', async () => {
    const before = Date.now();
    const first = await issueUserCertificates(ca.intermediate, ALICE, keys);
    const second = await issueUserCertificates(ca.intermediate, ALICE, keys);
    expect(first.sig.serialHex).toMatch(/^[89a-f][0-9a-f]{31}$/);
    expect(new Set([first.sig.serialHex, first.enc.serialHex, second.sig.serialHex, second.enc.serialHex]).size).toBe(4);
    expect(first.sig.notBefore.getTime()).toBeLessThan(before);
    expect(first.sig.notBefore.getTime()).toBeGreaterThan(before - 6 * 60_000);
    expect(Math.round((first.sig.notAfter.getTime() - before) / DAY_MS)).toBe(365);
    const driverCert = parseCertificatePem(first.sig.certPem);
    expect(driverCert.subject).toBe('CN=alice');
    expect(driverCert.getExtension(KeyUsagesExtension)?.usages).toBe(KeyUsageFlags.digitalSignature);
    expect(driverCert.getExtension(ExtendedKeyUsageExtension)?.usages).toEqual([ExtendedKeyUsage.clientAuth]);
  });

  it('clips validityDays to the issuer lifetime', async () => {
    const csrs = await createIdentityCsrs(ALICE, keys);
    const csr = await mustVerifyCsr(csrs.sigCsrPem, ALICE, 'sig');
    const issued = await issueCertificate(ca.intermediate, csr, { kind: 'sig', role: 'driver', validityDays: 36_000 });
    expect(issued.notAfter.getTime()).toBe(parseCertificatePem(ca.intermediate.certPem).notAfter.getTime());
  });

  it('copies no extension from the CSR (a request for CA:true gets CA:false)', async () => {
    const asksForCa = await Pkcs10CertificateRequestGenerator.create({
      name: 'CN=alice',
      keys: keys.sig,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      extensions: [new BasicConstraintsExtension(true, 5, true)],
    });
    const csr = await mustVerifyCsr(asksForCa.toString('pem'), ALICE, 'sig');
    const issued = await issueCertificate(ca.intermediate, csr, { kind: 'sig', role: 'driver' });
    expect(parseCertificatePem(issued.certPem).getExtension(BasicConstraintsExtension)?.ca).toBe(false);
  });

  it('refuses a profile that contradicts the verified CSR with PROFILE_MISMATCH', async () => {
    const csrs = await createIdentityCsrs(ALICE, keys);
    const csr = await mustVerifyCsr(csrs.sigCsrPem, ALICE, 'sig');
    await expect(issueCertificate(ca.intermediate, csr, { kind: 'enc', role: 'driver' })).rejects.toSatisfy((e) =>
      isPkiError(e, 'PROFILE_MISMATCH'),
    );
    await expect(issueCertificate(ca.intermediate, csr, { kind: 'sig', role: 'dispatcher' })).rejects.toSatisfy((e) =>
      isPkiError(e, 'PROFILE_MISMATCH'),
    );
    await expect(issueCertificate(ca.intermediate, csr, { kind: 'sig', role: 'driver', validityDays: 0 })).rejects.toSatisfy((e) =>
      isPkiError(e, 'INVALID_ARGUMENT'),
    );
  });
});
