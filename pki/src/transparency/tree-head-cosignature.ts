import { encodeTreeHeadCosignatureStatement, type TreeHeadCosignatureFields } from '@seccam/schema';
import { checkStatementSignature, signStatement, type StatementSignatureCheck } from '../statement-signature.ts';
import { assertP256Key } from './tree-head-signature.ts';

// A witness's cosignature over a tree head it checked ([Note: tree head cosignature] in
// @seccam/schema): ECDSA P-256 / SHA-256, raw r||s, 64 bytes, with the witness's own statement
// key ([Note: signed statements]). The statement names the witness and its key id, so the
// caller checks it with the key it configured for that witness name, whose id must be
// `fields.witnessKeyIdHex`.

/**
 * Cosigns a tree head with a witness's statement private key.
 * @param crypto WebCrypto provider (default: `globalThis.crypto`)
 * @returns the 64-byte raw `r||s` signature
 * @throws TypeError for fields the statement refuses; PkiError `KEY_MALFORMED` for a key that is not a P-256 signing key
 */
export async function cosignTreeHead(
  fields: TreeHeadCosignatureFields,
  privateKey: CryptoKey,
  crypto: Crypto = globalThis.crypto,
): Promise<Uint8Array> {
  const statement = encodeTreeHeadCosignatureStatement(fields);
  assertP256Key(privateKey, 'private', 'sign');
  return signStatement(statement, privateKey, crypto);
}

/** The outcome of {@link verifyTreeHeadCosignature}. */
export type TreeHeadCosignatureCheck = StatementSignatureCheck;

/**
 * Checks a witness cosignature. Answers as data: `malformed` when the fields cannot form a
 * statement (or a base64 signature is not base64), `signature` when the signature is not 64 bytes
 * or does not verify with `publicKey`.
 * @param crypto WebCrypto provider (default: `globalThis.crypto`)
 * @throws PkiError `KEY_MALFORMED` for a key that is not a P-256 verification key
 */
export async function verifyTreeHeadCosignature(
  fields: TreeHeadCosignatureFields,
  signature: Uint8Array | string,
  publicKey: CryptoKey,
  crypto: Crypto = globalThis.crypto,
): Promise<TreeHeadCosignatureCheck> {
  assertP256Key(publicKey, 'public', 'verify');
  return checkStatementSignature('tree head cosignature', () => encodeTreeHeadCosignatureStatement(fields), signature, publicKey, crypto);
}
