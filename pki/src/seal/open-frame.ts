import type { DecodedFrame } from '@seccam/schema';
import { bufferSource } from './buffer-source.ts';
import { isWebCryptoError } from './webcrypto-error.ts';
import { contentKeyOf, frameNonce, isEpochKeyFor, type EpochKey } from './epoch-key.ts';

export type OpenFrameResult =
  | { readonly ok: true; readonly payload: Uint8Array }
  | { readonly ok: false; readonly reason: 'decrypt'; readonly seq: number; readonly message: string };

/**
 * Decrypts a frame's payload with the key of its epoch. Answers as data: `reason: 'decrypt'`
 * when the key is for another stream or epoch or the GCM tag does not verify (wrong key,
 * altered ciphertext or header). Verify the frame (signature, chain) first; decryption is the
 * last check. Note that `flags`, `seq` and every header field are authenticated here too (AAD).
 */
export async function openFrame(frame: DecodedFrame, epochKey: EpochKey, crypto: Crypto = globalThis.crypto): Promise<OpenFrameResult> {
  const { header } = frame;
  if (!isEpochKeyFor(epochKey, header)) {
    return { ok: false, reason: 'decrypt', seq: header.seq, message: `key is for epoch ${epochKey.epoch} of stream ${epochKey.streamId}` };
  }
  try {
    const plaintext = await crypto.subtle.decrypt(
      {
        name: 'AES-GCM',
        iv: bufferSource(frameNonce(epochKey, header.seq)),
        additionalData: bufferSource(frame.headerBytes),
        tagLength: 128,
      },
      contentKeyOf(epochKey),
      bufferSource(frame.ciphertext),
    );
    return { ok: true, payload: new Uint8Array(plaintext) };
  } catch (error) {
    if (isWebCryptoError(error, 'OperationError'))
      return { ok: false, reason: 'decrypt', seq: header.seq, message: 'AES-GCM authentication failed' };
    throw error;
  }
}
