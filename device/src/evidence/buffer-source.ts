/** WebCrypto takes views over an ArrayBuffer; codec views are typed over ArrayBufferLike. Copies only SharedArrayBuffer views. */
export function bufferSource(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  if (bytes.buffer instanceof ArrayBuffer) return bytes as Uint8Array<ArrayBuffer>;
  return bytes.slice();
}
