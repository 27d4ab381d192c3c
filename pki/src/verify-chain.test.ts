import { beforeAll, describe, expect, it } from 'vitest';
import { createIntermediateCa } from './certificate-authority.ts';
import { parseCertificatePem, type IssuedCertificate } from './certificate-signer.ts';
import { createCrl } from './crl.ts';
import { ACME, ALICE, createTestCa, issueUserCertificates, type TestCa } from './fixtures.test-support.ts';
import { generateIdentityKeys, type KeyKind } from './identity-keys.ts';
import { ecdsaSignParams } from './key-algorithms.ts';
import { decodePem, encodePem } from './pem.ts';
import { issueServerCertificate } from './service-certificate.ts';
import { verifyChain, type ChainOptions } from './verify-chain.ts';
import { X509CrlGenerator } from './x509.ts';

const DAY_MS = 86_400_000;

/** Flips one byte of a certificate's DER at `offset` (negative: from the end). */
function tamper(certPem: string, offset: number): string {
  const der = decodePem(certPem, 'CERTIFICATE');
  const index = offset < 0 ? der.length + offset : offset;
  der[index] = (der[index] ?? 0) ^ 0x01;
  return encodePem(der, 'CERTIFICATE');
}

/** Replaces the first occurrence of ASCII `from` in the DER with `to` (same length). */
function rewriteAscii(certPem: string, from: string, to: string): string {
  const der = decodePem(certPem, 'CERTIFICATE');
  const text = Array.from(der, (byte) => String.fromCharCode(byte)).join('');
  const at = text.indexOf(from);
  if (at < 0 || from.length !== to.length) throw new Error('pattern not found');
  for (let i = 0; i < to.length; i++) der[at + i] = to.charCodeAt(i);
  return encodePem(der, 'CERTIFICATE');
}

