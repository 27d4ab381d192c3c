/**
 * SecCam client SDK, isomorphic: the same flows in the browser app, the headless dashcam and the
 * tests. It imports nothing from Node; it reaches the API through a {@link Transport}
 * (`browserTransport()` by default, `nodeTransport` from `@seccam/device/node`).
 */
export { createClient, SeccamClient, type ClientOptions, type HttpResponse } from './client/seccam-client.ts';
export { browserTransport, type BrowserTransportOptions } from './client/browser-transport.ts';
export {
  SocketState,
  type CloseEventLike,
  type FetchLike,
  type MessageEventLike,
  type SocketControl,
  type SocketControlFactory,
  type Transport,
  type TransportRequest,
  type TransportResponse,
  type WebSocketFactory,
  type WebSocketLike,
} from './client/transport.ts';
export { GraphQLRequestError, HttpStatusError, type GraphQLErrorPayload, type GraphQLResponse } from './client/request-errors.ts';
export { printDocument, type TypedQuery } from './client/print-document.ts';

// Accounts: register, confirm the authenticator, log in, the account, log out, platform trust.
export * from './accounts/account.ts';

// Streaming: record (seal + upload with an offline buffer), watch (verify + decrypt), export.
export {
  IngestClient,
  type IngestClientOptions,
  type IngestEvents,
  type IngestStats,
  type IngestStatus,
} from './streaming/ingest-client.ts';
export {
  Recorder,
  type EpochReason,
  type RecorderEvents,
  type RecorderItem,
  type RecorderOptions,
  type RecorderProgress,
} from './streaming/recorder.ts';
export {
  CONTACT_CERTIFICATE_CHANGED,
  WatchClient,
  type WatchClientOptions,
  type WatchEvents,
  type WatchOutcome,
  type WatchStatus,
} from './streaming/watch-client.ts';
export {
  WatchFrameProcessor,
  type EpochKeySource,
  type FrameOutcome,
  type WatchFailure,
  type WatchedFrame,
} from './streaming/watch-frames.ts';
export { EpochKeyRing, type EpochKeyResult, type KeyFailureReason } from './streaming/epoch-key-ring.ts';
export { publishEpoch, wrapEntry, type EpochRefusal, type PublishedEpoch } from './streaming/epoch-publisher.ts';
export { identityFromBundle, type Identity } from './streaming/identity.ts';
export {
  ensureTrustedCertificate,
  fetchCrlPem,
  trustAnchorsOf,
  type TrustAnchors,
  type TrustedCertificate,
} from './streaming/certificate-trust.ts';
export type { FrameSocketPath, SocketConnector } from './streaming/frame-socket.ts';
export { MemoryFrameStore, type FrameStore, type StoredFrameInfo } from './streaming/frame-store.ts';
export { StreamingError, isStreamingError, type StreamingErrorCode } from './streaming/streaming-error.ts';
export { backoffDelay, backoffPolicy, DEFAULT_BACKOFF, type BackoffPolicy } from './streaming/backoff.ts';
export { exportStream, type ExportStreamOptions, type StreamExport } from './streaming/stream-export.ts';
export { readStreamMedia, type ReadStreamMediaOptions, type StreamMedia } from './streaming/stream-media.ts';
export {
  fetchEpochKeys,
  fetchMyStreams,
  fetchSharedStreams,
  fetchStream,
  fetchStreamRecipients,
  publishEpochKeys,
  startStream,
  type EpochKeyRecord,
  type StreamDetail,
  type StreamInfo,
  type StreamRecipient,
} from './streaming/stream-operations.ts';
export { deleteStream } from './streaming/stream-deletion.ts';
export {
  START_TOLERANCE_MS,
  streamInfoMismatches,
  type ServerStreamFacts,
  type StreamInfoMismatch,
} from './streaming/signed-stream-info.ts';
export { fetchAccessHistory, type AccessEntryInfo, type AccessHistoryPage } from './streaming/stream-access-history.ts';
export {
  fetchStreamViewers,
  subscribeStreamEvents,
  watchStreamViewers,
  type StreamEventInfo,
  type StreamViewerInfo,
} from './streaming/stream-presence.ts';
export {
  subscribeGraphql,
  type GraphqlSubscription,
  type SubscriptionEnd,
  type SubscriptionHandlers,
} from './client/graphql-subscription.ts';

