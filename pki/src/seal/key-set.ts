import { ByteWriter, base64ToBytes, bytesToBase64, isBase64, isUuid, uuidToBytes } from '@seccam/schema';
import { ecdsaSignParams } from '../key-algorithms.ts';
import { PkiError } from '../pki-error.ts';
import { bufferSource } from './buffer-source.ts';

// [Note: signed key sets]
// The wrapped keys of one epoch are published as a set signed by the driver, so a viewer can
// check that the wrapped key the server hands it was made by the driver for this stream and
// epoch, and anyone can see who was given each epoch. The signature (ECDSA P-256 / SHA-256,
// raw r||s) covers a canonical byte encoding, never JSON text:
//   "seccam/v1 keyset" (16 ASCII bytes) | streamId (16) | epoch u32 | entry count u16 |
//   entries sorted by recipient (bytewise UTF-8), each:
//     recipient length u16 | recipient UTF-8 | wrapped key length u16 | wrapped key bytes
// Recipients are unique; sorting makes the encoding independent of the JSON order, so a
// set has exactly one signed form. `recipient` names the recipient's `enc` certificate (its
// serial number in lowercase hex), which is the key the entry was wrapped to.

export const KEY_SET_DOMAIN = 'seccam/v1 keyset';
/** Upper bound on entries (the driver plus every grantee). */
export const MAX_KEY_SET_ENTRIES = 1024;
const MAX_RECIPIENT_BYTES = 256;
/** RSA-OAEP 3072 output is 384 bytes; allow up to RSA-8192. */
const MAX_WRAPPED_KEY_BYTES = 1024;

export interface KeySetEntry {
  /** The recipient's `enc` certificate serial number, lowercase hex. */
  readonly recipient: string;
  /** `wrapEpochKey` output, base64. */
  readonly wrappedKeyB64: string;
}

export interface KeySet {
  readonly streamId: string;
  readonly epoch: number;
  readonly entries: readonly KeySetEntry[];
}

export interface SignedKeySet extends KeySet {
  /** Raw ECDSA P-256 signature r||s over `encodeKeySet(set)`, base64. */
  readonly signatureB64: string;
}

const utf8 = new TextEncoder();

/**
 * The canonical bytes a key-set signature covers (see [Note: signed key sets]).
 * @throws PkiError `INVALID_ARGUMENT` for an invalid set (bad id, duplicate recipient, bad base64...)
 */
export function encodeKeySet(set: KeySet): Uint8Array {
  const problem = keySetProblem(set);
  if (problem !== null) throw new PkiError('INVALID_ARGUMENT', problem);
  const entries = set.entries
    .map((entry) => ({ recipient: utf8.encode(entry.recipient), wrapped: base64ToBytes(entry.wrappedKeyB64) }))
    .sort((a, b) => compareBytes(a.recipient, b.recipient));
  const domain = utf8.encode(KEY_SET_DOMAIN);
  let length = domain.byteLength + 16 + 4 + 2;
  for (const entry of entries) length += 2 + entry.recipient.byteLength + 2 + entry.wrapped.byteLength;
  const writer = new ByteWriter(length).raw(domain).raw(uuidToBytes(set.streamId)).u32(set.epoch).u16(entries.length);
  for (const entry of entries) {
    writer.u16(entry.recipient.byteLength).raw(entry.recipient).u16(entry.wrapped.byteLength).raw(entry.wrapped);
  }
  return writer.finish();
}

/** Signs a key set with the driver's `sig` private key; entries come back sorted by recipient. */
export async function signKeySet(set: KeySet, sigPrivateKey: CryptoKey, crypto: Crypto = globalThis.crypto): Promise<SignedKeySet> {
  const bytes = encodeKeySet(set);
  const signature = new Uint8Array(await crypto.subtle.sign(ecdsaSignParams(), sigPrivateKey, bufferSource(bytes)));
  const entries = [...set.entries]
    .map((entry) => ({ recipient: entry.recipient, wrappedKeyB64: entry.wrappedKeyB64 }))
    .sort((a, b) => compareBytes(utf8.encode(a.recipient), utf8.encode(b.recipient)));
  return { streamId: set.streamId, epoch: set.epoch, entries, signatureB64: bytesToBase64(signature) };
}

