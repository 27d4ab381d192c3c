import { PkiError } from '../pki-error.ts';
import { bufferSource } from './buffer-source.ts';
import { isWebCryptoError } from './webcrypto-error.ts';
import {
  EPOCH_SECRET_BYTES,
  ensureEpochKeyContext,
  exportEpochKey,
  importEpochKey,
  type EpochKey,
  type EpochKeyContext,
} from './epoch-key.ts';

// [Note: key wrapping label]
// An epoch secret is wrapped to each recipient's `enc` key with RSA-OAEP / SHA-256 and the
// OAEP label "seccam/v1|<streamId>|<epoch>" (UTF-8). The label is hashed into the OAEP
// padding, so a wrapped key only unwraps under the context it was made for: a server that
// hands a viewer the wrapped key of another stream or epoch gets a decryption failure, not a
// silently wrong key. The unwrapped secret is then bound to that context a second time by
// the HKDF derivation ([Note: epoch keys]).

const utf8 = new TextEncoder();

/** The OAEP label of a wrapped epoch key. */
export function keyWrapLabel(context: EpochKeyContext): Uint8Array {
  ensureEpochKeyContext(context);
  return utf8.encode(`seccam/v1|${context.streamId}|${context.epoch}`);
}

/**
 * Wraps an epoch key to a recipient's RSA-OAEP `enc` public key (a key with usage `encrypt`
 * or `wrapKey`), labelled with the key's own stream and epoch. The caller must have
 * validated the recipient's certificate against the pinned root first (docs/ARCHITECTURE.md, "Sharing and revocation").
 */
export async function wrapEpochKey(
  epochKey: EpochKey,
  recipientEncPublicKey: CryptoKey,
  crypto: Crypto = globalThis.crypto,
): Promise<Uint8Array> {
  ensureRsaOaep(recipientEncPublicKey, 'public');
  const params: RsaOaepParams = { name: 'RSA-OAEP', label: bufferSource(keyWrapLabel(epochKey)) };
  const secret = exportEpochKey(epochKey);
  if (recipientEncPublicKey.usages.includes('encrypt')) {
    return new Uint8Array(await crypto.subtle.encrypt(params, recipientEncPublicKey, bufferSource(secret)));
  }
  if (!recipientEncPublicKey.usages.includes('wrapKey'))
    throw new PkiError('KEY_MALFORMED', "recipient key allows neither 'encrypt' nor 'wrapKey'");
  // wrapKey of a raw key is RSA-OAEP encryption of its bytes: the same wrapped value.
  const carrier = await crypto.subtle.importKey('raw', bufferSource(secret), { name: 'AES-GCM' }, true, ['encrypt']);
  return new Uint8Array(await crypto.subtle.wrapKey('raw', carrier, recipientEncPublicKey, params));
}

export type UnwrapEpochKeyResult =
  { readonly ok: true; readonly epochKey: EpochKey } | { readonly ok: false; readonly reason: 'unwrap'; readonly message: string };

/**
 * Unwraps an epoch key with the recipient's `enc` private key (usage `decrypt` or
 * `unwrapKey`) for the expected stream and epoch. Answers `{ ok: false, reason: 'unwrap' }`
 * when the wrapped key was made for another context or another key, or was altered.
 */
export async function unwrapEpochKey(
  wrappedBytes: Uint8Array,
  encPrivateKey: CryptoKey,
  context: EpochKeyContext,
  crypto: Crypto = globalThis.crypto,
): Promise<UnwrapEpochKeyResult> {
  ensureRsaOaep(encPrivateKey, 'private');
  // An RSA ciphertext is exactly the modulus length. Some implementations accept a shorter
  // one as the same integer (a leading zero byte dropped); refuse it so that one wrapped key
  // has exactly one encoding.
  const modulusBytes = (encPrivateKey.algorithm as RsaHashedKeyAlgorithm).modulusLength / 8;
  if (wrappedBytes.byteLength !== modulusBytes)
    return { ok: false, reason: 'unwrap', message: `wrapped key must be ${modulusBytes} bytes, got ${wrappedBytes.byteLength}` };
  const params: RsaOaepParams = { name: 'RSA-OAEP', label: bufferSource(keyWrapLabel(context)) };
  let secret: Uint8Array;
  try {
    secret = await decryptSecret(wrappedBytes, encPrivateKey, params, crypto);
  } catch (error) {
    if (isWebCryptoError(error, 'OperationError'))
      return { ok: false, reason: 'unwrap', message: 'RSA-OAEP decryption failed (wrong key, label or bytes)' };
    throw error;
  }
  if (secret.byteLength !== EPOCH_SECRET_BYTES) return { ok: false, reason: 'unwrap', message: 'wrapped value is not an epoch secret' };
  return { ok: true, epochKey: await importEpochKey(secret, context, crypto) };
}

async function decryptSecret(wrapped: Uint8Array, key: CryptoKey, params: RsaOaepParams, crypto: Crypto): Promise<Uint8Array> {
  if (key.usages.includes('decrypt')) return new Uint8Array(await crypto.subtle.decrypt(params, key, bufferSource(wrapped)));
  if (!key.usages.includes('unwrapKey')) throw new PkiError('KEY_MALFORMED', "private key allows neither 'decrypt' nor 'unwrapKey'");
  // Any byte length can come out of OAEP; AES-GCM import accepts only 16/24/32 bytes and
  // otherwise throws a DataError, which means "not an epoch secret" here.
  try {
    const carrier = await crypto.subtle.unwrapKey('raw', bufferSource(wrapped), key, params, { name: 'AES-GCM' }, true, ['encrypt']);
    return new Uint8Array(await crypto.subtle.exportKey('raw', carrier));
  } catch (error) {
    if (isWebCryptoError(error, 'DataError')) return new Uint8Array(0);
    throw error;
  }
}

function ensureRsaOaep(key: CryptoKey, type: KeyType): void {
  const algorithm = key.algorithm as Partial<RsaHashedKeyAlgorithm>;
  if (key.type !== type || algorithm.name !== 'RSA-OAEP' || algorithm.hash?.name !== 'SHA-256') {
    throw new PkiError('KEY_MALFORMED', `expected an RSA-OAEP / SHA-256 ${type} key`);
  }
}
