/**
 * Every limit the API enforces, in one defaults object. `createApp` takes overrides, merges them
 * section by section over {@link DEFAULT_LIMITS} and rejects bad values at once, listing each
 * (as ws's `WebSocketServer` does with its options).
 */
import { MAX_FRAME_BYTES } from '@seccam/schema';
import type { ThrottlePolicies } from './modules/auth/login-throttle.ts';
import type { RegistrationLimits } from './modules/registration/registration-expiry.ts';
import type { RateLimits } from './rate-limiter.ts';
import type { IngestLimits } from './streaming/ingest.ts';
import type { PresenceLimits } from './streaming/presence.ts';
import type { HubLimits } from './streaming/stream-hub.ts';
import type { WatchLimits } from './streaming/watch.ts';

/** What one GraphQL operation may ask for, over HTTP and WebSocket alike (graphql/operation-limits.ts). */
export interface GraphqlLimits {
  /** Deepest selection set accepted. */
  readonly maxDepth: number;
  /** Aliased fields per operation ([Note: why aliases are limited]). */
  readonly maxAliases: number;
  /** Tokens the parser reads before it gives up. */
  readonly maxTokens: number;
  /** Estimated fields in an answer ([Note: operation cost]). */
  readonly maxCost: number;
  /** The size the cost assumes for a list without a `first`/`limit` size. */
  readonly listFactor: number;
  /** Longest wait for an answer before a retryable TIMEOUT (graphql/deadline.ts). */
  readonly requestTimeoutMs: number;
  /** Largest HTTP request body. */
  readonly maxBodyBytes: number;
  /** Largest graphql-ws message. */
  readonly maxWsPayloadBytes: number;
  /** graphql-ws sockets per user ([Note: sockets count from the upgrade]). */
  readonly maxWsConnectionsPerUser: number;
}

/** Time limits on TLS connections ([Note: connection timeouts] in http/connection-timeouts.ts). */
export interface HttpLimits {
  /** From TCP accept to a finished TLS handshake. */
  readonly handshakeTimeoutMs: number;
  /** From the handshake to the first request's headers (or upgrade). */
  readonly firstRequestTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  /** Idle time allowed between two requests on one connection. */
  readonly keepAliveTimeoutMs: number;
  /** How often Node checks the headers and request timeouts. */
  readonly connectionsCheckingIntervalMs: number;
}

/** WebSockets over every endpoint ([Note: sockets count from the upgrade] in http/upgrade-quota.ts). */
export interface WebSocketLimits {
  /** Per client address (behind the edge: the X-Forwarded-For address), pending upgrades included. */
  readonly maxPerAddress: number;
}

/** Timeouts of the database connections ([Note: an unreachable database] in db/errors.ts). */
export interface DatabaseLimits {
  /** Longest wait for a connection: a pool slot or a new connection, and the listener's connect. */
  readonly connectTimeoutMs: number;
  /** Longest wait for one query's answer (client-side), so a dead path fails a request in bounded time. */
  readonly queryTimeoutMs: number;
  /** How often the LISTEN connection proves it is alive ([Note: a listener that comes back]). */
  readonly listenerHeartbeatMs: number;
  /** The listener's reconnect backoff: the first delay, doubling up to the cap (with jitter). */
  readonly listenerRetryInitialMs: number;
  readonly listenerRetryMaxMs: number;
  /** How long `/healthz` waits for the database before it answers "unreachable". */
  readonly healthTimeoutMs: number;
}

export interface Limits {
  readonly ingest: IngestLimits;
  readonly watch: WatchLimits;
  /** Live frames kept in memory (see [Note: hub memory] in stream-hub.ts). */
  readonly hub: HubLimits;
  /** Who is watching, across instances ([Note: presence] in streaming/presence.ts). */
  readonly presence: PresenceLimits;
  /** Unfinished registrations expire ([Note: registration expiry]). */
  readonly registration: RegistrationLimits;
  /** Bytes received but not yet stored, over all ingest sockets of one instance. */
  readonly inFlightBytes: number;
  /** Ping interval of the streaming sockets; a peer that misses one is gone. */
  readonly keepAliveMs: number;
  readonly graphql: GraphqlLimits;
  readonly http: HttpLimits;
  readonly websockets: WebSocketLimits;
  /** Per-IP limits on unauthenticated operations (see [Note: two layers of rate limiting]). */
  readonly rate: RateLimits;
  /** Backoff on failed logins (see [Note: login backoff]). */
  readonly loginThrottle: ThrottlePolicies;
  /** How often a growing audit log gets a signed checkpoint ([Note: audit checkpoint]). */
  readonly auditCheckpointIntervalMs: number;
  /**
   * Database timeouts. `openDatabase` takes this section (main and the test kit open the
   * database before `createApp`); the app itself uses `healthTimeoutMs`.
   */
  readonly database: DatabaseLimits;
  /** On shutdown: how long in-flight requests and ingest writes may finish before sockets are cut. */
  readonly shutdownGraceMs: number;
}

