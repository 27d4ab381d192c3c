/** Test support for the frame stores (memory, disk, IndexedDB): frames that are well-formed but not sealed. */
import { SIGNATURE_BYTES, encodeFrame, encodeFrameHeader } from '@seccam/schema';

/** A well-formed frame of `streamId` at `seq` (the stores check framing and seq, not the cryptography). */
export function unsealedFrame(streamId: string, seq: number, ciphertextBytes: number): Uint8Array {
  const ciphertext = new Uint8Array(ciphertextBytes).fill(seq % 251);
  const header = encodeFrameHeader({
    flags: 0,
    streamId,
    epoch: 0,
    seq,
    captureTs: 1_700_000_000_000 + seq,
    prevHash: new Uint8Array(32),
    ciphertextLength: ciphertextBytes,
  });
  return encodeFrame(header, ciphertext, new Uint8Array(SIGNATURE_BYTES));
}