// Transparency: follow the certificate log (signed heads, consistency, inclusion) and remember what was seen.
export {
  LogFollower,
  type ConsistencyProofSource,
  type LogFollowerOptions,
  type LogProofInfo,
  type SignedTreeHeadInfo,
  type TreeHeadCosignatureInfo,
} from './transparency/log-follower.ts';
export { requiredWitnesses, type RequiredWitness, type WitnessCheck } from './transparency/witness-requirement.ts';
export {
  Witness,
  WitnessError,
  isWitnessError,
  type WitnessErrorCode,
  type WitnessEvidence,
  type WitnessOptions,
  type WitnessRound,
  type WitnessState,
  type WitnessStore,
} from './transparency/witness.ts';
export { TransparencyError, isTransparencyError, type TransparencyErrorCode } from './transparency/transparency-error.ts';
export {
  MemoryTransparencyStore,
  type RememberedTreeHead,
  type TransparencyState,
  type TransparencyStore,
  isTransparencyState,
} from './transparency/transparency-store.ts';
export { fetchLoggedCertificates, foreignCertificatesInLog, type LoggedCertificate } from './transparency/own-certificates.ts';

// Sharing: signed grants, key sharing, revocation.
export {
  createGrant,
  revokeCertificate,
  revokeGrant,
  type CreateGrantOptions,
  type CreatedGrant,
  type SharedKey,
} from './sharing/grants.ts';
export { fetchGrants, searchDispatchers, type DispatcherInfo, type GrantInfo } from './sharing/grant-operations.ts';
export { grantCovers, isGrantSignedBy } from './sharing/grant-signature.ts';
export { MemoryRevokedGrantStore, isGrantIdList, type RevokedGrantStore } from './sharing/revoked-grants.ts';

// Verified contacts: safety codes, QR payloads, and never a silent wrap to a changed certificate.
export { MemoryContactStore, isContactList, type Contact, type ContactMethod, type ContactStore } from './contacts/contact-store.ts';
export { ContactError, isContactError, shortFingerprint, type ContactChange, type ContactErrorCode } from './contacts/contact-error.ts';
export * from './contacts/contact-rules.ts';
export {
  contactCodes,
  fetchContactCertificate,
  verifyContact,
  type ContactCertificate,
  type ContactCodes,
} from './contacts/contact-verification.ts';

// Media (WebM via mediabunny, no WebCodecs needed) and evidence exports.
export { MediaFileError, type MediaFileErrorCode } from './media/media-file-error.ts';
export { demuxMedia, DEFAULT_MAX_MEDIA_FILE_BYTES, type DemuxedMedia, type ReadMediaOptions } from './media/demux-media.ts';
export { groupIntoPayloads, PayloadGrouper, type PayloadGroup, type GroupOptions } from './media/group-payloads.ts';
export { syntheticSource, type SyntheticSourceOptions } from './media/synthetic-source.ts';
export { writeWebm } from './media/write-webm.ts';
export { MediaCollector } from './media/media-collector.ts';
export { EvidenceError, type EvidenceErrorCode } from './evidence/evidence-error.ts';
export {
  buildEvidenceExport,
  type BuildEvidenceInput,
  type EvidenceExporter,
  type EvidenceKeyMaterial,
} from './evidence/build-evidence.ts';
export {
  verifyEvidenceExport,
  type VerifyEvidenceOptions,
  type EvidenceVerification,
  type EvidenceReport,
  type EvidenceFailureReason,
  type EvidenceProgress,
  type KnownCertificatesReport,
} from './evidence/verify-evidence.ts';
export { decodeEvidenceFile, type EvidenceFile } from './evidence/evidence-file.ts';
export type { EvidenceLogProof, EvidenceLogStatus, LogEntryFacts, LogProofFailureReason } from './evidence/evidence-log.ts';
export { signKnownCertificates, type KnownCertificates, type KnownCertificatesSigner } from './evidence/known-certificates.ts';
export { fetchPlatformLogKey, type PlatformLogKey } from './transparency/platform-log.ts';
export type { EvidenceManifest, EvidenceKeys, EvidenceParty } from './evidence/evidence-manifest.ts';
