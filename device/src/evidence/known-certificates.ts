/**
 * The driver's known-certificate list in an evidence file (docs/PROTOCOL.md §9, "Known
 * certificates"): written and signed by the driver's client from its own record, checked by the
 * verifier against the certificate that signed the frames.
 *
 * [Note: known certificates in evidence]
 * A certificate issued in the driver's name by whoever holds the CA key chains to the root and,
 * once logged, has a valid log proof too: only the driver knows it is not hers. Her client knows
 * which certificates it holds (its bundle's `sig` and `enc`), so when she exports her own
 * stream it adds a statement listing their fingerprints ([Note: known-certificates statement]),
 * signed with her `sig` key. The verifier checks that the list is the driver's (holder = the
 * driver's username; the signer's certificate chains to the pinned root with the driver role and
 * that username at the list's time, and is itself on the list), then flags
 * `foreign-certificate` when the frames' certificate is not on it.
 * What it proves, honestly: that the holder of the list's signing key did not hold the frames'
 * certificate. It is as strong as the verifier's reason to believe that key is the driver's: a
 * server that can issue one certificate in her name can issue a second, sign a list with it and
 * put both in a file. So the list carries weight when the file (or the list) came from the
 * driver herself, or when the signer certificate is one the verifier knows as hers (its serial
 * and verification code are shown); a list in a file the server handed over proves nothing more
 * than the chain.
 */
import { certificateFingerprint, importCertificatePublicKey, isPkiError, isStatementSignedBy, signStatement } from '@seccam/pki';
import { base64ToBytes, bytesToBase64, bytesToHex, encodeKnownCertificatesStatement } from '@seccam/schema';

/** The statement and its signature as an evidence file carries them. */
export interface KnownCertificates {
  readonly holder: string;
  /** ISO 8601 UTC with milliseconds. */
  readonly at: string;
  /** SHA-256 of each held certificate's DER, lower-case hex, ascending. */
  readonly certificateSha256Hex: readonly string[];
  /** The holder's `sig` certificate whose key signed the statement. */
  readonly signerCertPem: string;
  /** ECDSA P-256 / SHA-256, raw r||s, base64. */
  readonly signatureB64: string;
}

export interface KnownCertificatesSigner {
  readonly username: string;
  readonly sigCertPem: string;
  readonly sigPrivateKey: CryptoKey;
}

/** Lower-case hex SHA-256 of a certificate's DER: the fingerprint lists and log monitors use. */
export async function certificateSha256Hex(certPem: string, crypto: Crypto = globalThis.crypto): Promise<string> {
  return bytesToHex(await certificateFingerprint(certPem, crypto));
}

/**
 * Signs the list of certificates `signer` holds (`heldCertPems`; the signer's own `sig`
 * certificate is always on it).
 * @param crypto WebCrypto provider (default: `globalThis.crypto`)
 */
export async function signKnownCertificates(
  signer: KnownCertificatesSigner,
  heldCertPems: readonly string[],
  at: Date = new Date(),
  crypto: Crypto = globalThis.crypto,
): Promise<KnownCertificates> {
  const hashes = await Promise.all([signer.sigCertPem, ...heldCertPems].map((pem) => certificateSha256Hex(pem, crypto)));
  const fingerprints = [...new Set(hashes)].sort();
  const fields = { holder: signer.username, at, certificateSha256Hex: fingerprints };
  const signature = await signStatement(encodeKnownCertificatesStatement(fields), signer.sigPrivateKey, crypto);
  return {
    holder: signer.username,
    at: at.toISOString(),
    certificateSha256Hex: fingerprints,
    signerCertPem: signer.sigCertPem,
    signatureB64: bytesToBase64(signature),
  };
}

/** Why a list is not the driver's own, or the certificate it flags. */
export type KnownCertificatesCheck =
  | { readonly ok: true; readonly signerSha256Hex: string }
  | { readonly ok: false; readonly reason: 'known-certificates' | 'foreign-certificate'; readonly detail: string };

/**
 * The list's own checks (it lists its signer, the signature verifies), then whether
 * `driverCertPem` is on it. The caller first checks that the holder is the driver and chains
 * `signerCertPem` to the pinned root with the driver's name and role.
 */
export async function checkKnownCertificates(
  list: KnownCertificates,
  driver: string,
  driverCertPem: string,
  crypto: Crypto = globalThis.crypto,
): Promise<KnownCertificatesCheck> {
  const signerSha256Hex = await certificateSha256Hex(list.signerCertPem, crypto);
  if (!list.certificateSha256Hex.includes(signerSha256Hex))
    return refuse('known-certificates', 'the known-certificate list does not list the certificate that signed it');
  let key: CryptoKey;
  try {
    key = await importCertificatePublicKey(list.signerCertPem, 'sig', crypto);
  } catch (error) {
    if (isPkiError(error)) return refuse('known-certificates', `the list's signer certificate: ${error.message}`);
    throw error;
  }
  const statement = encodeKnownCertificatesStatement({
    holder: list.holder,
    at: new Date(list.at),
    certificateSha256Hex: list.certificateSha256Hex,
  });
  if (!(await isStatementSignedBy(statement, base64ToBytes(list.signatureB64), key, crypto)))
    return refuse('known-certificates', 'the known-certificate list signature does not verify');
  const driverSha256Hex = await certificateSha256Hex(driverCertPem, crypto);
  if (!list.certificateSha256Hex.includes(driverSha256Hex)) {
    return refuse(
      'foreign-certificate',
      `the frames are signed with a certificate (SHA-256 ${driverSha256Hex}) that ${driver} never held: it is not on the list of ${list.certificateSha256Hex.length} certificates ${driver} signed at ${list.at}`,
    );
  }
  return { ok: true, signerSha256Hex };
}

function refuse(reason: 'known-certificates' | 'foreign-certificate', detail: string): KnownCertificatesCheck {
  return { ok: false, reason, detail };
}
