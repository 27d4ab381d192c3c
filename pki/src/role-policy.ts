import type { Role } from './subject-name.ts';

/**
 * Certificate policy OIDs that carry the holder's role (RFC 5280 §4.2.1.4).
 *
 * [Note: policy OID arc]
 * The OIDs below sit under 1.3.6.1.4.1.32473, the IANA Private Enterprise Number reserved for
 * documentation and examples (RFC 5612). They are ILLUSTRATIVE: an operator should replace
 * the arc with its own PEN (or a UUID-derived 2.25 arc) before certificates leave a test
 * deployment. The arc suggested in the original brief, 1.3.6.1.4.1.57264, was avoided on
 * purpose: it is an assigned PEN (Sigstore uses it for Fulcio certificate extensions).
 * Layout: `<arc>.1.<n>` = role policies; `.1.1` driver, `.1.2` dispatcher, `.1.3` platform
 * service (API server certificate, nginx->API mTLS client certificate). The service policy
 * lets the API tell nginx's client certificate from a user certificate that happens to
 * have the same CN.
 */
export const SECCAM_POLICY_ARC = '1.3.6.1.4.1.32473.1';

/** Policy OID per holder kind. */
export const POLICY_OIDS = {
  driver: `${SECCAM_POLICY_ARC}.1`,
  dispatcher: `${SECCAM_POLICY_ARC}.2`,
  service: `${SECCAM_POLICY_ARC}.3`,
} as const;

/** Who a certificate was issued to, as read from its policy. */
export type CertificateHolder = Role | 'service';

/** The policy OID of a holder. */
export function policyOidOf(holder: CertificateHolder): string {
  return POLICY_OIDS[holder];
}

/**
 * The holder named by exactly one SecCam policy among `policies`, or `null` when there is
 * none or more than one (a certificate claiming two roles has none).
 */
export function holderOfPolicies(policies: readonly string[]): CertificateHolder | null {
  const holders = (Object.keys(POLICY_OIDS) as CertificateHolder[]).filter((holder) => policies.includes(POLICY_OIDS[holder]));
  return holders.length === 1 ? (holders[0] ?? null) : null;
}
