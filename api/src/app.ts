/**
 * Builds the whole API from its parts: services, GraphQL (HTTP + WebSocket), HTTP routes and the
 * TLS 1.3 server. `main.ts` feeds it real configuration; tests feed it PGlite and a temp PKI.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import type { CertificateAuthority } from '@seccam/pki';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { createFormatError } from './graphql/format-error.ts';
import type { RequestContext } from './graphql/context.ts';
import { depthLimit } from './graphql/depth-limit.ts';
import { handleGraphQLHttp, sendJsonError } from './graphql/http.ts';
import { buildAppSchema, busPubSub } from './graphql/schema.ts';
import { createGraphQLWsServer } from './graphql/ws.ts';
import { clientIp, isAllowedOrigin, type ProxyTrust } from './http/request-meta.ts';
import { setSecurityHeaders } from './http/security-headers.ts';
import { serveStatic } from './http/static-files.ts';
import { SessionSockets } from './http/session-sockets.ts';
import { createUpgradeRouter, type UpgradeRoute } from './http/upgrade.ts';
import { handleVerifyEmail } from './http/verify-email-page.ts';
import type { Logger } from './logger.ts';
import { AuditService } from './modules/audit/audit.service.ts';
import { AuthResolver } from './modules/auth/auth.resolver.ts';
import { AuthService } from './modules/auth/auth.service.ts';
import { LoginThrottle, type ThrottlePolicies } from './modules/auth/login-throttle.ts';
import { CertificateService } from './modules/certificates/certificates.service.ts';
import { EmailVerificationService } from './modules/email-verification/email-verification.service.ts';
import type { Mailer } from './modules/email-verification/mailer.ts';
import { RegistrationResolver } from './modules/registration/registration.resolver.ts';
import { RegistrationService } from './modules/registration/registration.service.ts';
import { SessionService } from './modules/sessions/sessions.service.ts';
import { UserService } from './modules/users/users.service.ts';
import { UsersResolver } from './modules/users/users.resolver.ts';
import { EventsResolver } from './modules/events/events.resolver.ts';
import { StreamEventsService } from './modules/events/stream-events.service.ts';
import { AccessPolicy } from './modules/sharing/access.ts';
import { SharingResolver } from './modules/sharing/sharing.resolver.ts';
import { SharingService } from './modules/sharing/sharing.service.ts';
import { ChunkStore } from './modules/streams/chunk-store.ts';
import { StreamsResolver } from './modules/streams/streams.resolver.ts';
import { StreamService } from './modules/streams/streams.service.ts';
import { DEFAULT_RATE_LIMITS, RateLimiter, type RateLimits } from './rate-limiter.ts';
import type { ServerSecrets } from './secrets.ts';
import { ByteBudget } from './streaming/byte-budget.ts';
import { EventBus } from './streaming/event-bus.ts';
import type { IngestLimits } from './streaming/ingest.ts';
import { SocketRegistry } from './streaming/socket-registry.ts';
import { StreamHub } from './streaming/stream-hub.ts';
import { createStreaming } from './streaming/streaming.ts';
import type { WatchLimits } from './streaming/watch.ts';

export const MAX_QUERY_DEPTH = 8;

/** TLS and CA material the API runs with (from `ensurePki` in main, or a test PKI). */
export interface ApiPki {
  readonly issuer: CertificateAuthority;
  readonly rootPem: string;
  readonly intermediatePems: readonly string[];
  readonly serverCertPem: string;
  readonly serverKeyPem: string;
  /** Fingerprint of nginx's client certificate, the only peer whose X-Forwarded-For is believed. */
  readonly edgeCertFingerprint256: string | undefined;
}

export interface AppDeps {
  readonly config: Config;
  readonly database: Database;
  readonly pki: ApiPki;
  readonly secrets: ServerSecrets;
  readonly mailer: Mailer;
  readonly logger: Logger;
  /** Login backoff; defaults to DEFAULT_THROTTLE_POLICIES. */
  readonly throttlePolicies?: ThrottlePolicies;
  /** Per-IP limits on unauthenticated operations; defaults DEFAULT_RATE_LIMITS. */
  readonly rateLimits?: RateLimits;
  /** WebSocket limits; defaults in ingest.ts / watch.ts. */
  readonly streamingLimits?: { ingest?: IngestLimits; watch?: WatchLimits; keepAliveMs?: number; inFlightBytes?: number };
}

