import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntermediateCa, createRootCa, type CertificateAuthority } from './certificate-authority.ts';
import { parseCertificatePem, signCertificate } from './certificate-signer.ts';
import { ALICE, issueUserCertificates } from './fixtures.test-support.ts';
import { generateIdentityKeys } from './identity-keys.ts';
import { ensurePki } from './node/ensure-pki.ts';
import { splitPemBlocks } from './pem.ts';
import { isPkiError } from './pki-error.ts';
import { DEFAULT_POLICY_ARC, holderOfPolicies, isPolicyArc, POLICY_OIDS, policyArcOfCertificate, policyOidsOf } from './role-policy.ts';
import { verifyChain } from './verify-chain.ts';
import { BasicConstraintsExtension, CertificatePolicyExtension, KeyUsageFlags, KeyUsagesExtension } from './x509.ts';

/** A deployment's own arc (under a made-up PEN). */
const ARC = '1.3.6.1.4.1.999999.7';

describe('role policy arc', () => {
  let root: CertificateAuthority;
  let intermediate: CertificateAuthority;

  beforeAll(async () => {
    root = await createRootCa({ commonName: 'Own Arc Root', policyArc: ARC });
    intermediate = await createIntermediateCa(root, { commonName: 'Own Arc Intermediate' });
  });

  it('travels in the CA certificates: the root names it, the intermediate inherits it', () => {
    expect(policyArcOfCertificate(parseCertificatePem(root.certPem))).toBe(ARC);
    expect(policyArcOfCertificate(parseCertificatePem(intermediate.certPem))).toBe(ARC);
    expect(parseCertificatePem(root.certPem).getExtension(CertificatePolicyExtension)?.policies).toEqual([
      `${ARC}.1`,
      `${ARC}.2`,
      `${ARC}.3`,
    ]);
  });

  it('is what issuance writes and what verifyChain reads from the pinned root', async () => {
    const certs = await issueUserCertificates(intermediate, ALICE, await generateIdentityKeys());
    expect(parseCertificatePem(certs.sig.certPem).getExtension(CertificatePolicyExtension)?.policies).toEqual([`${ARC}.1`]);
    const check = await verifyChain(certs.sig.certPem, {
      rootPem: root.certPem,
      intermediatePems: [intermediate.certPem],
      expectedKind: 'sig',
      expectedRole: 'driver',
    });
    expect(check).toMatchObject({ ok: true, holder: 'driver' });
    expect(
      await verifyChain(certs.sig.certPem, { rootPem: root.certPem, intermediatePems: [intermediate.certPem], expectedRole: 'dispatcher' }),
    ).toEqual({
      ok: false,
      reason: 'wrong-usage',
    });
  });

  it('names no role for a certificate under another arc, even one the CA signed', async () => {
    const keys = await generateIdentityKeys();
    const defaultArcLeaf = await signCertificate(
      intermediate,
      {
        subject: [{ CN: ['alice'] }],
        publicKey: keys.sig.publicKey,
        extensions: [
          new BasicConstraintsExtension(false, undefined, true),
          new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
          new CertificatePolicyExtension([POLICY_OIDS.driver]),
        ],
        validityDays: 1,
      },
      null,
      globalThis.crypto,
    );
    const options = { rootPem: root.certPem, intermediatePems: [intermediate.certPem] };
    expect(await verifyChain(defaultArcLeaf.certPem, options)).toMatchObject({ ok: true, holder: null });
    expect(await verifyChain(defaultArcLeaf.certPem, { ...options, expectedRole: 'driver' })).toEqual({ ok: false, reason: 'wrong-usage' });
  });

  it('reads a CA certificate without policies as the default arc, and one with a partial set as none', async () => {
    const keys = await generateIdentityKeys();
    const ca = (extensions: CertificatePolicyExtension[]) =>
      signCertificate(
        null,
        {
          subject: [{ CN: ['Old Root'] }],
          publicKey: keys.sig.publicKey,
          extensions: [new BasicConstraintsExtension(true, 1, true), ...extensions],
          validityDays: 1,
        },
        keys.sig,
        globalThis.crypto,
      );
    expect(policyArcOfCertificate(parseCertificatePem((await ca([])).certPem))).toBe(DEFAULT_POLICY_ARC);
    const partial = new CertificatePolicyExtension([`${ARC}.1`, `${ARC}.2`]);
    expect(policyArcOfCertificate(parseCertificatePem((await ca([partial])).certPem))).toBeNull();
    expect(holderOfPolicies([`${ARC}.1`], null)).toBeNull();
  });

  it('accepts only dotted OIDs', () => {
    expect(isPolicyArc(ARC)).toBe(true);
    for (const bad of [
      '',
      '3.1',
      '1.3.6.01',
      '1',
      '1.3.6.1.',
      'a.b',
      '2.25.329800735698586629295641978511506172918',
      `1.${'2.'.repeat(70)}3`,
    ])
      expect(isPolicyArc(bad)).toBe(false);
    expect(() => policyOidsOf('1.3.6.01')).toThrow(/dotted OID/);
  });
});

describe('ensurePki with a policy arc', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seccam-arc-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('makes the store under the arc, and refuses to reopen it under another one', async () => {
    const store = join(dir, 'pki');
    const made = await ensurePki(store, { policyArc: ARC });
    expect(policyArcOfCertificate(parseCertificatePem(made.rootPem))).toBe(ARC);
    const apiCert = parseCertificatePem(splitPemBlocks(made.serverCertPem)[0] ?? '');
    expect(apiCert.getExtension(CertificatePolicyExtension)?.policies).toEqual([`${ARC}.3`]);
    await expect(ensurePki(store)).rejects.toSatisfy((e: unknown) => isPkiError(e, 'PKI_STORE_INVALID') && /policy arc/.test(e.message));
    await expect(ensurePki(store, { policyArc: ARC })).resolves.toMatchObject({ rootPem: made.rootPem });
  });
});
