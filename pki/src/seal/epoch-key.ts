import { isUuid } from '@seccam/schema';
import { PkiError } from '../pki-error.ts';

// [Note: epoch keys]
// An epoch key is 32 random bytes, the *epoch secret*. It is what gets wrapped to recipients
// and what an evidence export may disclose. It is never used directly: as in SFrame
// (RFC 9605 §4.4.2) two values are derived from it with HKDF-SHA256 (RFC 5869, empty salt):
//   content key = HKDF(secret, info "seccam/v1 content-key|<streamId>|<epoch>", 32 bytes) → AES-256-GCM
//   nonce salt  = HKDF(secret, info "seccam/v1 nonce-salt|<streamId>|<epoch>", 12 bytes)
// Separate derivations keep the AES key and the salt independent (the raw secret is never
// both a cipher key and a KDF input), and binding stream id and epoch into `info` means that
// even a secret mistakenly reused for another stream or epoch yields a different key and
// salt, so (key, nonce) pairs can never repeat across them. Within one epoch the nonce is
// salt XOR seq (seq as a 96-bit big-endian integer): deterministic, never random, unique
// because seq is unique per frame and the chain forbids two frames with one seq.
// The secret lives in a module-private WeakMap, so an EpochKey object serialises to its
// context only and cannot leak key bytes through logging or JSON.

/** Bytes of an epoch secret. */
export const EPOCH_SECRET_BYTES = 32;
/** Bytes of an AES-GCM nonce. */
export const NONCE_BYTES = 12;

/** The stream and epoch an epoch key belongs to. */
export interface EpochKeyContext {
  readonly streamId: string;
  readonly epoch: number;
}

interface EpochKeyMaterial {
  readonly secret: Uint8Array;
  readonly contentKey: CryptoKey;
  readonly nonceSalt: Uint8Array;
}

const materials = new WeakMap<EpochKey, EpochKeyMaterial>();

/**
 * The content key of one epoch of one stream. Opaque: only this module reads its material,
 * and the package entry exports the type alone. Obtain one from `generateEpochKey`,
 * `importEpochKey` or `unwrapEpochKey`.
 */
export class EpochKey implements EpochKeyContext {
  readonly streamId: string;
  readonly epoch: number;

  constructor(context: EpochKeyContext, material: EpochKeyMaterial) {
    this.streamId = context.streamId;
    this.epoch = context.epoch;
    materials.set(this, material);
  }
}

/** Generates a fresh random epoch key for `context`. */
export async function generateEpochKey(context: EpochKeyContext, crypto: Crypto = globalThis.crypto): Promise<EpochKey> {
  const secret = crypto.getRandomValues(new Uint8Array(EPOCH_SECRET_BYTES));
  return importEpochKey(secret, context, crypto);
}

/**
 * Rebuilds an epoch key from its 32-byte secret (an unwrapped or exported key).
 * @throws PkiError `INVALID_ARGUMENT` for a wrong length or a bad context
 */
export async function importEpochKey(secret: Uint8Array, context: EpochKeyContext, crypto: Crypto = globalThis.crypto): Promise<EpochKey> {
  if (secret.byteLength !== EPOCH_SECRET_BYTES) {
    throw new PkiError('INVALID_ARGUMENT', `an epoch secret is ${EPOCH_SECRET_BYTES} bytes`);
  }
  ensureEpochKeyContext(context);
  const ownSecret = secret.slice();
  const base = await crypto.subtle.importKey('raw', ownSecret, 'HKDF', false, ['deriveKey', 'deriveBits']);
  const contentKey = await crypto.subtle.deriveKey(hkdfParams('content-key', context), base, { name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
  const nonceSalt = new Uint8Array(await crypto.subtle.deriveBits(hkdfParams('nonce-salt', context), base, NONCE_BYTES * 8));
  return new EpochKey({ streamId: context.streamId, epoch: context.epoch }, { secret: ownSecret, contentKey, nonceSalt });
}

/**
 * A copy of the 32-byte epoch secret: for wrapping, and for an evidence export that
 * discloses content keys on request. Handle the result as a secret.
 */
export function exportEpochKey(key: EpochKey): Uint8Array {
  return ensureMaterial(key).secret.slice();
}

/** True if `key` was made for this stream and epoch. */
export function isEpochKeyFor(key: EpochKey, context: EpochKeyContext): boolean {
  return key.streamId === context.streamId && key.epoch === context.epoch;
}

/** The AES-GCM nonce of frame `seq`: nonce salt XOR seq as a 96-bit big-endian integer. */
export function frameNonce(key: EpochKey, seq: number): Uint8Array {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new PkiError('INVALID_ARGUMENT', 'seq must be a non-negative safe integer');
  const nonce = ensureMaterial(key).nonceSalt.slice();
  let rest = BigInt(seq);
  for (let i = NONCE_BYTES - 1; i >= 0 && rest > 0n; i--) {
    nonce[i] = (nonce[i] ?? 0) ^ Number(rest & 0xffn);
    rest >>= 8n;
  }
  return nonce;
}

/** @internal The derived AES-256-GCM key (non-extractable). */
export function contentKeyOf(key: EpochKey): CryptoKey {
  return ensureMaterial(key).contentKey;
}

/** @throws PkiError `INVALID_ARGUMENT` unless the context is a canonical stream id and a u32 epoch */
export function ensureEpochKeyContext(context: EpochKeyContext): void {
  if (!isUuid(context.streamId)) throw new PkiError('INVALID_ARGUMENT', 'streamId must be a canonical lowercase UUID');
  if (!Number.isInteger(context.epoch) || context.epoch < 0 || context.epoch > 0xffff_ffff) {
    throw new PkiError('INVALID_ARGUMENT', 'epoch must be a u32');
  }
}

function ensureMaterial(key: EpochKey): EpochKeyMaterial {
  const material = materials.get(key);
  if (material === undefined) throw new PkiError('INVALID_ARGUMENT', 'not an EpochKey made by this module');
  return material;
}

const utf8 = new TextEncoder();

function hkdfParams(purpose: 'content-key' | 'nonce-salt', context: EpochKeyContext): HkdfParams {
  return {
    name: 'HKDF',
    hash: 'SHA-256',
    salt: new Uint8Array(0),
    info: utf8.encode(`seccam/v1 ${purpose}|${context.streamId}|${context.epoch}`),
  };
}
