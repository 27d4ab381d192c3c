/**
 * What the verifier page says about an evidence file (docs/PROTOCOL.md §9): the size it accepts,
 * the verdict in words for each failure reason of `verifyEvidenceExport`, and the certificate
 * chain the file carries, described for display. No I/O: the page runs the verification.
 */
import type { EvidenceErrorCode, EvidenceFailureReason, EvidenceFile, EvidenceVerification } from '@seccam/device';
import { certificateVerificationCode, describeCertificate } from '@seccam/pki';

/**
 * The largest file the page reads. The whole file is held in memory, and the decrypted video
 * next to it, so a larger one would risk exhausting a tab; the command-line verifier
 * (`seccam-device verify-export`) streams from disk and has no such cap.
 */
export const EVIDENCE_FILE_MAX_BYTES = 1024 * 1024 * 1024;

/** The verdict as the page shows it: `incomplete` is a genuine chain without the driver's signed END ([Note: incomplete evidence]). */
export type VerdictKind = 'verified' | 'incomplete' | 'not-verified';

export function verdictKindOf(result: EvidenceVerification): VerdictKind {
  if (!result.ok) return 'not-verified';
  return result.report.ended === 'signed' ? 'verified' : 'incomplete';
}

const REASON_TITLES: Readonly<Record<EvidenceFailureReason, string>> = {
  malformed: 'The file is not a well-formed evidence file',
  'untrusted-certificate': 'A certificate does not chain to the pinned root',
  'export-signature': 'The exporter’s signature does not verify: the file was changed after export',
  stream: 'A frame belongs to another recording',
  duplicate: 'A frame appears twice',
  order: 'Frames are out of order',
  'after-end': 'A frame follows the end the driver signed',
  gap: 'A frame is missing',
  epoch: 'A frame’s key epoch goes backwards',
  chain: 'The hash chain is broken: a frame was removed, inserted or changed',
  signature: 'A frame’s signature does not verify: it was changed after the driver signed it',
  'log-unknown-key': 'The log proof is not from the transparency log you trust',
  'log-signature': 'The transparency log’s signed tree head does not verify',
  'log-entry-mismatch': 'The log entry in the file is not the driver’s certificate',
  'log-proof': 'The proof that the certificate is in the transparency log does not verify',
  'known-certificates': 'The list of the driver’s certificates is not the driver’s own',
  'foreign-certificate': 'Signed with a certificate the driver never held',
  key: 'The key material does not fit the recording',
  decrypt: 'A frame does not decrypt with its key',
  payload: 'A frame’s video does not decode',
};

const MALFORMED_TITLES: Readonly<Record<EvidenceErrorCode, string>> = {
  BAD_MAGIC: 'This is not a SecCam evidence file',
  BAD_VERSION: 'The file is of an evidence format version this page does not read',
  TRUNCATED: 'The file is cut short',
  TOO_LARGE: 'A section of the file is larger than the format allows',
  BAD_MANIFEST: 'The file’s manifest is damaged',
  BAD_FRAME: 'A frame of the file is damaged',
  TRAILING_BYTES: 'The file has bytes after its end',
  BAD_INPUT: 'The file is not a well-formed evidence file',
};

/** The headline of a failed verification, e.g. "A frame’s signature does not verify: … (seq 5)". */
export function failureTitle(failure: Extract<EvidenceVerification, { ok: false }>): string {
  const title =
    failure.reason === 'malformed' && failure.code !== undefined ? MALFORMED_TITLES[failure.code] : REASON_TITLES[failure.reason];
  return failure.seq === undefined ? title : `${title} (seq ${failure.seq})`;
}

/** One certificate of the chain as the page lists it. */
export interface ChainLink {
  readonly role: string;
  readonly subject: string;
  readonly issuer: string;
  readonly serialHex: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** [Note: verification codes] in @seccam/pki: what an insurer compares out of band. */
  readonly code: string;
}

/** A certificate for display; null when it does not parse (verification names the problem). */
export async function chainLinkOf(role: string, certPem: string): Promise<ChainLink | null> {
  try {
    const info = await describeCertificate(certPem);
    return {
      role,
      subject: info.subjectText,
      issuer: info.issuerText,
      serialHex: info.serialHex,
      notBefore: info.notBefore,
      notAfter: info.notAfter,
      code: await certificateVerificationCode(certPem),
    };
  } catch {
    return null;
  }
}

/** The certificates a file carries, leaf first: the driver's, the intermediates, the file's root; then the exporter's (null when it is the driver's). */
export async function chainOf(file: EvidenceFile): Promise<{ readonly driver: ChainLink[]; readonly exporter: ChainLink | null }> {
  const { manifest } = file;
  const links = await Promise.all([
    chainLinkOf(`Driver ${manifest.driver.username}: signing certificate`, manifest.driver.sigCertPem),
    ...manifest.chainPems.map((pem) => chainLinkOf('Intermediate CA', pem)),
    chainLinkOf('Root named by the file', manifest.rootPem),
  ]);
  // A driver exporting their own recording signs with the certificate listed first already.
  const exporter =
    manifest.exporter.sigCertPem === manifest.driver.sigCertPem
      ? null
      : await chainLinkOf(`Exporter ${manifest.exporter.username}: signing certificate`, manifest.exporter.sigCertPem);
  return { driver: links.filter((link): link is ChainLink => link !== null), exporter };
}

/** `2026-12-02 01:53:07 UTC`: unambiguous in every locale, as a statement for the record should be. */
export function utcTime(at: number | string | Date): string {
  return `${new Date(at).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
