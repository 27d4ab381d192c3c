/**
 * The app's service container: every service, built once with explicit constructor injection.
 * Resolvers are made from it (`graphql/resolvers.ts`), the WebSocket endpoints take what they
 * need from it, and tests reach into it through `App.services`.
 *
 * [Note: live state is a service]
 * What one instance holds in memory — the live frames (`hub`), its WebSockets (`sockets`,
 * `sessionSockets`), the ingest byte budget — lives here as named objects, not inside the
 * endpoint that fills it, so anyone who needs to ask (which users are watching stream X?) is
 * handed the same object. It is per instance: other instances are reached through `bus`.
 */
import type { AppDeps } from './app.ts';
import type { EventBus } from './event-bus/event-bus.ts';
import { SessionSockets } from './http/session-sockets.ts';
import type { Limits } from './limits.ts';
import { AuditCheckpointer } from './modules/audit/audit-checkpoints.ts';
import { AccessHistoryService } from './modules/audit/access-history.service.ts';
import { AuditService } from './modules/audit/audit.service.ts';
import { AuthService } from './modules/auth/auth.service.ts';
import { LoginThrottle } from './modules/auth/login-throttle.ts';
import { CertificateService } from './modules/certificates/certificates.service.ts';
import { EmailVerificationService } from './modules/email-verification/email-verification.service.ts';
import { StreamEventsService } from './modules/events/stream-events.service.ts';
import { StreamViewersService } from './modules/presence/stream-viewers.service.ts';
import { RegistrationExpiry } from './modules/registration/registration-expiry.ts';
import { RegistrationService } from './modules/registration/registration.service.ts';
import { SessionService } from './modules/sessions/sessions.service.ts';
import { AccessPolicy } from './modules/sharing/access.ts';
import { ActionProofVerifier } from './modules/sharing/action-proof.ts';
import { SharingService } from './modules/sharing/sharing.service.ts';
import { ChunkStore } from './modules/streams/chunk-store.ts';
import { StreamDeletionService } from './modules/streams/stream-deletion.service.ts';
import { StreamService } from './modules/streams/streams.service.ts';
import { TransparencyService } from './modules/transparency/transparency.service.ts';
import { WitnessCosignatures } from './modules/transparency/witness-cosignatures.service.ts';
import { UserService } from './modules/users/users.service.ts';
import { RateLimiter } from './rate-limiter.ts';
import { ByteBudget } from './streaming/byte-budget.ts';
import { Presence } from './streaming/presence.ts';
import { SocketRegistry } from './streaming/socket-registry.ts';
import type { FrameRelay } from './streaming/frame-relay.ts';
import { HEAD_CHECK_EVERY_MS, StreamHub } from './streaming/stream-hub.ts';
import type { Transport } from './transport.ts';

export interface Services {
  /** Identifies this instance on the bus (e.g. the origin of `stream.frame` events). */
  readonly instanceId: string;
  readonly bus: EventBus;
  /** Live frames to and from the other instances ([Note: frames between instances]). */
  readonly frames: FrameRelay;
  readonly audit: AuditService;
  /** Signs the audit chain's head at intervals and at shutdown. */
  readonly auditCheckpoints: AuditCheckpointer;
  readonly certificates: CertificateService;
  /** Proof of possession: the statements a session alone cannot sign ([Note: action statements]). */
  readonly actionProofs: ActionProofVerifier;
  /** The certificate transparency log: appends, signed tree heads, proofs. */
  readonly transparency: TransparencyService;
  /** Witness cosignatures of the log's heads, from the witnesses in `TRANSPARENCY_WITNESSES`. */
  readonly cosignatures: WitnessCosignatures;
  readonly sessions: SessionService;
  readonly emailVerification: EmailVerificationService;
  readonly users: UserService;
  readonly throttle: LoginThrottle;
  readonly auth: AuthService;
  readonly registration: RegistrationService;
  /** Deletes unfinished registrations after `limits.registration.pendingTtlMs`. */
  readonly registrationExpiry: RegistrationExpiry;
  readonly access: AccessPolicy;
  readonly streams: StreamService;
  readonly chunks: ChunkStore;
  readonly sharing: SharingService;
  readonly streamDeletion: StreamDeletionService;
  readonly streamEvents: StreamEventsService;
  /** Live frames per stream and the watchers waiting for them. */
  readonly hub: StreamHub;
  /** This instance's ingest and watch sockets: who records and who watches which stream. */
  readonly sockets: SocketRegistry;
  /** Who watches which stream now, over every instance ([Note: presence]). */
  readonly presence: Presence;
  readonly streamViewers: StreamViewersService;
  /** Who read a recording, from the audit log. */
  readonly accessHistory: AccessHistoryService;
  /** Every WebSocket opened with a session, closed when the session ends. */
  readonly sessionSockets: SessionSockets;
  /** Bytes received but not yet stored, over all ingest sockets. */
  readonly ingestBudget: ByteBudget;
}

