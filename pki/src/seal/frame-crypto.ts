import { ecdsaSignParams } from '../key-algorithms.ts';
import { bufferSource } from './buffer-source.ts';

/**
 * [Note: frame crypto provider]
 * The two primitives a frame check needs — SHA-256 (the chain hash) and ECDSA P-256 / SHA-256
 * verification (the driver's signature, IEEE P1363 `r‖s` as WebCrypto makes it) — behind one
 * interface that the checker is handed, the way @peculiar/x509 is handed its `Crypto`. The
 * default is WebCrypto (browsers, Node, workers alike). A server that checks every frame of every
 * stream passes a synchronous node:crypto provider instead (`nodeFrameCrypto` in
 * `@seccam/pki/node`): setting up a WebCrypto job costs more than hashing 25 KB. Both must give
 * the same answer for every input, forged and malformed ones included (frame-crypto.test.ts).
 */
export interface FrameCrypto {
  /** SHA-256 of `data`. */
  sha256(data: Uint8Array): Uint8Array | Promise<Uint8Array>;
  /** True when `signature` (r‖s, 64 bytes) is `publicKey`'s ECDSA P-256 / SHA-256 signature of `data`; false for anything else. */
  verifyEcdsaP256(publicKey: CryptoKey, signature: Uint8Array, data: Uint8Array): boolean | Promise<boolean>;
}

/** A WebCrypto `Crypto` or a {@link FrameCrypto}: what the frame checks accept. */
export type FrameCryptoSource = Crypto | FrameCrypto;

/** The WebCrypto provider (the default everywhere). */
export function webFrameCrypto(crypto: Crypto = globalThis.crypto): FrameCrypto {
  return {
    sha256: async (data) => new Uint8Array(await crypto.subtle.digest('SHA-256', bufferSource(data))),
    verifyEcdsaP256: (publicKey, signature, data) =>
      crypto.subtle.verify(ecdsaSignParams(), publicKey, bufferSource(signature), bufferSource(data)),
  };
}

const defaultProvider = webFrameCrypto();

/** `source` as a {@link FrameCrypto}: a WebCrypto `Crypto` is wrapped, a provider passes through. */
export function frameCryptoOf(source: FrameCryptoSource | undefined): FrameCrypto {
  if (source === undefined || source === globalThis.crypto) return defaultProvider;
  return 'subtle' in source ? webFrameCrypto(source) : source;
}
