// Chunk sealing (docs/PROTOCOL.md §3–§5): content keys per epoch, AES-GCM framing,
// the hash chain, signatures and their verification, key wrapping and signed key sets.
// WebCrypto only, isomorphic. The wire codec itself lives in @seccam/schema.

export {
  EPOCH_SECRET_BYTES,
  NONCE_BYTES,
  exportEpochKey,
  generateEpochKey,
  importEpochKey,
  isEpochKeyFor,
  type EpochKey,
  type EpochKeyContext,
} from './epoch-key.ts';
export { GENESIS_DOMAIN, chainHash, genesisPrevHash } from './chain-hash.ts';
export { frameCryptoOf, webFrameCrypto, type FrameCrypto, type FrameCryptoSource } from './frame-crypto.ts';
export { sealFrame, type SealFrameInput, type SealedFrame } from './seal-frame.ts';
export { openFrame, type OpenFrameResult } from './open-frame.ts';
export {
  isEndFrame,
  verifyFrameSignature,
  verifyIncomingFrame,
  type FrameCheckResult,
  type FrameFailure,
  type FrameFailureReason,
  type FramePass,
  type IncomingFrameContext,
} from './frame-check.ts';
export {
  FrameVerifier,
  verifyFrameSequence,
  type ChainStart,
  type ChainStatus,
  type FrameVerifierOptions,
  type SequenceResult,
  type VerifySequenceOptions,
} from './frame-verifier.ts';
export { keyWrapLabel, unwrapEpochKey, wrapEpochKey, type UnwrapEpochKeyResult } from './key-wrap.ts';
export {
  KEY_SET_DOMAIN,
  MAX_KEY_SET_ENTRIES,
  encodeKeySet,
  signKeySet,
  verifyKeySet,
  type KeySet,
  type KeySetEntry,
  type SignedKeySet,
  type VerifyKeySetResult,
} from './key-set.ts';