/** Bytes received but not yet stored, over all ingest sockets of one instance. */
export const DEFAULT_IN_FLIGHT_BYTES = 64 * 1024 * 1024;

export interface App {
  readonly server: Server;
  readonly services: Services;
  listen(port?: number, host?: string): Promise<AddressInfo>;
  close(): Promise<void>;
}

export type Services = ReturnType<typeof createServices>;

function createServices(deps: AppDeps) {
  const { config, database, pki, secrets, mailer, logger, throttlePolicies, rateLimits = DEFAULT_RATE_LIMITS } = deps;
  const { db } = database;
  const audit = new AuditService(db, secrets.auditKey);
  const certificates = new CertificateService(db, pki.issuer, { rootPem: pki.rootPem, intermediatePems: pki.intermediatePems });
  const bus = new EventBus(database);
  const sessions = new SessionService(db, secrets.sessionKey, bus);
  const emailVerification = new EmailVerificationService(db, mailer, secrets.tokenPepper, config.publicOrigin);
  const users = new UserService(db, secrets.emailKey, certificates);
  const throttle = new LoginThrottle(db);
  const auth = new AuthService(
    db,
    secrets.totpKey,
    config.publicOrigin,
    certificates,
    sessions,
    throttle,
    audit,
    throttlePolicies,
    new RateLimiter(rateLimits.loginChallenge, 'login challenges'),
  );
  const registration = new RegistrationService(
    db,
    secrets,
    certificates,
    emailVerification,
    audit,
    logger,
    new RateLimiter(rateLimits.register, 'registrations'),
  );
  const access = new AccessPolicy(db);
  const streams = new StreamService(db, certificates);
  const chunks = new ChunkStore(db);
  const sharing = new SharingService(db, access, streams, certificates, bus, audit);
  const streamEvents = new StreamEventsService(db, bus, streams, access);
  const ingestBudget = new ByteBudget(deps.streamingLimits?.inFlightBytes ?? DEFAULT_IN_FLIGHT_BYTES);
  return { ingestBudget, audit, certificates, sessions, emailVerification, users, throttle, auth, registration, bus, access, streams, chunks, sharing, streamEvents };
}

