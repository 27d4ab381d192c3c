import { ByteReader } from '../binary/byte-reader.ts';
import { ByteWriter } from '../binary/byte-writer.ts';
import { isUuid, uuidFromBytes, uuidToBytes } from '../binary/uuid.ts';
import { FrameError } from './frame-error.ts';

// Wire format: docs/PROTOCOL.md §2. Modelled on SFrame (RFC 9605): a cleartext header that
// the server can route on, bound to the ciphertext as AEAD associated data.

/** "SCC1": SecCam chunk, format 1. */
export const FRAME_MAGIC: Uint8Array = Uint8Array.of(0x53, 0x43, 0x43, 0x31);
export const FRAME_VERSION = 1;
/** Bytes in an encoded header, including the ciphertext length field. */
export const FRAME_HEADER_BYTES = 78;
export const PREV_HASH_BYTES = 32;
/** AES-GCM tag length: the shortest possible ciphertext (an empty payload). */
export const GCM_TAG_BYTES = 16;
/** Raw ECDSA P-256 signature r || s. */
export const SIGNATURE_BYTES = 64;
/** Largest value `seq` and `captureTs` may take (they are u64 on the wire, numbers in the API). */
export const MAX_SAFE_U64 = Number.MAX_SAFE_INTEGER;
export const MAX_U32 = 0xffff_ffff;

/** Header flag bits. Every other bit must be zero. */
export const FrameFlags = {
  /** The payload carries track configurations (decoder init data). */
  INIT: 1,
  /** The payload's first video packet is a keyframe: a viewer can start decoding here. */
  KEYFRAME: 2,
  /** The last frame of the stream, signed by the driver. Nothing may follow it. */
  END: 4,
} as const;
export const KNOWN_FLAGS_MASK = FrameFlags.INIT | FrameFlags.KEYFRAME | FrameFlags.END;

/** The decoded header of a frame. See docs/PROTOCOL.md §2 for the byte layout. */
export interface FrameHeader {
  /** Bit set of `FrameFlags`. */
  readonly flags: number;
  /** Canonical lowercase UUID. */
  readonly streamId: string;
  /** Content-key epoch, u32. */
  readonly epoch: number;
  /** Position in the stream, 0-based, safe integer. */
  readonly seq: number;
  /** Capture time of the first media in the frame, ms since the Unix epoch, safe integer. */
  readonly captureTs: number;
  /** Chain hash of frame seq-1, or the genesis hash for seq 0. 32 bytes. */
  readonly prevHash: Uint8Array;
  /** Bytes of AES-GCM ciphertext (payload + 16-byte tag) that follow the header. */
  readonly ciphertextLength: number;
}

/** True if `flags` has every bit of `flag`. */
export function hasFlag(flags: number, flag: number): boolean {
  return (flags & flag) === flag;
}

/** Encodes a header into its 78 bytes. Throws FrameError for out-of-range fields. */
export function encodeFrameHeader(header: FrameHeader): Uint8Array {
  ensureHeaderFields(header);
  return new ByteWriter(FRAME_HEADER_BYTES)
    .raw(FRAME_MAGIC)
    .u8(FRAME_VERSION)
    .u8(header.flags)
    .raw(uuidToBytes(header.streamId))
    .u32(header.epoch)
    .u64(BigInt(header.seq))
    .u64(BigInt(header.captureTs))
    .raw(header.prevHash)
    .u32(header.ciphertextLength)
    .finish();
}

/**
 * Decodes exactly one header (78 bytes, e.g. a stored header column). Throws FrameError.
 * Use `decodeFrame` for whole frames.
 */
export function decodeFrameHeader(bytes: Uint8Array): FrameHeader {
  const reader = frameReader(bytes);
  const header = readFrameHeader(reader);
  if (reader.remaining !== 0) throw new FrameError('TRAILING_BYTES', 'bytes after the header');
  return header;
}

/** A reader whose truncation error is FrameError('TRUNCATED'). */
export function frameReader(bytes: Uint8Array): ByteReader {
  return new ByteReader(bytes, () => new FrameError('TRUNCATED', 'frame ends inside a field'));
}

/** Reads and validates the header fields in wire order. */
export function readFrameHeader(reader: ByteReader): FrameHeader {
  readMagic(reader);
  readVersion(reader);
  const flags = readFlags(reader);
  const streamId = uuidFromBytes(reader.bytes(16));
  const epoch = reader.u32();
  const seq = readSafeU64(reader, 'seq');
  const captureTs = readSafeU64(reader, 'captureTs');
  const prevHash = reader.bytes(PREV_HASH_BYTES);
  const ciphertextLength = reader.u32();
  if (ciphertextLength < GCM_TAG_BYTES) {
    throw new FrameError('BAD_LENGTH', `ciphertext length ${ciphertextLength} is below the ${GCM_TAG_BYTES}-byte tag`);
  }
  return { flags, streamId, epoch, seq, captureTs, prevHash, ciphertextLength };
}

function readMagic(reader: ByteReader): void {
  // Compare what is there before demanding all four bytes, so that garbage is BAD_MAGIC
  // while a genuine prefix of a frame is TRUNCATED.
  const available = Math.min(reader.remaining, FRAME_MAGIC.byteLength);
  const head = reader.bytes(available);
  for (let i = 0; i < available; i++) {
    if (head[i] !== FRAME_MAGIC[i]) throw new FrameError('BAD_MAGIC', 'not a SecCam frame');
  }
  reader.need(FRAME_MAGIC.byteLength - available);
}

function readVersion(reader: ByteReader): void {
  const version = reader.u8();
  if (version !== FRAME_VERSION) throw new FrameError('BAD_VERSION', `unsupported version ${version}`);
}

function readFlags(reader: ByteReader): number {
  const flags = reader.u8();
  if ((flags & ~KNOWN_FLAGS_MASK) !== 0) throw new FrameError('BAD_FLAGS', `reserved flag bits set: 0x${flags.toString(16)}`);
  return flags;
}

function readSafeU64(reader: ByteReader, field: string): number {
  const value = reader.u64();
  if (value > BigInt(MAX_SAFE_U64)) throw new FrameError('BAD_FIELD', `${field} exceeds 2^53 - 1`);
  return Number(value);
}

function ensureHeaderFields(header: FrameHeader): void {
  if (!Number.isInteger(header.flags) || header.flags < 0 || header.flags > 0xff) {
    throw new FrameError('BAD_FLAGS', 'flags must be a byte');
  }
  if ((header.flags & ~KNOWN_FLAGS_MASK) !== 0) throw new FrameError('BAD_FLAGS', 'reserved flag bits set');
  if (!isUuid(header.streamId)) throw new FrameError('BAD_FIELD', 'streamId must be a canonical lowercase UUID');
  ensureInteger(header.epoch, MAX_U32, 'epoch');
  ensureInteger(header.seq, MAX_SAFE_U64, 'seq');
  ensureInteger(header.captureTs, MAX_SAFE_U64, 'captureTs');
  if (header.prevHash.byteLength !== PREV_HASH_BYTES) throw new FrameError('BAD_LENGTH', 'prevHash must be 32 bytes');
  ensureInteger(header.ciphertextLength, MAX_U32, 'ciphertextLength');
  if (header.ciphertextLength < GCM_TAG_BYTES) throw new FrameError('BAD_LENGTH', 'ciphertext is shorter than the GCM tag');
}

function ensureInteger(value: number, max: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 0 || value > max) {
    throw new FrameError('BAD_FIELD', `${field} must be an integer in [0, ${max}]`);
  }
}
