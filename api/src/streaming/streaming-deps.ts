import type { IncomingMessage } from 'node:http';
import type { Logger } from '../logger.ts';
import type { AuditService } from '../modules/audit/audit.service.ts';
import type { CertificateService } from '../modules/certificates/certificates.service.ts';
import type { AccessPolicy } from '../modules/sharing/access.ts';
import type { ActionProofVerifier } from '../modules/sharing/action-proof.ts';
import type { ChunkStore } from '../modules/streams/chunk-store.ts';
import type { StreamService } from '../modules/streams/streams.service.ts';
import type { ByteBudget } from './byte-budget.ts';
import type { EventBus } from '../event-bus/event-bus.ts';
import type { FrameRelay } from './frame-relay.ts';
import type { Presence } from './presence.ts';
import type { SocketRegistry } from './socket-registry.ts';
import type { StreamHub } from './stream-hub.ts';

/** What the WebSocket endpoints need from the rest of the server. */
export interface StreamingDeps {
  readonly streams: StreamService;
  readonly chunks: ChunkStore;
  readonly certificates: CertificateService;
  /** Checks the signed statements that a session alone cannot make (an ingest takeover). */
  readonly actionProofs: ActionProofVerifier;
  readonly access: AccessPolicy;
  readonly hub: StreamHub;
  readonly registry: SocketRegistry;
  /** Who watches what, over every instance ([Note: presence]). */
  readonly presence: Presence;
  readonly bus: EventBus;
  /** Carries committed frames to the other instances' hubs ([Note: frames between instances]). */
  readonly frames: FrameRelay;
  /** Identifies this instance in `stream.frame` events (its own frames reach its hub directly). */
  readonly instanceId: string;
  readonly audit: AuditService;
  readonly budget: ByteBudget;
  readonly logger: Logger;
  readonly keepAliveMs: number;
  /** The client's address: the socket's, or nginx's X-Forwarded-For when the peer is the pinned edge. */
  readonly clientIp: (req: IncomingMessage) => string;
}