/** Builds every service; the transport is already open (the composition root's choice). */
export function createServices(deps: AppDeps, transport: Pick<Transport, 'bus' | 'frames' | 'instanceId'>, limits: Limits): Services {
  const { bus, frames, instanceId } = transport;
  const { config, pki, secrets, mailer, logger } = deps;
  const { db } = deps.database;
  const audit = new AuditService(db, secrets.auditKey);
  const transparency = new TransparencyService(db, deps.transparencyLogKey);
  const certificates = new CertificateService(
    db,
    pki.issuer,
    { rootPem: pki.rootPem, intermediatePems: pki.intermediatePems },
    transparency,
  );
  const sessions = new SessionService(db, secrets.sessionKey, bus);
  const emailVerification = new EmailVerificationService(
    db,
    mailer,
    secrets.tokenPepper,
    config.publicOrigin,
    limits.registration.pendingTtlMs,
  );
  const registrationExpiry = new RegistrationExpiry(db, limits.registration, audit, logger);
  const users = new UserService(db, secrets.emailKey, certificates);
  const throttle = new LoginThrottle(db);
  const challengeLimiter = new RateLimiter(limits.rate.loginChallenge, 'login challenges');
  const auth = new AuthService(
    db,
    secrets.totpKey,
    config.publicOrigin,
    certificates,
    sessions,
    throttle,
    audit,
    limits.loginThrottle,
    challengeLimiter,
  );
  const registerLimiter = new RateLimiter(limits.rate.register, 'registrations');
  const resendLimiter = new RateLimiter(limits.registration.resend, 'verification e-mails');
  const registration = new RegistrationService(
    db,
    secrets,
    certificates,
    emailVerification,
    audit,
    logger,
    registerLimiter,
    registrationExpiry,
    resendLimiter,
  );
  const access = new AccessPolicy(db);
  const streams = new StreamService(db, certificates);
  const proofs = new ActionProofVerifier(certificates);
  const presence = new Presence(bus, instanceId, limits.presence, logger);
  const streamViewers = new StreamViewersService(db, presence, streams, access);
  const sharing = new SharingService(db, access, streams, certificates, bus, audit, proofs);
  return {
    instanceId,
    bus,
    frames,
    audit,
    auditCheckpoints: new AuditCheckpointer(db, deps.auditCheckpointKey, logger),
    certificates,
    actionProofs: proofs,
    transparency,
    cosignatures: new WitnessCosignatures(db, transparency, audit, config.transparencyWitnesses),
    sessions,
    emailVerification,
    users,
    throttle,
    auth,
    registration,
    registrationExpiry,
    access,
    streams,
    chunks: new ChunkStore(db),
    sharing,
    streamDeletion: new StreamDeletionService(db, streams, access, proofs, bus, audit),
    streamEvents: new StreamEventsService(db, bus, streams, access, presence, streamViewers),
    hub: new StreamHub(limits.hub, frames, {
      heads: (ids) => streams.heads(ids),
      checkEveryMs: HEAD_CHECK_EVERY_MS,
      onCheckFailed: (e) => {
        logger.warn('hub: safety check of stream heads failed', { error: e instanceof Error ? e.message : String(e) });
      },
    }),
    sockets: new SocketRegistry(),
    presence,
    streamViewers,
    accessHistory: new AccessHistoryService(db, streams, access),
    sessionSockets: new SessionSockets(),
    ingestBudget: new ByteBudget(limits.inFlightBytes),
  };
}
