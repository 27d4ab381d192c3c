/**
 * Test support (not exported): a throwaway CA and user certificates made with the real code.
 */
import type { GrantStatementFields } from '@seccam/schema';
import type { BundleContents } from './bundle-format.ts';
import { createIntermediateCa, createRootCa, type CertificateAuthority } from './certificate-authority.ts';
import type { IssuedCertificate } from './certificate-signer.ts';
import { createIdentityCsrs } from './identity-csr.ts';
import type { IdentityKeys, KeyKind } from './identity-keys.ts';
import { issueCertificate } from './issue-certificate.ts';
import type { CsrSubject } from './subject-name.ts';
import { verifyCsr, type ParsedCsr } from './verify-csr.ts';

/** Root + intermediate, as the platform runs them. */
export interface TestCa {
  root: CertificateAuthority;
  intermediate: CertificateAuthority;
}

/** Makes a root and an intermediate with the given names (defaults: the platform's). */
export async function createTestCa(names = { root: 'SecCam Root CA', intermediate: 'SecCam Intermediate CA' }): Promise<TestCa> {
  const root = await createRootCa({ commonName: names.root, organisation: 'SecCam' });
  const intermediate = await createIntermediateCa(root, { commonName: names.intermediate, organisation: 'SecCam' });
  return { root, intermediate };
}

/** A driver subject. */
export const ALICE: CsrSubject = { username: 'alice', role: 'driver' };
/** A dispatcher subject. */
export const ACME: CsrSubject = {
  username: 'acme-dispatch',
  role: 'dispatcher',
  fullName: 'Jane Doe',
  organisation: 'Acme Insurance',
  country: 'DE',
};

/** Verifies a CSR that must pass and returns it. */
export async function mustVerifyCsr(csrPem: string, subject: CsrSubject, kind: KeyKind): Promise<ParsedCsr> {
  const check = await verifyCsr(csrPem, { ...subject, kind });
  if (!check.ok) throw new Error(`CSR refused: ${check.reason}`);
  return check.csr;
}

/** Issues the sig and enc certificates of `subject` with `keys`. */
export async function issueUserCertificates(
  ca: CertificateAuthority,
  subject: CsrSubject,
  keys: IdentityKeys,
): Promise<Record<KeyKind, IssuedCertificate>> {
  const csrs = await createIdentityCsrs(subject, keys);
  const sig = await issueCertificate(ca, await mustVerifyCsr(csrs.sigCsrPem, subject, 'sig'), { kind: 'sig', role: subject.role });
  const enc = await issueCertificate(ca, await mustVerifyCsr(csrs.encCsrPem, subject, 'enc'), { kind: 'enc', role: subject.role });
  return { sig, enc };
}

/** A grant statement's fields: alice shares all her streams with acmeops, for good. */
export const SAMPLE_GRANT: GrantStatementFields = {
  grantId: '0b6f4c1e-9a55-4c0d-8f7e-2a3b4c5d6e7f',
  driver: 'alice',
  dispatcher: 'acmeops',
  dispatcherEncSerial: '7f3a',
  scope: 'all',
  streamIds: [],
  expiresAt: null,
  createdAt: new Date('2026-01-02T03:04:05.000Z'),
};

/**
 * Bundle contents with placeholder strings: the bundle layer checks shapes only (keys are
 * checked by importBundleKeys), which keeps the bundle suites free of key generation.
 */
export const PLACEHOLDER_BUNDLE_CONTENTS: BundleContents = {
  username: 'alice',
  role: 'driver',
  sigPrivateKeyPkcs8B64: 'c2lnLWtleQ==',
  encPrivateKeyPkcs8B64: 'ZW5jLWtleQ==',
  sigCertPem: '-----BEGIN CERTIFICATE-----\nc2ln\n-----END CERTIFICATE-----',
  encCertPem: '-----BEGIN CERTIFICATE-----\nZW5j\n-----END CERTIFICATE-----',
  chainPem: ['-----BEGIN CERTIFICATE-----\naW50\n-----END CERTIFICATE-----'],
  rootPem: '-----BEGIN CERTIFICATE-----\ncm9vdA==\n-----END CERTIFICATE-----',
};
