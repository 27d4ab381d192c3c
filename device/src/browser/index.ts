/**
 * `@seccam/device/browser`: what only a browser has. The offline buffer in IndexedDB (sealed
 * frames only, so a reload resumes the upload) and the camera encoder (a `MediaStream` to
 * WebCodecs VP8/VP9 + Opus packets, cut into the frame payloads the `Recorder` seals), and the
 * transparency log state and the revoked grants the page remembers between visits
 * (`IndexedDbTransparencyStore`, `IndexedDbRevokedGrantStore`), and the people its user verified
 * (`IndexedDbContactStore`).
 * Everything else is in the isomorphic `@seccam/device`.
 */
export {
  IndexedDbFrameStore,
  listOfflineBuffers,
  suggestedBufferBytes,
  type IndexedDbFrameStoreOptions,
  type OfflineBufferInfo,
} from './indexeddb-frame-store.ts';
export {
  CameraEncoder,
  missingWebCodecs,
  type CameraEncoderOptions,
  type CameraItem,
  type CameraStats,
  type VideoCodecChoice,
} from './camera-encoder.ts';
export { CameraError, type CameraErrorCode } from './camera-error.ts';
export { IndexedDbRevokedGrantStore, IndexedDbTransparencyStore } from './indexeddb-transparency-store.ts';
export { IndexedDbContactStore } from './indexeddb-contact-store.ts';
export { hasTrackProcessor, type SourceKind } from './camera-sources.ts';
