import { bytesToBase64, encodeGrantStatement, type GrantStatementFields } from '@seccam/schema';
import { checkStatementSignature, signStatement, type StatementSignatureCheck } from './statement-signature.ts';

// [Note: grant signatures]
// A driver consents to a grant by signing the grant statement (its bytes: `encodeGrantStatement`
// in @seccam/schema, [Note: grant statement]) with its `sig` key. The driver's client signs it,
// the server checks it before storing the grant, and every recording client checks it again
// before wrapping a content key to the grantee, so a server cannot add or redirect a recipient.

/**
 * Signs the grant statement of `fields` with the driver's `sig` private key.
 * @returns base64 of the 64-byte raw `r||s` signature
 * @throws TypeError for fields the statement format refuses (`grantStatementProblem` in @seccam/schema)
 */
export async function signGrantStatement(
  fields: GrantStatementFields,
  sigPrivateKey: CryptoKey,
  crypto: Crypto = globalThis.crypto,
): Promise<string> {
  return bytesToBase64(await signStatement(encodeGrantStatement(fields), sigPrivateKey, crypto));
}

export type GrantSignatureCheck = StatementSignatureCheck;

/**
 * Checks a grant's signature against the driver's `sig` public key. Answers as data:
 * `malformed` when the signature is not canonical base64 or the fields cannot form a statement,
 * `signature` when it is not 64 bytes or does not verify.
 * @param crypto WebCrypto provider (default: `globalThis.crypto`)
 */
export function verifyGrantSignature(
  fields: GrantStatementFields,
  signatureB64: string,
  driverSigPublicKey: CryptoKey,
  crypto: Crypto = globalThis.crypto,
): Promise<GrantSignatureCheck> {
  return checkStatementSignature('grant', () => encodeGrantStatement(fields), signatureB64, driverSigPublicKey, crypto);
}
