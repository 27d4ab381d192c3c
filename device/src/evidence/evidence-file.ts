import {
  ByteReader,
  ByteWriter,
  FRAME_HEADER_BYTES,
  FrameError,
  MAX_FRAME_BYTES,
  SIGNATURE_BYTES,
  concatBytes,
  decodeFrame,
  type DecodedFrame,
} from '@seccam/schema';
import { EvidenceError } from './evidence-error.ts';
import {
  EVIDENCE_VERSION,
  MAX_MANIFEST_BYTES,
  parseManifest,
  serializeManifest,
  type EvidenceManifest,
  type EvidenceVersion,
} from './evidence-manifest.ts';

// [Note: evidence container]
// An evidence file (docs/PROTOCOL.md, "Evidence export") is
//   magic "SCEX" | version u8 (2; 1 still read) | manifestLength u32 | manifest (canonical JSON)
//   | frameCount frames, concatenated exactly as signed | exporter signature (64 bytes)
// Frames are self-delimiting through their ciphertextLength field, so the container needs no
// framing of its own beyond the count in the manifest. The exporter signs every byte before
// the signature with their `sig` key (ECDSA P-256 / SHA-256, raw r || s; `signStatement` in
// @seccam/pki, [Note: signed statements]): the file then says who exported what and when, and
// no byte can change without a check failing. The magic opens the
// signed bytes, which keeps this signature apart from everything else a `sig` key signs (32-byte
// chain hashes, "seccam-login/v1|…", "seccam/v1 keyset…", DER CSRs).

// Version 2 adds the driver certificate's log proof and the driver's known-certificate list
// to the manifest ([Note: evidence manifest]); nothing else changed, so version 1 files are
// read as they are and reported without a log proof.

const MAGIC = Uint8Array.of(0x53, 0x43, 0x45, 0x58); // "SCEX"
export { EVIDENCE_VERSION };
const PREFIX_BYTES = MAGIC.byteLength + 1 + 4;
/** Offset of ciphertextLength (u32) in a frame header (docs/PROTOCOL.md §2). */
const CIPHERTEXT_LENGTH_OFFSET = 74;

/** A parsed evidence file. Frames and signed bytes are views into the input. */
export interface EvidenceFile {
  readonly version: EvidenceVersion;
  readonly manifest: EvidenceManifest;
  readonly frames: readonly DecodedFrame[];
  /** The bytes the exporter signature covers: magic through the last frame. */
  readonly signedBytes: Uint8Array;
  readonly exporterSignature: Uint8Array;
}

/** The signed part of an evidence file: prefix, manifest and frames. */
export function encodeEvidenceBody(
  manifest: EvidenceManifest,
  frames: readonly Uint8Array[],
  version: EvidenceVersion = EVIDENCE_VERSION,
): Uint8Array {
  const manifestBytes = new TextEncoder().encode(serializeManifest(manifest, version));
  if (manifestBytes.byteLength > MAX_MANIFEST_BYTES) throw new EvidenceError('TOO_LARGE', `manifest of ${manifestBytes.byteLength} bytes`);
  const prefix = new ByteWriter(PREFIX_BYTES).raw(MAGIC).u8(version).u32(manifestBytes.byteLength).finish();
  return concatBytes(prefix, manifestBytes, ...frames);
}

/** The whole file: the signed body followed by the exporter signature. */
export function appendExporterSignature(body: Uint8Array, signature: Uint8Array): Uint8Array {
  if (signature.byteLength !== SIGNATURE_BYTES) throw new EvidenceError('BAD_INPUT', `an exporter signature is ${SIGNATURE_BYTES} bytes`);
  return concatBytes(body, signature);
}

/**
 * Parses an evidence file strictly, section by section; no cryptographic check happens here.
 * @throws EvidenceError `BAD_MAGIC`, `BAD_VERSION`, `TRUNCATED`, `TOO_LARGE`, `BAD_MANIFEST`,
 *   `BAD_FRAME` or `TRAILING_BYTES`
 */
export function decodeEvidenceFile(bytes: Uint8Array): EvidenceFile {
  const available = bytes.subarray(0, MAGIC.byteLength);
  if (!available.every((byte, i) => byte === MAGIC[i])) throw new EvidenceError('BAD_MAGIC', 'not a SecCam evidence file');
  const reader = new ByteReader(bytes, () => new EvidenceError('TRUNCATED', 'the file ends inside its header or manifest'));
  reader.bytes(MAGIC.byteLength);
  const version = reader.u8();
  if (version !== 1 && version !== 2) throw new EvidenceError('BAD_VERSION', `unsupported evidence version ${version}`);
  const manifestLength = reader.u32();
  if (manifestLength > MAX_MANIFEST_BYTES) throw new EvidenceError('TOO_LARGE', `manifest of ${manifestLength} bytes`);
  const manifest = parseManifest(reader.bytes(manifestLength), version);
  const frames: DecodedFrame[] = [];
  let offset = reader.offset;
  for (let index = 0; index < manifest.frameCount; index++) {
    const frame = readFrame(bytes, offset, index);
    frames.push(frame);
    offset += frame.frameBytes.byteLength;
  }
  const rest = bytes.byteLength - offset;
  if (rest < SIGNATURE_BYTES) throw new EvidenceError('TRUNCATED', 'the file ends inside the exporter signature');
  if (rest > SIGNATURE_BYTES) throw new EvidenceError('TRAILING_BYTES', `${rest - SIGNATURE_BYTES} bytes after the exporter signature`);
  return { version, manifest, frames, signedBytes: bytes.subarray(0, offset), exporterSignature: bytes.subarray(offset) };
}

function readFrame(bytes: Uint8Array, offset: number, index: number): DecodedFrame {
  if (offset + FRAME_HEADER_BYTES > bytes.byteLength) throw new EvidenceError('TRUNCATED', `the file ends inside frame ${index}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, FRAME_HEADER_BYTES);
  const length = FRAME_HEADER_BYTES + view.getUint32(CIPHERTEXT_LENGTH_OFFSET) + SIGNATURE_BYTES;
  if (length > MAX_FRAME_BYTES) throw new EvidenceError('TOO_LARGE', `frame ${index} declares ${length} bytes`);
  if (offset + length > bytes.byteLength) throw new EvidenceError('TRUNCATED', `the file ends inside frame ${index}`);
  try {
    return decodeFrame(bytes.subarray(offset, offset + length));
  } catch (error) {
    if (error instanceof FrameError) throw new EvidenceError('BAD_FRAME', `frame ${index}: ${error.message}`, { cause: error });
    throw error;
  }
}
