/**
 * `@seccam/pki`: all SecCam cryptography on WebCrypto + `@peculiar/x509`, isomorphic
 * (browser and Node). Node-only helpers (CA bootstrap on disk, CLI) are in `@seccam/pki/node`.
 */

// Errors and PEM (byte encodings are @seccam/schema's: bytesToBase64, base64ToBytes, bytesToHex, hexToBytes)
export { PkiError, isPkiError, type PkiErrorCode } from './pki-error.ts';
export { decodePem, encodePem, joinPem, splitPemBlocks, type PemLabel } from './pem.ts';

// Client identity: keys, CSRs, bundle, login
export { generateIdentityKeys, type IdentityKeys, type KeyKind } from './identity-keys.ts';
export {
  ECDSA_P256_SIGNATURE_BYTES,
  ENC_MODULUS_BITS,
  ecdsaSignParams,
  ecKeyGenParams,
  encKeyGenParams,
  rsaOaepImportParams,
} from './key-algorithms.ts';
export { assertUsername, certificateSubjectOf, type CertificateSubject, type CsrSubject, type Role } from './subject-name.ts';
export { createIdentityCsrs, type IdentityCsrs } from './identity-csr.ts';
export {
  DEFAULT_ITERATIONS,
  MAX_ITERATIONS,
  MIN_ITERATIONS,
  parseSecBundle,
  type BundleContents,
  type SecBundle,
} from './bundle-format.ts';
export {
  createBundle,
  openBundle,
  repasswordBundle,
  type BundleCredentials,
  type CreateBundleInput,
  type RepasswordInput,
} from './bundle.ts';
export { exportBundleKeys, importBundleKeys, type BundleKeys, type BundleKeysInput, type ImportBundleKeysOptions } from './bundle-keys.ts';
export {
  decodeLoginSignature,
  loginChallengeMessage,
  signLoginChallenge,
  verifyLoginSignature,
  type LoginChallengeFields,
} from './login-challenge.ts';

// Signed statements: grants, evidence exports ([Note: signed statements])
export { isStatementSignedBy, signStatement } from './statement-signature.ts';
export {
  exportStatementKeyPems,
  exportStatementPublicKeyPem,
  generateStatementKey,
  importStatementKey,
  importStatementPublicKey,
  type StatementKey,
} from './statement-key.ts';
export { signGrantStatement, verifyGrantSignature, type GrantSignatureCheck } from './grant-signature.ts';
export {
  encodeActionStatement,
  signActionStatement,
  verifyActionSignature,
  type ActionSignatureCheck,
  type ActionStatement,
} from './action-signature.ts';

// CA side
export {
  createIntermediateCa,
  createRootCa,
  exportPrivateKeyPem,
  importCertificateAuthority,
  type CertificateAuthority,
  type IntermediateCaOptions,
  type RootCaOptions,
} from './certificate-authority.ts';
export { MAX_CSR_PEM_LENGTH, verifyCsr, type CsrCheck, type CsrExpectation, type CsrRejection, type ParsedCsr } from './verify-csr.ts';
export { parseCertificatePem, type IssuedCertificate } from './certificate-signer.ts';
export { issueCertificate, USER_KEY_USAGE, type UserCertificateProfile } from './issue-certificate.ts';
export {
  issueServerCertificate,
  issueServiceClientCertificate,
  type ServerCertificateOptions,
  type ServiceCertificate,
  type ServiceClientCertificateOptions,
} from './service-certificate.ts';
export {
  assertPolicyArc,
  DEFAULT_POLICY_ARC,
  isPolicyArc,
  policyArcOfCertificate,
  policyOidsOf,
  POLICY_OIDS,
  type CertificateHolder,
} from './role-policy.ts';
export { normalizeSerialHex } from './serial-number.ts';
export { createCrl, CRL_LIFETIME_MS, type CrlOptions, type RevokedCertificate } from './crl.ts';

// Trust decisions
export {
  MAX_CERT_PEM_LENGTH,
  MAX_INTERMEDIATES,
  verifyChain,
  type ChainCheck,
  type ChainOptions,
  type ChainRejection,
} from './verify-chain.ts';
export { describeCertificate, importCertificatePublicKey, type CertificateInfo } from './certificate-info.ts';
export {
  certificateFingerprint,
  certificateVerificationCode,
  verificationCodeOfFingerprint,
  VERIFICATION_CODE_GROUPS,
} from './verification-code.ts';
export { certificateSafetyCode, isSameSafetyCode, safetyCodeOfFingerprints } from './safety-code.ts';
export {
  CONTACT_PAYLOAD_PREFIX,
  encodeContactPayload,
  isContactPayloadText,
  parseContactPayload,
  type ContactPayload,
} from './contact-payload.ts';

// Chunk sealing: epoch keys, frames, the hash chain, verification, key wrapping (docs/PROTOCOL.md)
export * from './seal/index.ts';

// Certificate transparency: RFC 9162 Merkle tree, inclusion and consistency proofs, tree head signatures (docs/PROTOCOL.md §10)
export * from './transparency/index.ts';
