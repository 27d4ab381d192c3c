import type { IdentityKeys } from './identity-keys.ts';
import { ecdsaSignParams, rsaPssImportParams, rsaPssSignParams } from './key-algorithms.ts';
import { PkiError } from './pki-error.ts';
import { certificateSubjectOf, subjectNameJson, type CsrSubject } from './subject-name.ts';
import { defaultCrypto, Pkcs10CertificateRequestGenerator } from './x509.ts';

/** The two PKCS#10 requests a client sends at registration (or certificate renewal). */
export interface IdentityCsrs {
  sigCsrPem: string;
  encCsrPem: string;
}

/**
 * Creates the `sig` and `enc` CSRs for a user (docs/ARCHITECTURE.md, "Identity"). Both carry the same subject
 * ([Note: subject layout]) and no extensions or attributes: the CA decides every extension.
 *
 * [Note: enc proof of possession]
 * An RSA-OAEP CryptoKey cannot sign, yet the CA must know the requester holds the private
 * half of the `enc` key. The pkcs8 export of the same key is re-imported as RSA-PSS /
 * SHA-256 and signs the CSR; the CSR's SubjectPublicKeyInfo is plain `rsaEncryption`, so the
 * issued certificate's key remains usable for OAEP. The re-imported key is non-extractable
 * and dropped right after signing.
 *
 * @param keys extractable keys from {@link generateIdentityKeys} (the enc private key must be
 *   extractable for the proof above)
 * @param crypto WebCrypto provider (default: `globalThis.crypto`)
 * @throws PkiError `INVALID_ARGUMENT` for a subject that breaks the role rules,
 *   `KEY_MALFORMED` when the enc private key cannot be exported
 */
export async function createIdentityCsrs(subject: CsrSubject, keys: IdentityKeys, crypto: Crypto = defaultCrypto): Promise<IdentityCsrs> {
  const name = subjectNameJson(certificateSubjectOf(subject));
  const sigCsr = await Pkcs10CertificateRequestGenerator.create({ name, keys: keys.sig, signingAlgorithm: ecdsaSignParams() }, crypto);
  const encSigningKeys = await pssKeysFor(keys.enc, crypto);
  const encCsr = await Pkcs10CertificateRequestGenerator.create(
    { name, keys: encSigningKeys, signingAlgorithm: rsaPssSignParams() },
    crypto,
  );
  return { sigCsrPem: sigCsr.toString('pem'), encCsrPem: encCsr.toString('pem') };
}

/** Re-imports an RSA-OAEP key pair as RSA-PSS, see [Note: enc proof of possession]. */
async function pssKeysFor(enc: CryptoKeyPair, crypto: Crypto): Promise<CryptoKeyPair> {
  let pkcs8: ArrayBuffer;
  let spki: ArrayBuffer;
  try {
    pkcs8 = await crypto.subtle.exportKey('pkcs8', enc.privateKey);
    spki = await crypto.subtle.exportKey('spki', enc.publicKey);
  } catch (cause) {
    throw new PkiError('KEY_MALFORMED', 'the enc key pair must be an extractable RSA key pair', { cause });
  }
  const [privateKey, publicKey] = await Promise.all([
    crypto.subtle.importKey('pkcs8', pkcs8, rsaPssImportParams(), false, ['sign']),
    crypto.subtle.importKey('spki', spki, rsaPssImportParams(), true, ['verify']),
  ]);
  return { privateKey, publicKey };
}
