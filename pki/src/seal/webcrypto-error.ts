/**
 * WebCrypto reports failed operations as DOMExceptions identified by name: `OperationError`
 * for a failed AEAD tag or OAEP decoding, `DataError` for key bytes of the wrong shape.
 * Only these expected outcomes are turned into results; anything else is re-thrown.
 */
export function isWebCryptoError(error: unknown, name: 'OperationError' | 'DataError'): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === name;
}