export type VerifyKeySetResult =
  | { readonly ok: true; readonly keySet: KeySet }
  | { readonly ok: false; readonly reason: 'malformed' | 'signature'; readonly message: string };

/**
 * Verifies a signed key set (e.g. received from the server) against the driver's `sig`
 * public key. Answers as data: `malformed` for a set that breaks the format rules,
 * `signature` when the signature does not verify.
 */
export async function verifyKeySet(
  signed: SignedKeySet,
  sigPublicKey: CryptoKey,
  crypto: Crypto = globalThis.crypto,
): Promise<VerifyKeySetResult> {
  const problem = keySetProblem(signed);
  if (problem !== null) return { ok: false, reason: 'malformed', message: problem };
  if (typeof signed.signatureB64 !== 'string' || !isBase64(signed.signatureB64)) {
    return { ok: false, reason: 'malformed', message: 'signatureB64 is not base64' };
  }
  const signature = base64ToBytes(signed.signatureB64);
  if (signature.byteLength !== 64) return { ok: false, reason: 'malformed', message: 'signature must be 64 bytes' };
  const valid = await crypto.subtle.verify(ecdsaSignParams(), sigPublicKey, bufferSource(signature), bufferSource(encodeKeySet(signed)));
  if (!valid) return { ok: false, reason: 'signature', message: 'key set signature does not verify' };
  return { ok: true, keySet: { streamId: signed.streamId, epoch: signed.epoch, entries: signed.entries } };
}

/** The first rule a key set breaks, or null. Tolerates any input shape (remote data). */
function keySetProblem(set: KeySet): string | null {
  if (typeof set.streamId !== 'string' || !isUuid(set.streamId)) return 'streamId must be a canonical lowercase UUID';
  if (!Number.isInteger(set.epoch) || set.epoch < 0 || set.epoch > 0xffff_ffff) return 'epoch must be a u32';
  const entries: unknown = set.entries;
  if (!Array.isArray(entries) || entries.length === 0) return 'a key set has at least one entry';
  if (entries.length > MAX_KEY_SET_ENTRIES) return `more than ${MAX_KEY_SET_ENTRIES} entries`;
  const recipients = new Set<string>();
  for (const entry of entries as readonly unknown[]) {
    if (!isKeySetEntryShape(entry)) return 'an entry is { recipient, wrappedKeyB64 }';
    const problem = entryProblem(entry);
    if (problem !== null) return problem;
    if (recipients.has(entry.recipient)) return `recipient ${entry.recipient} appears twice`;
    recipients.add(entry.recipient);
  }
  return null;
}

function isKeySetEntryShape(entry: unknown): entry is KeySetEntry {
  if (typeof entry !== 'object' || entry === null) return false;
  const { recipient, wrappedKeyB64 } = entry as Record<string, unknown>;
  return typeof recipient === 'string' && typeof wrappedKeyB64 === 'string';
}

function entryProblem(entry: KeySetEntry): string | null {
  const recipientBytes = utf8.encode(entry.recipient).byteLength;
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (recipientBytes === 0 || recipientBytes > MAX_RECIPIENT_BYTES || /[\u0000-\u001f\u007f]/.test(entry.recipient)) {
    return `recipient must be 1–${MAX_RECIPIENT_BYTES} bytes without control characters`;
  }
  if (!isBase64(entry.wrappedKeyB64)) return `wrapped key of ${entry.recipient} is not base64`;
  const wrappedBytes = base64ToBytes(entry.wrappedKeyB64).byteLength;
  if (wrappedBytes === 0 || wrappedBytes > MAX_WRAPPED_KEY_BYTES)
    return `wrapped key of ${entry.recipient} must be 1–${MAX_WRAPPED_KEY_BYTES} bytes`;
  return null;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.byteLength, b.byteLength);
  for (let i = 0; i < length; i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return a.byteLength - b.byteLength;
}