describe('verifyChain', () => {
  let ca: TestCa;
  let impostor: TestCa;
  let alice: Record<KeyKind, IssuedCertificate>;
  let acme: Record<KeyKind, IssuedCertificate>;
  let forgedAcme: Record<KeyKind, IssuedCertificate>;
  let trust: ChainOptions;

  beforeAll(async () => {
    // The impostor CA copies every name of the platform CA: only keys differ.
    [ca, impostor] = await Promise.all([createTestCa(), createTestCa()]);
    const [aliceKeys, acmeKeys] = await Promise.all([generateIdentityKeys(), generateIdentityKeys()]);
    [alice, acme, forgedAcme] = await Promise.all([
      issueUserCertificates(ca.intermediate, ALICE, aliceKeys),
      issueUserCertificates(ca.intermediate, ACME, acmeKeys),
      // Another key than acme's (here alice's), certified for acme by the impostor.
      issueUserCertificates(impostor.intermediate, ACME, aliceKeys),
    ]);
    trust = { rootPem: ca.root.certPem, intermediatePems: [ca.intermediate.certPem] };
  });

  describe('accepts', () => {
    it('a dispatcher enc certificate of the expected user, kind and role', async () => {
      const check = await verifyChain(acme.enc.certPem, {
        ...trust,
        expectedKind: 'enc',
        expectedRole: 'dispatcher',
        expectedUsername: 'acme-dispatch',
      });
      expect(check).toMatchObject({
        ok: true,
        serialHex: acme.enc.serialHex,
        holder: 'dispatcher',
        subject: { username: 'acme-dispatch', organisation: 'Acme Insurance', country: 'DE' },
      });
    });

    it('a driver sig certificate, and a leaf issued by the root directly', async () => {
      expect(await verifyChain(alice.sig.certPem, { ...trust, expectedKind: 'sig', expectedRole: 'driver' })).toMatchObject({ ok: true });
      const direct = await issueServerCertificate(ca.root, { commonName: 'x', dnsNames: ['localhost'], ipAddresses: [] });
      expect(await verifyChain(direct.certPem, { ...trust, intermediatePems: [] })).toMatchObject({ ok: true, holder: 'service' });
    });
  });

  describe('untrusted-root', () => {
    it('refuses a swapped certificate from a look-alike CA (same names, other keys)', async () => {
      // What a server swapping a dispatcher's certificate for its own key would hand out.
      expect(await verifyChain(forgedAcme.enc.certPem, { ...trust, intermediatePems: [impostor.intermediate.certPem] })).toEqual({
        ok: false,
        reason: 'untrusted-root',
      });
      expect(await verifyChain(forgedAcme.enc.certPem, trust)).toEqual({ ok: false, reason: 'untrusted-root' });
      const everything = [impostor.intermediate.certPem, impostor.root.certPem, ca.intermediate.certPem];
      expect(await verifyChain(forgedAcme.enc.certPem, { ...trust, intermediatePems: everything })).toEqual({
        ok: false,
        reason: 'untrusted-root',
      });
    });

    it('refuses a leaf when its intermediate is missing', async () => {
      expect(await verifyChain(alice.sig.certPem, { ...trust, intermediatePems: [] })).toEqual({ ok: false, reason: 'untrusted-root' });
    });
  });

  describe('bad-signature', () => {
    it('refuses a leaf with a flipped bit in its signature', async () => {
      expect(await verifyChain(tamper(alice.sig.certPem, -2), trust)).toEqual({ ok: false, reason: 'bad-signature' });
    });

    it('refuses a leaf whose subject was edited after signing', async () => {
      const edited = rewriteAscii(acme.enc.certPem, 'acme-dispatch', 'acme-dispatcx');
      expect(await verifyChain(edited, trust)).toEqual({ ok: false, reason: 'bad-signature' });
    });
  });

  describe('validity', () => {
    it('refuses an expired leaf and one not yet valid', async () => {
      expect(await verifyChain(alice.sig.certPem, { ...trust, at: new Date(Date.now() + 366 * DAY_MS) })).toEqual({
        ok: false,
        reason: 'expired',
      });
      expect(await verifyChain(alice.sig.certPem, { ...trust, at: new Date(Date.now() - DAY_MS) })).toEqual({
        ok: false,
        reason: 'not-yet-valid',
      });
    });

    it('refuses a leaf once its intermediate has expired', async () => {
      expect(await verifyChain(alice.sig.certPem, { ...trust, at: new Date(Date.now() + 6 * 365 * DAY_MS) })).toEqual({
        ok: false,
        reason: 'expired',
      });
    });
  });

  describe('wrong-usage', () => {
    it('refuses an enc certificate where a sig certificate is expected, and the reverse', async () => {
      expect(await verifyChain(alice.enc.certPem, { ...trust, expectedKind: 'sig' })).toEqual({ ok: false, reason: 'wrong-usage' });
      expect(await verifyChain(alice.sig.certPem, { ...trust, expectedKind: 'enc' })).toEqual({ ok: false, reason: 'wrong-usage' });
    });

    it('refuses a driver certificate where a dispatcher is expected', async () => {
      expect(await verifyChain(alice.enc.certPem, { ...trust, expectedRole: 'dispatcher' })).toEqual({ ok: false, reason: 'wrong-usage' });
    });

    it('refuses a CA certificate as a leaf', async () => {
      expect(await verifyChain(ca.intermediate.certPem, trust)).toEqual({ ok: false, reason: 'wrong-usage' });
    });

    it('refuses a path longer than the intermediate pathLen 0 allows', async () => {
      const sub = await createIntermediateCa(ca.intermediate, { commonName: 'Rogue Sub CA' });
      const leaf = await issueServerCertificate(sub, { commonName: 'x', dnsNames: ['localhost'], ipAddresses: [] });
      expect(await verifyChain(leaf.certPem, { ...trust, intermediatePems: [ca.intermediate.certPem, sub.certPem] })).toEqual({
        ok: false,
        reason: 'wrong-usage',
      });
    });
  });

  it('refuses another username with wrong-subject', async () => {
    expect(await verifyChain(acme.enc.certPem, { ...trust, expectedUsername: 'acme-dispatch2' })).toEqual({
      ok: false,
      reason: 'wrong-subject',
    });
  });

  describe('revocation', () => {
    it('refuses a leaf listed on its issuer CRL, and accepts the others', async () => {
      const crlPem = await createCrl(ca.intermediate, [{ serialHex: alice.sig.serialHex, revokedAt: new Date() }]);
      expect(await verifyChain(alice.sig.certPem, { ...trust, crlPems: [crlPem] })).toEqual({ ok: false, reason: 'revoked' });
      expect(await verifyChain(alice.enc.certPem, { ...trust, crlPems: [crlPem] })).toMatchObject({ ok: true });
    });

    it('treats a certificate as valid before its revocation date (evidence checked at capture time)', async () => {
      const revokedAt = new Date(Date.now() + DAY_MS);
      const crlPem = await createCrl(ca.intermediate, [{ serialHex: alice.sig.serialHex, revokedAt }], {
        nextUpdate: new Date(Date.now() + 10 * DAY_MS),
      });
      expect(await verifyChain(alice.sig.certPem, { ...trust, crlPems: [crlPem] })).toMatchObject({ ok: true });
      expect(await verifyChain(alice.sig.certPem, { ...trust, crlPems: [crlPem], at: new Date(Date.now() + 2 * DAY_MS) })).toEqual({
        ok: false,
        reason: 'revoked',
      });
    });

    it('refuses a revoked intermediate through the root CRL', async () => {
      const { serialNumber } = parseCertificatePem(ca.intermediate.certPem);
      const rootCrl = await createCrl(ca.root, [{ serialHex: serialNumber, revokedAt: new Date() }]);
      const intermediateCrl = await createCrl(ca.intermediate, []);
      expect(await verifyChain(alice.sig.certPem, { ...trust, crlPems: [intermediateCrl, rootCrl] })).toEqual({
        ok: false,
        reason: 'revoked',
      });
    });

    it.each([
      [
        'a stale CRL (nextUpdate passed)',
        async () =>
          createCrl(ca.intermediate, [], { thisUpdate: new Date(Date.now() - 9 * DAY_MS), nextUpdate: new Date(Date.now() - DAY_MS) }),
      ],
      ['a CRL from the look-alike CA', async () => createCrl(impostor.intermediate, [])],
      ['only a root CRL (the leaf issuer is not covered)', async () => createCrl(ca.root, [])],
      [
        'a CRL without nextUpdate',
        async () => {
          const crl = await X509CrlGenerator.create({
            issuer: parseCertificatePem(ca.intermediate.certPem).subjectName,
            signingKey: ca.intermediate.keys.privateKey,
            signingAlgorithm: ecdsaSignParams(),
            entries: [{ serialNumber: alice.sig.serialHex, revocationDate: new Date() }],
          });
          return encodePem(new Uint8Array(crl.rawData), 'X509 CRL');
        },
      ],
    ])('refuses %s with crl-invalid', async (_label, makeCrl) => {
      expect(await verifyChain(alice.sig.certPem, { ...trust, crlPems: [await makeCrl()] })).toEqual({ ok: false, reason: 'crl-invalid' });
    });
  });

  it('checks no revocation for an empty CRL list, and throws for an invalid date', async () => {
    expect(await verifyChain(alice.sig.certPem, { ...trust, crlPems: [] })).toMatchObject({ ok: true });
    await expect(verifyChain(alice.sig.certPem, { ...trust, at: new Date('no date') })).rejects.toThrow('at must be a valid Date');
  });

  describe('malformed', () => {
    it.each([
      ['a garbage leaf', () => ['garbage', trust] as const],
      ['a garbage root', () => [alice.sig.certPem, { ...trust, rootPem: 'garbage' }] as const],
      ['a CSR label as leaf', () => [alice.sig.certPem.replaceAll('CERTIFICATE', 'CERTIFICATE REQUEST'), trust] as const],
      ['a leaf followed by another block', () => [`${alice.sig.certPem}\n${ca.intermediate.certPem}`, trust] as const],
      [
        'five intermediates',
        () => [alice.sig.certPem, { ...trust, intermediatePems: Array<string>(5).fill(ca.intermediate.certPem) }] as const,
      ],
      [
        'a garbage CRL',
        () => [alice.sig.certPem, { ...trust, crlPems: ['-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----'] }] as const,
      ],
      ['an oversized leaf', () => [alice.sig.certPem.replace('-----END', `${' '.repeat(17_000)}\n-----END`), trust] as const],
    ])('refuses %s', async (_label, input) => {
      const [leaf, options] = input();
      expect(await verifyChain(leaf, options)).toEqual({ ok: false, reason: 'malformed' });
    });
  });
});