export async function createApp(deps: AppDeps): Promise<App> {
  const { config, pki, logger } = deps;
  const services = createServices(deps);
  const resolvers = [
    new AuthResolver(services.auth, services.sessions, services.users, config.publicOrigin),
    new RegistrationResolver(services.registration, services.auth, services.emailVerification),
    new UsersResolver(services.users, services.certificates),
    new StreamsResolver(services.streams, services.sharing),
    new SharingResolver(services.sharing),
    new EventsResolver(),
  ];
  await services.bus.start();
  const schema = await buildAppSchema(resolvers, busPubSub(services.bus));
  const formatError = createFormatError(logger);
  const apollo = new ApolloServer<RequestContext>({
    schema,
    formatError,
    validationRules: [depthLimit(MAX_QUERY_DEPTH)],
    introspection: config.env !== 'production',
    includeStacktraceInErrorResponses: false,
  });
  await apollo.start();

  const proxyTrust: ProxyTrust = { enabled: config.trustProxy, edgeCertFingerprint256: pki.edgeCertFingerprint256 };
  const makeContext = async (req: IncomingMessage): Promise<RequestContext> => ({
    session: await services.sessions.fromCookieHeader(req.headers.cookie),
    ip: clientIp(req, proxyTrust),
    userAgent: req.headers['user-agent'],
    setCookies: [],
  });
  const makeWsContext = async (req: IncomingMessage): Promise<RequestContext> => ({
    ...(await makeContext(req)),
    streamEvents: (user) => services.streamEvents.forUser(user),
  });

  const limits = deps.streamingLimits ?? {};
  const streaming = createStreaming(
    {
      streams: services.streams,
      chunks: services.chunks,
      certificates: services.certificates,
      access: services.access,
      hub: new StreamHub(),
      registry: new SocketRegistry(),
      bus: services.bus,
      audit: services.audit,
      budget: services.ingestBudget,
      logger,
      keepAliveMs: limits.keepAliveMs ?? 20_000,
    },
    limits,
  );
  const graphqlWs = createGraphQLWsServer(schema, makeWsContext, MAX_QUERY_DEPTH, formatError);
  const routes = new Map<string, UpgradeRoute>([
    ...streaming.routes,
    [
      '/graphql',
      {
        requireSession: true,
        handle: (req, socket, head, _session, adopt) => {
          graphqlWs.wss.handleUpgrade(req, socket, head, (ws) => {
            adopt(ws);
            graphqlWs.wss.emit('connection', ws, req);
          });
        },
      },
    ],
  ]);

  const handleRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    setSecurityHeaders(res);
    const path = new URL(req.url ?? '/', 'https://x').pathname;
    if (path === '/graphql') {
      if (!isAllowedOrigin(req, config.allowedOrigins)) { sendJsonError(res, 403, 'FORBIDDEN', 'Origin not allowed.'); return; }
      return handleGraphQLHttp(apollo, req, res, makeContext);
    }
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, database: deps.database.kind }));
      return;
    }
    if (path === '/pki/root.pem') { sendPem(res, pki.rootPem); return; }
    if (path === '/pki/chain.pem') { sendPem(res, [...pki.intermediatePems, pki.rootPem].join('\n')); return; }
    if (path === '/pki/crl.pem') { sendPem(res, await services.certificates.crlPem()); return; }
    if (path === '/verify-email') return handleVerifyEmail(req, res, services.emailVerification);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    serveStatic(req, res, config.webRoot);
  };

  const server = createServer(
    {
      cert: pki.serverCertPem,
      key: pki.serverKeyPem,
      minVersion: 'TLSv1.3',
      maxVersion: 'TLSv1.3',
      // Client certificates are optional (nginx's edge identity, device mTLS); never required.
      requestCert: true,
      rejectUnauthorized: false,
      ca: [pki.rootPem, ...pki.intermediatePems],
    },
    (req, res) => {
      handleRequest(req, res).catch((e: unknown) => {
        logger.error('request failed', { path: req.url?.replace(/\?.*/, ''), error: e instanceof Error ? e.message : String(e) });
        if (!res.headersSent) sendJsonError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error.');
        else res.destroy();
      });
    },
  );
  server.headersTimeout = 20_000;
  server.requestTimeout = 30_000;
  const sessionSockets = new SessionSockets();
  const offSessions = services.bus.on((e) => {
    if (e.kind === 'sessions.ended') sessionSockets.end(e.userId, e.sessionIds);
  });
  server.on(
    'upgrade',
    createUpgradeRouter({
      sockets: sessionSockets,
      routes,
      allowedOrigins: config.allowedOrigins,
      resolveSession: (cookie) => services.sessions.fromCookieHeader(cookie),
      onError: (e) => { logger.error('upgrade failed', { error: e instanceof Error ? e.message : String(e) }); },
    }),
  );
  server.on('tlsClientError', () => {
    // A client that cannot speak TLS 1.3 (or sent garbage): nothing to log per connection.
  });

  return {
    server,
    services,
    listen: (port = config.port, host = config.host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      }),
    close: async () => {
      offSessions();
      await streaming.close();
      for (const client of graphqlWs.wss.clients) client.terminate();
      await graphqlWs.dispose();
      await services.bus.stop();
      await apollo.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => { resolve(); }));
    },
  };
}

function sendPem(res: ServerResponse, pem: string): void {
  res.writeHead(200, { 'content-type': 'application/x-pem-file', 'cache-control': 'no-cache' }).end(pem.endsWith('\n') ? pem : `${pem}\n`);
}
