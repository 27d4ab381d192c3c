import {
  bytesToBase64,
  encodeCertificateRevocationStatement,
  encodeGrantRevocationStatement,
  encodeIngestTakeoverStatement,
  encodeStreamDeletionStatement,
  type CertificateRevocationFields,
  type GrantRevocationFields,
  type IngestTakeoverFields,
  type StreamDeletionFields,
} from '@seccam/schema';
import { checkStatementSignature, signStatement, type StatementSignatureCheck } from './statement-signature.ts';

// [Note: action signatures]
// The proof-of-possession statements of @seccam/schema ([Note: action statements]) are signed
// and checked here, with the same ECDSA P-256 operation as every other statement
// ([Note: signed statements]). One tagged union names the four kinds, so the client that signs
// and the server that verifies build the bytes with the same encoder.

/** One action statement: its kind and its fields. */
export type ActionStatement =
  | { readonly kind: 'grant-revocation'; readonly fields: GrantRevocationFields }
  | { readonly kind: 'certificate-revocation'; readonly fields: CertificateRevocationFields }
  | { readonly kind: 'stream-deletion'; readonly fields: StreamDeletionFields }
  | { readonly kind: 'ingest-takeover'; readonly fields: IngestTakeoverFields };

/** The bytes of an action statement. Throws TypeError for fields its encoder refuses. */
export function encodeActionStatement(action: ActionStatement): Uint8Array {
  switch (action.kind) {
    case 'grant-revocation':
      return encodeGrantRevocationStatement(action.fields);
    case 'certificate-revocation':
      return encodeCertificateRevocationStatement(action.fields);
    case 'stream-deletion':
      return encodeStreamDeletionStatement(action.fields);
    case 'ingest-takeover':
      return encodeIngestTakeoverStatement(action.fields);
  }
}

/**
 * Signs an action statement with the account's `sig` private key.
 * @returns base64 of the 64-byte raw `r||s` signature
 * @throws TypeError for fields the statement format refuses
 */
export async function signActionStatement(
  action: ActionStatement,
  sigPrivateKey: CryptoKey,
  crypto: Crypto = globalThis.crypto,
): Promise<string> {
  return bytesToBase64(await signStatement(encodeActionStatement(action), sigPrivateKey, crypto));
}

export type ActionSignatureCheck = StatementSignatureCheck;

/**
 * Checks an action statement's signature against a `sig` public key. Answers as data:
 * `malformed` for a signature that is not base64 or fields that cannot form a statement,
 * `signature` for one that does not verify.
 * @param crypto WebCrypto provider (default: `globalThis.crypto`)
 */
export function verifyActionSignature(
  action: ActionStatement,
  signatureB64: string,
  sigPublicKey: CryptoKey,
  crypto: Crypto = globalThis.crypto,
): Promise<ActionSignatureCheck> {
  return checkStatementSignature(action.kind, () => encodeActionStatement(action), signatureB64, sigPublicKey, crypto);
}