/** Overrides for {@link Limits}: each given section is merged over its defaults. */
export type LimitOverrides = {
  readonly [K in keyof Limits]?: Limits[K] extends number ? number : Partial<Limits[K]>;
};

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: Limits = deepFreeze({
  ingest: {
    maxFrameBytes: MAX_FRAME_BYTES,
    maxQueuedFrames: 32,
    maxQueuedBytes: 8 * MiB,
    helloTimeoutMs: 10_000,
    maxConnectionsPerUser: 8,
  },
  watch: {
    highWaterBytes: 2 * MiB,
    batchFrames: 32,
    subscribeTimeoutMs: 10_000,
    maxConnectionsPerUser: 32,
    storageOutageMs: 30_000,
  },
  hub: { ringFrames: 128, ringBytes: 16 * MiB, totalBytes: 128 * MiB },
  presence: { heartbeatMs: 10_000, ttlMs: 35_000 },
  registration: { pendingTtlMs: 24 * 60 * 60_000, sweepIntervalMs: 15 * 60_000, resend: { max: 5, windowMs: 60 * 60_000 } },
  inFlightBytes: 64 * MiB,
  keepAliveMs: 20_000,
  graphql: {
    maxDepth: 8,
    maxAliases: 20,
    maxTokens: 5_000,
    maxCost: 5_000,
    listFactor: 10,
    requestTimeoutMs: 20_000,
    maxBodyBytes: 64 * 1024,
    maxWsPayloadBytes: 64 * 1024,
    maxWsConnectionsPerUser: 16,
  },
  http: {
    handshakeTimeoutMs: 10_000,
    firstRequestTimeoutMs: 10_000,
    headersTimeoutMs: 20_000,
    requestTimeoutMs: 30_000,
    keepAliveTimeoutMs: 5_000,
    connectionsCheckingIntervalMs: 1_000,
  },
  websockets: { maxPerAddress: 64 },
  rate: {
    loginChallenge: { max: 30, windowMs: 60_000 },
    register: { max: 10, windowMs: 60 * 60_000 },
  },
  loginThrottle: {
    account: { freeAttempts: 5, baseSeconds: 30, maxSeconds: 3600, decaySeconds: 900 },
    ip: { freeAttempts: 20, baseSeconds: 30, maxSeconds: 3600, decaySeconds: 300 },
  },
  auditCheckpointIntervalMs: 10 * 60_000,
  database: {
    connectTimeoutMs: 3_000,
    queryTimeoutMs: 15_000,
    listenerHeartbeatMs: 5_000,
    listenerRetryInitialMs: 250,
    listenerRetryMaxMs: 5_000,
    healthTimeoutMs: 2_000,
  },
  shutdownGraceMs: 10_000,
});

/** Merges `overrides` over the defaults; throws a RangeError naming every bad value. */
export function resolveLimits(overrides: LimitOverrides = {}): Limits {
  const d = DEFAULT_LIMITS;
  const limits: Limits = {
    ingest: { ...d.ingest, ...overrides.ingest },
    watch: { ...d.watch, ...overrides.watch },
    hub: { ...d.hub, ...overrides.hub },
    presence: { ...d.presence, ...overrides.presence },
    registration: { ...d.registration, ...overrides.registration },
    inFlightBytes: overrides.inFlightBytes ?? d.inFlightBytes,
    keepAliveMs: overrides.keepAliveMs ?? d.keepAliveMs,
    graphql: { ...d.graphql, ...overrides.graphql },
    http: { ...d.http, ...overrides.http },
    websockets: { ...d.websockets, ...overrides.websockets },
    rate: { ...d.rate, ...overrides.rate },
    loginThrottle: { ...d.loginThrottle, ...overrides.loginThrottle },
    auditCheckpointIntervalMs: overrides.auditCheckpointIntervalMs ?? d.auditCheckpointIntervalMs,
    database: { ...d.database, ...overrides.database },
    shutdownGraceMs: overrides.shutdownGraceMs ?? d.shutdownGraceMs,
  };
  const problems = limitProblems(limits);
  if (problems.length > 0) throw new RangeError(`Invalid limits:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  // A copy, so freezing never touches the caller's objects.
  return deepFreeze(structuredClone(limits));
}

/** Every problem with `limits`, as readable lines (empty when they are usable). */
function limitProblems(limits: Limits): string[] {
  const problems: string[] = [];
  for (const [path, value] of numericLeaves(limits)) {
    // Zero free attempts is a valid policy (back off from the first failure); nothing else may be 0.
    const min = path.endsWith('.freeAttempts') ? 0 : 1;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min)
      problems.push(`${path} must be an integer ≥ ${min} (got ${String(value)})`);
  }
  if (limits.ingest.maxFrameBytes > MAX_FRAME_BYTES) {
    problems.push(`ingest.maxFrameBytes must not exceed the frame format's ${MAX_FRAME_BYTES} bytes`);
  }
  if (limits.hub.ringBytes > limits.hub.totalBytes) problems.push('hub.ringBytes must not exceed hub.totalBytes');
  if (limits.presence.ttlMs < 2 * limits.presence.heartbeatMs) problems.push('presence.ttlMs must be at least twice presence.heartbeatMs');
  if (limits.http.headersTimeoutMs > limits.http.requestTimeoutMs)
    problems.push('http.headersTimeoutMs must not exceed http.requestTimeoutMs');
  if (limits.database.listenerRetryInitialMs > limits.database.listenerRetryMaxMs) {
    problems.push('database.listenerRetryInitialMs must not exceed database.listenerRetryMaxMs');
  }
  for (const name of ['account', 'ip'] as const) {
    const policy = limits.loginThrottle[name];
    if (policy.baseSeconds > policy.maxSeconds) problems.push(`loginThrottle.${name}.baseSeconds must not exceed its maxSeconds`);
  }
  return problems;
}

function* numericLeaves(value: object, prefix = ''): Generator<[string, unknown]> {
  for (const [key, child] of Object.entries(value) as [string, unknown][]) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof child === 'object' && child !== null) yield* numericLeaves(child, path);
    else yield [path, child];
  }
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value) as unknown[]) if (typeof child === 'object' && child !== null) deepFreeze(child);
  return Object.freeze(value);
}
