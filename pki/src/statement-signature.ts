import { base64ToBytes, isBase64 } from '@seccam/schema';
import { ECDSA_P256_SIGNATURE_BYTES, ecdsaSignParams } from './key-algorithms.ts';
import { bufferSource } from './seal/buffer-source.ts';

// [Note: signed statements]
// Everything a user's `sig` key signs besides frames and key sets is a "statement": bytes
// defined once by their own encoder (the grant statement in @seccam/schema, the evidence body
// in the device's evidence-file.ts), each starting with its own domain string so a signature
// made for one kind can never be replayed as another. Signing and checking them is the same
// ECDSA P-256 / SHA-256 operation with a raw IEEE P1363 `r||s` signature (64 bytes), so it
// lives here once and nothing outside @seccam/pki calls `crypto.subtle` to do it.

/**
 * Signs statement bytes with a `sig` private key.
 * @param crypto WebCrypto provider (default: `globalThis.crypto`)
 * @returns the 64-byte raw `r||s` signature
 */
export async function signStatement(
  statement: Uint8Array,
  sigPrivateKey: CryptoKey,
  crypto: Crypto = globalThis.crypto,
): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.sign(ecdsaSignParams(), sigPrivateKey, bufferSource(statement)));
}

/**
 * True when `signature` is a 64-byte raw `r||s` signature over `statement` by the holder of
 * `sigPublicKey` ([Note: signed statements]); false for any other length or a signature that
 * does not verify.
 * @param crypto WebCrypto provider (default: `globalThis.crypto`)
 */
export async function isStatementSignedBy(
  statement: Uint8Array,
  signature: Uint8Array,
  sigPublicKey: CryptoKey,
  crypto: Crypto = globalThis.crypto,
): Promise<boolean> {
  if (signature.byteLength !== ECDSA_P256_SIGNATURE_BYTES) return false;
  return crypto.subtle.verify(ecdsaSignParams(), sigPublicKey, bufferSource(signature), bufferSource(statement));
}

/**
 * The outcome of checking a statement's signature, as data: `malformed` when the fields cannot
 * form a statement (or a base64 signature is not base64), `signature` when the signature is not
 * 64 bytes or does not verify.
 */
export type StatementSignatureCheck =
  { readonly ok: true } | { readonly ok: false; readonly reason: 'malformed' | 'signature'; readonly message: string };

/**
 * Checks `signature` over the statement `encode` builds from remote fields; `encode` throwing
 * (fields its format refuses, or of the wrong shape) answers `malformed`, since such fields
 * cannot carry a valid signature. `what` names the statement in the failure message.
 * @param crypto WebCrypto provider (default: `globalThis.crypto`)
 */
export async function checkStatementSignature(
  what: string,
  encode: () => Uint8Array,
  signature: Uint8Array | string,
  sigPublicKey: CryptoKey,
  crypto: Crypto = globalThis.crypto,
): Promise<StatementSignatureCheck> {
  let signatureBytes: Uint8Array;
  if (typeof signature === 'string') {
    if (!isBase64(signature)) return { ok: false, reason: 'malformed', message: 'signatureB64 is not base64' };
    signatureBytes = base64ToBytes(signature);
  } else if (signature instanceof Uint8Array) {
    signatureBytes = signature;
  } else {
    return { ok: false, reason: 'malformed', message: 'the signature is neither bytes nor base64' };
  }
  let statement: Uint8Array;
  try {
    statement = encode();
  } catch (error) {
    return { ok: false, reason: 'malformed', message: error instanceof Error ? error.message : `invalid ${what} statement` };
  }
  const signed = await isStatementSignedBy(statement, signatureBytes, sigPublicKey, crypto);
  return signed ? { ok: true } : { ok: false, reason: 'signature', message: `the ${what} signature does not verify` };
}
