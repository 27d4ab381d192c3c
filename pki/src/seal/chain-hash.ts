import { ByteWriter, concatBytes, uuidToBytes } from '@seccam/schema';
import { PkiError } from '../pki-error.ts';
import { frameCryptoOf, type FrameCryptoSource } from './frame-crypto.ts';

// [Note: chain hash]
// chainHash(n) = SHA-256(headerBytes(n) || ciphertext(n)), and header(n).prevHash =
// chainHash(n-1). Because the header holds seq, epoch, stream id, flags, capture time and
// the ciphertext length, and the ciphertext holds the GCM tag, the hash commits to
// everything in the frame except the signature, which is made over it. Anyone holding the
// frames (the server, a viewer without keys, a court) can check order, completeness and
// authorship without the content key. The genesis value (the prevHash of seq 0) commits to
// the stream id and the driver's signing certificate, so a chain cannot be re-rooted into
// another stream or attributed to another certificate.

const utf8 = new TextEncoder();
/** Domain-separation prefix of the genesis hash input. */
export const GENESIS_DOMAIN = 'seccam/v1 genesis';

/**
 * The prevHash of frame 0: SHA-256("seccam/v1 genesis" || streamId (16 bytes) ||
 * u32 length of the certificate DER || certificate DER).
 */
export async function genesisPrevHash(streamId: string, driverSigCertDer: Uint8Array, crypto?: FrameCryptoSource): Promise<Uint8Array> {
  let streamIdBytes: Uint8Array;
  try {
    streamIdBytes = uuidToBytes(streamId);
  } catch (error) {
    throw new PkiError('INVALID_ARGUMENT', 'streamId must be a canonical lowercase UUID', { cause: error });
  }
  if (driverSigCertDer.byteLength === 0) throw new PkiError('INVALID_ARGUMENT', 'driver certificate DER is empty');
  const domain = utf8.encode(GENESIS_DOMAIN);
  const input = new ByteWriter(domain.byteLength + 16 + 4 + driverSigCertDer.byteLength)
    .raw(domain)
    .raw(streamIdBytes)
    .u32(driverSigCertDer.byteLength)
    .raw(driverSigCertDer)
    .finish();
  return frameCryptoOf(crypto).sha256(input);
}

/** SHA-256(headerBytes || ciphertext): the value signed and chained for each frame. */
export async function chainHash(headerBytes: Uint8Array, ciphertext: Uint8Array, crypto?: FrameCryptoSource): Promise<Uint8Array> {
  return frameCryptoOf(crypto).sha256(concatBytes(headerBytes, ciphertext));
}
