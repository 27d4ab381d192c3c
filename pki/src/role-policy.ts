import { parseCertificatePem } from './certificate-signer.ts';
import { PkiError } from './pki-error.ts';
import type { Role } from './subject-name.ts';
import { CertificatePolicyExtension, type X509Certificate } from './x509.ts';

/**
 * Certificate policy OIDs that carry the holder's role (RFC 5280 §4.2.1.4).
 *
 * [Note: policy OID arc]
 * Layout: `<arc>.1` driver, `<arc>.2` dispatcher, `<arc>.3` platform service (API server
 * certificate, nginx->API mTLS client certificate). The service policy lets the API tell
 * nginx's client certificate from a user certificate that happens to have the same CN.
 *
 * The default arc sits under 1.3.6.1.4.1.32473, the IANA Private Enterprise Number reserved
 * for documentation and examples (RFC 5612): it is ILLUSTRATIVE, and a deployment names its own
 * (under its own PEN) with `SECCAM_POLICY_ARC` before its CA is created.
 * The arc suggested in the original brief, 1.3.6.1.4.1.57264, was avoided on purpose: it is an
 * assigned PEN (Sigstore uses it for Fulcio certificate extensions).
 *
 * [Note: the arc travels in the CA certificates]
 * A CA certificate lists exactly the three role policies of its arc in its own
 * certificatePolicies (the policies it issues under, as RFC 5280 means that extension). Issuance
 * reads the arc from the issuing CA's certificate, and verifiers read it from the *pinned root*
 * ({@link policyArcOfCertificate}), so a client learns a deployment's arc from the root it
 * already trusts, never from anything the server says later. A CA certificate without the
 * extension (CAs made before the arc was configurable) stands for {@link DEFAULT_POLICY_ARC};
 * one whose policies are not exactly one arc's three names no role at all.
 */
export const DEFAULT_POLICY_ARC = '1.3.6.1.4.1.32473.1';

/** Who a certificate was issued to, as read from its policy. */
export type CertificateHolder = Role | 'service';

const HOLDER_NUMBER: Readonly<Record<CertificateHolder, number>> = { driver: 1, dispatcher: 2, service: 3 };
const HOLDERS = Object.keys(HOLDER_NUMBER) as CertificateHolder[];

/**
 * A dotted OID: first arc 0–2, no leading zeros, 2–32 components of at most 9 digits each (the
 * ASN.1 parser under `@peculiar/x509` misreads larger components, measured with a `2.25.<uuid>`
 * arc, so those are refused rather than written into certificates nobody can read back).
 */
const OID = /^[0-2](?:\.(?:0|[1-9][0-9]{0,8})){1,31}$/;

/** True when `arc` can name a deployment's role policies. */
export function isPolicyArc(arc: unknown): arc is string {
  return typeof arc === 'string' && arc.length <= 128 && OID.test(arc);
}

/** @throws PkiError `INVALID_ARGUMENT` unless `arc` is a dotted OID ({@link isPolicyArc}) */
export function assertPolicyArc(arc: unknown): asserts arc is string {
  if (!isPolicyArc(arc)) throw new PkiError('INVALID_ARGUMENT', 'a policy arc must be a dotted OID such as 1.3.6.1.4.1.32473.1');
}

/** The three role policy OIDs of `arc`. */
export function policyOidsOf(arc: string = DEFAULT_POLICY_ARC): Readonly<Record<CertificateHolder, string>> {
  assertPolicyArc(arc);
  return { driver: `${arc}.1`, dispatcher: `${arc}.2`, service: `${arc}.3` };
}

/** Policy OID per holder under the default arc. */
export const POLICY_OIDS = policyOidsOf(DEFAULT_POLICY_ARC);

/** The policy OID of a holder under `arc`. */
export function policyOidOf(holder: CertificateHolder, arc: string = DEFAULT_POLICY_ARC): string {
  return policyOidsOf(arc)[holder];
}

/**
 * The holder named by exactly one role policy of `arc` among `policies`, or `null` when there
 * is none or more than one (a certificate claiming two roles has none). `arc` null: no role.
 */
export function holderOfPolicies(policies: readonly string[], arc: string | null = DEFAULT_POLICY_ARC): CertificateHolder | null {
  if (arc === null) return null;
  const oids = policyOidsOf(arc);
  const holders = HOLDERS.filter((holder) => policies.includes(oids[holder]));
  return holders.length === 1 ? (holders[0] ?? null) : null;
}

/** The certificatePolicies a CA certificate of `arc` carries ([Note: the arc travels in the CA certificates]). */
export function caPolicyExtension(arc: string): CertificatePolicyExtension {
  const oids = policyOidsOf(arc);
  return new CertificatePolicyExtension(HOLDERS.map((holder) => oids[holder]));
}

/**
 * The policy arc a CA certificate stands for ([Note: the arc travels in the CA certificates]):
 * the default arc without a certificatePolicies extension, the arc whose three role policies it
 * lists exactly, or `null` for anything else.
 */
export function policyArcOfCertificate(ca: X509Certificate): string | null {
  const policies = ca.getExtension(CertificatePolicyExtension)?.policies;
  if (policies === undefined) return DEFAULT_POLICY_ARC;
  const arc = policies[0]?.replace(/\.[0-9]+$/, '');
  if (!isPolicyArc(arc) || policies.length !== HOLDERS.length) return null;
  const oids = policyOidsOf(arc);
  return HOLDERS.every((holder) => policies.includes(oids[holder])) ? arc : null;
}

/**
 * The arc a CA issues under, read from its own certificate.
 * @throws PkiError `INVALID_ARGUMENT` when the CA certificate names no arc
 */
export function issuerPolicyArc(issuer: { readonly certPem: string }): string {
  const arc = policyArcOfCertificate(parseCertificatePem(issuer.certPem));
  if (arc === null) throw new PkiError('INVALID_ARGUMENT', 'the CA certificate lists policies that are not one role-policy arc');
  return arc;
}
