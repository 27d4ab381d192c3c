/**
 * WebCrypto takes `BufferSource` (views over an `ArrayBuffer`), while codec views are typed
 * over `ArrayBufferLike`. Views over an ArrayBuffer pass through unchanged (no copy); anything
 * else (a SharedArrayBuffer view) is copied.
 */
export function bufferSource(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  if (bytes.buffer instanceof ArrayBuffer) return bytes as Uint8Array<ArrayBuffer>;
  return bytes.slice();
}
