import type { CertificateAuthority } from './certificate-authority.ts';
import { signCertificate, type IssuedCertificate } from './certificate-signer.ts';
import type { KeyKind } from './identity-keys.ts';
import { PkiError } from './pki-error.ts';
import { issuerPolicyArc, policyOidOf } from './role-policy.ts';
import { subjectNameJson, type Role } from './subject-name.ts';
import type { ParsedCsr } from './verify-csr.ts';
import {
  BasicConstraintsExtension,
  CertificatePolicyExtension,
  defaultCrypto,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
} from './x509.ts';

/** Issuance profile of a user certificate; must agree with the verified CSR. */
export interface UserCertificateProfile {
  kind: KeyKind;
  role: Role;
  /** Default 365. */
  validityDays?: number;
}

/** Key usage bit per key kind (RFC 5280 §4.2.1.3). */
export const USER_KEY_USAGE: Readonly<Record<KeyKind, KeyUsageFlags>> = {
  sig: KeyUsageFlags.digitalSignature,
  enc: KeyUsageFlags.keyEncipherment,
};

/**
 * Issues a user certificate (docs/ARCHITECTURE.md, "Identity") from a CSR that passed {@link verifyCsr}.
 *
 * [Note: user certificate profile]
 * Subject = the verified CSR subject fields, rebuilt ([Note: subject layout]); public key =
 * the CSR's; no CSR extension is copied. Extensions: basicConstraints CA:false (critical),
 * keyUsage digitalSignature (sig) or keyEncipherment (enc) (critical), extKeyUsage
 * clientAuth (a device may use its sig certificate for mTLS; on the enc certificate, whose
 * key usage does not allow TLS signatures, it mainly keeps the key out of any TLS server
 * role, which an EKU-less keyEncipherment certificate would allow), a certificate policy
 * naming the role under the issuer's arc ([Note: policy OID arc]), SKI and AKI. Serial per [Note: 128-bit serials];
 * validity per [Note: validity window], one year by default.
 *
 * @param crypto WebCrypto provider (default: `globalThis.crypto`)
 * @throws PkiError `PROFILE_MISMATCH` when profile kind/role differ from the CSR's,
 *   `INVALID_ARGUMENT` for a bad validity
 */
export async function issueCertificate(
  issuer: CertificateAuthority,
  csr: ParsedCsr,
  profile: UserCertificateProfile,
  crypto: Crypto = defaultCrypto,
): Promise<IssuedCertificate> {
  if (profile.kind !== csr.kind || profile.role !== csr.role) {
    throw new PkiError('PROFILE_MISMATCH', `profile ${profile.kind}/${profile.role} does not match the CSR (${csr.kind}/${csr.role})`);
  }
  return signCertificate(
    issuer,
    {
      subject: subjectNameJson(csr.subject),
      publicKey: csr.spkiDer,
      extensions: [
        new BasicConstraintsExtension(false, undefined, true),
        new KeyUsagesExtension(USER_KEY_USAGE[csr.kind], true),
        new ExtendedKeyUsageExtension([ExtendedKeyUsage.clientAuth]),
        new CertificatePolicyExtension([policyOidOf(csr.role, issuerPolicyArc(issuer))]),
      ],
      validityDays: profile.validityDays ?? 365,
    },
    null,
    crypto,
  );
}
