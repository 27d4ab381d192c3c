import { bufferSource } from '../seal/buffer-source.ts';

// [Note: log hashing]
// The transparency log is a Merkle tree in the shape of RFC 9162 §2.1, with SHA-256 throughout
// (https://www.rfc-editor.org/rfc/rfc9162#section-2.1.1):
//   leaf hash  = SHA-256(0x00 || entry)
//   node hash  = SHA-256(0x01 || left || right)
//   MTH({})    = SHA-256("")  (the root of the empty tree)
// The one-byte prefixes keep a leaf from ever being read as an interior node, so a proof cannot
// pass an interior node off as an entry (second-preimage resistance of the tree).
//
// [Note: hash provider]
// Every function that hashes takes the SHA-256 implementation as its last parameter, with
// WebCrypto as the default (browsers and Node alike). The function may answer synchronously or
// with a promise: the server can pass node:crypto's synchronous `createHash` and skip one
// WebCrypto round trip per node, which matters when a log of 100 000 entries is loaded.

/** Length in bytes of every leaf, node and root hash of the log. */
export const MERKLE_HASH_BYTES = 32;

/** A SHA-256 implementation: synchronous or asynchronous ([Note: hash provider]). */
export type Sha256 = (data: Uint8Array) => Uint8Array | Promise<Uint8Array>;

/**
 * SHA-256 through `crypto.subtle.digest`.
 * @param crypto WebCrypto provider (default: `globalThis.crypto`)
 */
export function webCryptoSha256(crypto: Crypto = globalThis.crypto): Sha256 {
  return async (data) => new Uint8Array(await crypto.subtle.digest('SHA-256', bufferSource(data)));
}

/** The default {@link Sha256}: WebCrypto on `globalThis.crypto`. */
export const defaultSha256: Sha256 = webCryptoSha256();

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

/** True when `value` is a byte array of the length of a log hash (32 bytes). */
export function isMerkleHash(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.byteLength === MERKLE_HASH_BYTES;
}

/** The leaf hash of a log entry: SHA-256(0x00 || entry) ([Note: log hashing]). */
export async function hashLeaf(entry: Uint8Array, sha256: Sha256 = defaultSha256): Promise<Uint8Array> {
  const input = new Uint8Array(1 + entry.byteLength);
  input[0] = LEAF_PREFIX;
  input.set(entry, 1);
  return sha256(input);
}

/**
 * The hash of an interior node: SHA-256(0x01 || left || right) ([Note: log hashing]). The
 * children are hashed as given; callers that take them from outside check their length first.
 */
export async function hashChildren(left: Uint8Array, right: Uint8Array, sha256: Sha256 = defaultSha256): Promise<Uint8Array> {
  const input = new Uint8Array(1 + left.byteLength + right.byteLength);
  input[0] = NODE_PREFIX;
  input.set(left, 1);
  input.set(right, 1 + left.byteLength);
  return sha256(input);
}

/** The root hash of the empty tree: SHA-256 of no bytes. */
export async function emptyRootHash(sha256: Sha256 = defaultSha256): Promise<Uint8Array> {
  return sha256(new Uint8Array(0));
}
