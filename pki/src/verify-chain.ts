import type { KeyKind } from './identity-keys.ts';
import { USER_KEY_USAGE } from './issue-certificate.ts';
import { decodePem } from './pem.ts';
import { PkiError } from './pki-error.ts';
import { importPublicKeyOfKind } from './public-key-kind.ts';
import { holderOfPolicies, policyArcOfCertificate, type CertificateHolder } from './role-policy.ts';
import { readCertificateSubject, type CertificateSubject } from './subject-name.ts';
import { findCertificatePath, hasOnlyKnownCriticalExtensions } from './certificate-path.ts';
import { parseCertificatePem } from './certificate-signer.ts';
import {
  BasicConstraintsExtension,
  CertificatePolicyExtension,
  defaultCrypto,
  KeyUsageFlags,
  KeyUsagesExtension,
  X509Crl,
  type X509Certificate,
} from './x509.ts';

/** Why a certificate is not trusted. Every reason means "do not use it"; they differ for diagnostics. */
export type ChainRejection =
  | 'malformed'
  | 'untrusted-root'
  | 'bad-signature'
  | 'expired'
  | 'not-yet-valid'
  | 'revoked'
  | 'wrong-usage'
  | 'wrong-subject'
  | 'crl-invalid';

/** Inputs of {@link verifyChain}. */
export interface ChainOptions {
  /** The pinned root, from the user's own bundle, never from the server alone. */
  rootPem: string;
  /** Candidate intermediates (order irrelevant, at most {@link MAX_INTERMEDIATES}). */
  intermediatePems: readonly string[];
  /** CRLs to apply; when non-empty, one must come from the leaf's issuer. */
  crlPems?: readonly string[];
  /** Point in time to validate at (default now), e.g. a chunk's capture time for evidence. */
  at?: Date;
  /** Leaf must be a user `sig` or `enc` certificate (key usage and key type). */
  expectedKind?: KeyKind;
  /** Leaf must carry exactly this holder's policy under the pinned root's arc ([Note: policy OID arc]). */
  expectedRole?: CertificateHolder;
  /** Leaf subject CN must equal this username. */
  expectedUsername?: string;
}

/** Result of {@link verifyChain}. */
export type ChainCheck =
  | {
      ok: true;
      certificate: X509Certificate;
      serialHex: string;
      /** Subject fields when the subject follows [Note: subject layout], else null (services). */
      subject: CertificateSubject | null;
      holder: CertificateHolder | null;
    }
  | { ok: false; reason: ChainRejection };

/** Largest certificate PEM accepted. */
export const MAX_CERT_PEM_LENGTH = 16 * 1024;
/** Largest CRL PEM accepted. */
export const MAX_CRL_PEM_LENGTH = 1024 * 1024;
/** Most intermediates considered. */
export const MAX_INTERMEDIATES = 4;

type Fail = { ok: false; reason: ChainRejection };
const fail = (reason: ChainRejection): Fail => ({ ok: false, reason });

/**
 * Decides whether `leafPem` may be trusted (RFC 5280 §6, reduced to SecCam's profiles).
 *
 * [Note: chain verification]
 * Checks, in order, each failing with its reason:
 * 1. `malformed`: any input does not parse strictly, is oversized, or too many intermediates;
 * 2. `untrusted-root` / `bad-signature`: the leaf must chain through the given intermediates to
 *    the pinned root by signature, not by name (see certificate-path.ts); a look-alike CA with
 *    the same names yields `untrusted-root`;
 * 3. `expired` / `not-yet-valid`: every certificate of the path at `at`;
 * 4. `wrong-usage`: CA certificates need CA:true, keyCertSign and a pathLen that allows the
 *    path; the leaf must not be a CA; unknown critical extensions anywhere; then the
 *    `expectedKind` (key usage bit and key type) and `expectedRole` (policy) of the leaf;
 * 5. `wrong-subject`: leaf CN differs from `expectedUsername`;
 * 6. `crl-invalid` / `revoked`: every CRL must be signed by a CA of the path and carry a
 *    nextUpdate not before `at` ([Note: CRL always has nextUpdate]), and when CRLs are given
 *    one must come from the leaf's issuer (else the leaf would silently go unchecked); a
 *    certificate listed by its issuer's CRL with a revocation date at or before `at` is
 *    revoked. With no CRLs, revocation is not checked.
 *
 * [Note: what the pinned root proves]
 * Chaining to the root proves the platform CA issued the certificate. It defeats a swap by
 * anyone without the intermediate key (database or storage tampering, a proxy, a fake CA),
 * but the intermediate key lives on the API host, so a fully compromised API host can issue
 * a certificate with a victim's name and its own key. Clients that must resist that should
 * also pin or compare the certificate's key fingerprint ({@link describeCertificate}).
 *
 * @param crypto WebCrypto provider (default: `globalThis.crypto`)
 * @throws PkiError `INVALID_ARGUMENT` for an invalid `at` date (a caller bug, not bad input)
 */
