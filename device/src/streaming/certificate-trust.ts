import {
  decodePem,
  importCertificatePublicKey,
  normalizeSerialHex,
  verifyChain,
  type BundleContents,
  type CertificateHolder,
  type KeyKind,
} from '@seccam/pki';
import type { SeccamClient } from '../client/seccam-client.ts';
import type { LogFollower, LogProofInfo } from '../transparency/log-follower.ts';
import { isTransparencyError } from '../transparency/transparency-error.ts';
import { StreamingError } from './streaming-error.ts';

// [Note: trust comes from the bundle]
// Every certificate the server hands out (a recipient's `enc` certificate, a driver's `sig`
// certificate) is checked against the root pinned in the user's own bundle, with the
// intermediates from that bundle, before its key is used. A server that swaps a dispatcher's
// certificate for one of its own keys fails here (docs/ARCHITECTURE.md, "Identity"). Wrapping to a recipient also
// applies the current CRL, so a revoked certificate never receives a new content key.

/** The pinned root and the intermediates, both from the user's bundle. */
export interface TrustAnchors {
  readonly rootPem: string;
  readonly intermediatePems: readonly string[];
}

export function trustAnchorsOf(bundle: Pick<BundleContents, 'rootPem' | 'chainPem'>): TrustAnchors {
  return { rootPem: bundle.rootPem, intermediatePems: bundle.chainPem };
}

/** A certificate that passed `verifyChain`, with its key imported. */
export interface TrustedCertificate {
  readonly pem: string;
  /** Lower-case hex without leading zero octets (`normalizeSerialHex`). */
  readonly serialHex: string;
  readonly publicKey: CryptoKey;
}

export interface CertificateExpectation {
  readonly kind: KeyKind;
  readonly username?: string;
  readonly role?: CertificateHolder;
  /** CRLs to apply (see `fetchCrlPem`); omit to skip revocation checking. */
  readonly crlPems?: readonly string[];
  /** Validate at this time instead of now. */
  readonly at?: Date;
  /**
   * The certificate's place in the transparency log, as the server sent it beside the PEM, and
   * the follower that checks it (`client.log`): a certificate without a valid inclusion proof
   * in a head consistent with what this client saw is refused ([Note: following the log]).
   * `null` only where the caller does not rely on the server for the certificate (its own).
   */
  readonly log: { readonly follower: LogFollower; readonly proof: LogProofInfo | null | undefined } | null;
}

/**
 * Verifies `pem` against the pinned anchors and imports its key.
 * @throws StreamingError `UNTRUSTED` naming the certificate and the failed check
 */
export async function ensureTrustedCertificate(
  pem: string,
  anchors: TrustAnchors,
  expect: CertificateExpectation,
  what: string,
): Promise<TrustedCertificate> {
  const check = await verifyChain(pem, {
    rootPem: anchors.rootPem,
    intermediatePems: anchors.intermediatePems,
    ...(expect.crlPems ? { crlPems: expect.crlPems } : {}),
    ...(expect.at ? { at: expect.at } : {}),
    expectedKind: expect.kind,
    ...(expect.username !== undefined ? { expectedUsername: expect.username } : {}),
    ...(expect.role !== undefined ? { expectedRole: expect.role } : {}),
  });
  if (!check.ok) {
    throw new StreamingError(
      'UNTRUSTED',
      `the ${expect.kind} certificate of ${what} is not trusted (${check.reason}): it does not verify against the root pinned in your bundle`,
    );
  }
  if (expect.log !== null) await checkLogged(pem, expect.log, `the ${expect.kind} certificate of ${what}`);
  return { pem, serialHex: normalizeSerialHex(check.serialHex), publicKey: await importCertificatePublicKey(pem, expect.kind) };
}

/** A dispatcher as the server lists it: username, `enc` certificate and that certificate's log proof. */
export interface RecipientCertificate {
  readonly username: string;
  readonly encCertificatePem: string;
  readonly encCertificateLogProof: LogProofInfo | null | undefined;
}

/**
 * The one rule for wrapping a content key to someone: their `enc` certificate chains to the
 * pinned root as a dispatcher's in their name, is not revoked (`crlPem`), and is in the
 * transparency log (`client.log`).
 * @throws StreamingError `UNTRUSTED`
 */
export function ensureRecipientCertificate(
  client: SeccamClient,
  anchors: TrustAnchors,
  recipient: RecipientCertificate,
  crlPem: string,
  what: string,
): Promise<TrustedCertificate> {
  return ensureTrustedCertificate(
    recipient.encCertificatePem,
    anchors,
    {
      kind: 'enc',
      username: recipient.username,
      role: 'dispatcher',
      crlPems: [crlPem],
      log: { follower: client.log, proof: recipient.encCertificateLogProof },
    },
    what,
  );
}

async function checkLogged(pem: string, log: NonNullable<CertificateExpectation['log']>, what: string): Promise<void> {
  try {
    await log.follower.checkCertificate(decodePem(pem, 'CERTIFICATE'), log.proof, what);
  } catch (error) {
    if (!isTransparencyError(error)) throw error;
    throw new StreamingError('UNTRUSTED', `${error.message} (transparency log: ${error.code})`, { cause: error });
  }
}

/** The platform's current CRL from `GET /pki/crl.pem` (its signature is checked by `verifyChain`). */
export async function fetchCrlPem(client: SeccamClient): Promise<string> {
  const response = await client.fetch('GET', '/pki/crl.pem');
  if (response.status !== 200 || !response.body.includes('-----BEGIN X509 CRL-----')) {
    throw new StreamingError(
      'UNTRUSTED',
      `could not fetch the certificate revocation list (HTTP ${response.status}); no key is wrapped without it`,
    );
  }
  return response.body;
}
