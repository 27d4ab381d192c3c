import { base64ToBytes, bytesToBase64, encodeGrantStatement, isBase64, type GrantStatementFields } from '@seccam/schema';
import { isStatementSignedBy, signStatement } from './statement-signature.ts';

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

export type GrantSignatureCheck =
  { readonly ok: true } | { readonly ok: false; readonly reason: 'malformed' | 'signature'; readonly message: string };

/**
 * Checks a grant's signature against the driver's `sig` public key. Answers as data:
 * `malformed` when the signature is not canonical base64 or the fields cannot form a statement,
 * `signature` when it is not 64 bytes or does not verify.
 * @param crypto WebCrypto provider (default: `globalThis.crypto`)
 */
export async function verifyGrantSignature(
  fields: GrantStatementFields,
  signatureB64: string,
  driverSigPublicKey: CryptoKey,
  crypto: Crypto = globalThis.crypto,
): Promise<GrantSignatureCheck> {
  if (typeof signatureB64 !== 'string' || !isBase64(signatureB64))
    return { ok: false, reason: 'malformed', message: 'signatureB64 is not base64' };
  let statement: Uint8Array;
  try {
    statement = encodeGrantStatement(fields);
  } catch (error) {
    // Remote fields the statement format refuses (or of the wrong shape) cannot carry a valid signature.
    return { ok: false, reason: 'malformed', message: error instanceof Error ? error.message : 'invalid grant statement' };
  }
  const signed = await isStatementSignedBy(statement, base64ToBytes(signatureB64), driverSigPublicKey, crypto);
  return signed ? { ok: true } : { ok: false, reason: 'signature', message: 'the grant signature does not verify' };
}