export async function verifyChain(leafPem: string, options: ChainOptions, crypto: Crypto = defaultCrypto): Promise<ChainCheck> {
  const at = options.at ?? new Date();
  if (Number.isNaN(at.getTime())) throw new PkiError('INVALID_ARGUMENT', 'at must be a valid Date');
  const parsed = parseInputs(leafPem, options);
  if (parsed === null) return fail('malformed');
  const { leaf, root, intermediates, crls } = parsed;

  const found = await findCertificatePath(leaf, root, intermediates, crypto);
  if (!found.ok) return fail(found.reason);
  const path = found.path;

  for (const cert of path) {
    if (at.getTime() < cert.notBefore.getTime()) return fail('not-yet-valid');
    if (at.getTime() > cert.notAfter.getTime()) return fail('expired');
  }
  if (!path.every(hasOnlyKnownCriticalExtensions) || !pathConstraintsHold(path)) return fail('wrong-usage');
  if (!(await leafMatches(leaf, root, options, crypto))) return fail('wrong-usage');

  const subject = readCertificateSubject(leaf.subjectName);
  if (options.expectedUsername !== undefined && subject?.username !== options.expectedUsername) {
    return fail('wrong-subject');
  }
  const revocation = await checkRevocation(path, crls, crls.length > 0, at, crypto);
  if (revocation !== null) return fail(revocation);
  return {
    ok: true,
    certificate: leaf,
    serialHex: leaf.serialNumber.toLowerCase(),
    subject,
    holder: holderOf(leaf, root),
  };
}

interface ParsedInputs {
  leaf: X509Certificate;
  root: X509Certificate;
  intermediates: X509Certificate[];
  crls: X509Crl[];
}

function parseInputs(leafPem: string, options: ChainOptions): ParsedInputs | null {
  const crlPems = options.crlPems ?? [];
  const certPems = [leafPem, options.rootPem, ...options.intermediatePems];
  if (
    options.intermediatePems.length > MAX_INTERMEDIATES ||
    !certPems.every((pem) => typeof pem === 'string' && pem.length <= MAX_CERT_PEM_LENGTH) ||
    !crlPems.every((pem) => typeof pem === 'string' && pem.length <= MAX_CRL_PEM_LENGTH)
  ) {
    return null;
  }
  try {
    const [leaf, root, ...intermediates] = certPems.map(parseCertificatePem);
    const crls = crlPems.map((pem) => {
      const crl = new X509Crl(decodePem(pem, 'X509 CRL'));
      crl.entries.map((entry) => entry.serialNumber);
      crl.extensions.map((extension) => extension.type);
      return crl;
    });
    if (leaf === undefined || root === undefined) return null;
    return { leaf, root, intermediates, crls };
  } catch {
    return null;
  }
}

/** CA flags, key usage and path length of every CA of the path (index 0 is the leaf). */
function pathConstraintsHold(path: readonly X509Certificate[]): boolean {
  const leafConstraints = path[0]?.getExtension(BasicConstraintsExtension);
  if (leafConstraints?.ca === true) return false;
  return path.slice(1).every((ca, index) => {
    const constraints = ca.getExtension(BasicConstraintsExtension);
    const usage = ca.getExtension(KeyUsagesExtension);
    if (constraints?.ca !== true || usage === null) return false;
    if ((usage.usages & KeyUsageFlags.keyCertSign) === 0) return false;
    // `index` = number of intermediates between this CA and the leaf.
    return constraints.pathLength === undefined || index <= constraints.pathLength;
  });
}

async function leafMatches(leaf: X509Certificate, root: X509Certificate, options: ChainOptions, crypto: Crypto): Promise<boolean> {
  if (options.expectedKind !== undefined) {
    const usage = leaf.getExtension(KeyUsagesExtension);
    if (usage === null || (usage.usages & USER_KEY_USAGE[options.expectedKind]) === 0) return false;
    if ((await importPublicKeyOfKind(leaf.publicKey, options.expectedKind, crypto)) === null) return false;
  }
  return options.expectedRole === undefined || holderOf(leaf, root) === options.expectedRole;
}

/** The leaf's role under the arc of the pinned root ([Note: the arc travels in the CA certificates]). */
function holderOf(cert: X509Certificate, root: X509Certificate): CertificateHolder | null {
  const policies = cert.getExtension(CertificatePolicyExtension);
  return policies === null ? null : holderOfPolicies(policies.policies, policyArcOfCertificate(root));
}

async function checkRevocation(
  path: readonly X509Certificate[],
  crls: readonly X509Crl[],
  leafMustBeCovered: boolean,
  at: Date,
  crypto: Crypto,
): Promise<ChainRejection | null> {
  const crlIssuers: X509Certificate[] = [];
  for (const crl of crls) {
    const issuer = await crlIssuerIn(crl, path.slice(1), crypto);
    if (issuer === null || crl.nextUpdate === undefined || crl.nextUpdate.getTime() < at.getTime()) return 'crl-invalid';
    crlIssuers.push(issuer);
  }
  if (leafMustBeCovered && !crlIssuers.includes(path[1] as X509Certificate)) return 'crl-invalid';
  for (let i = 0; i + 1 < path.length; i++) {
    const cert = path[i] as X509Certificate;
    const issuer = path[i + 1];
    const revoked = crls.some((crl, index) => {
      if (crlIssuers[index] !== issuer) return false;
      const entry = crl.findRevoked(cert.serialNumber);
      return entry !== null && entry.revocationDate.getTime() <= at.getTime();
    });
    if (revoked) return 'revoked';
  }
  return null;
}

async function crlIssuerIn(crl: X509Crl, cas: readonly X509Certificate[], crypto: Crypto): Promise<X509Certificate | null> {
  for (const ca of cas) {
    if (crl.issuer !== ca.subject) continue;
    try {
      if (await crl.verify({ publicKey: ca.publicKey }, crypto)) return ca;
    } catch {
      // A CRL whose signature cannot even be checked with this CA's key is not from it.
    }
  }
  return null;
}
