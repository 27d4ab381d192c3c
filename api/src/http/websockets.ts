/**
 * Every WebSocket endpoint behind one upgrade router: the streaming sockets (`/ws/ingest`,
 * `/ws/watch`) and graphql-ws (`/graphql`). Sockets opened with a session are tied to it, on
 * every instance: a `sessions.ended` event closes them wherever they are held.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AppDeps } from '../app.ts';
import { onEveryResync } from '../event-bus/resync.ts';
import type { Limits } from '../limits.ts';
import type { Services } from '../services.ts';
import { createStreaming } from '../streaming/streaming.ts';
import type { StreamingDeps } from '../streaming/streaming-deps.ts';
import { clientIp } from './request-meta.ts';
import { createUpgradeRouter, type UpgradeRoute } from './upgrade.ts';
import { UpgradeQuota } from './upgrade-quota.ts';

export interface Sockets {
  /** The server's `upgrade` listener. */
  readonly upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  /** Stops following session ends; the streaming sockets store what they received, then close with 1001 (cut after `graceMs`). */
  close(graceMs: number): Promise<void>;
}

export function createSockets(
  deps: Pick<AppDeps, 'config' | 'logger' | 'pki'>,
  services: Services,
  graphqlRoute: UpgradeRoute,
  limits: Pick<Limits, 'ingest' | 'watch' | 'keepAliveMs' | 'graphql' | 'websockets'>,
): Sockets {
  const { config, logger } = deps;
  const trust = { enabled: config.trustProxy, edgeCertFingerprint256: deps.pki.edgeCertFingerprint256 };
  const streaming = createStreaming(
    streamingDeps(services, deps.logger, limits.keepAliveMs, (req) => clientIp(req, trust)),
    limits,
  );
  const routes = new Map<string, UpgradeRoute>([...streaming.routes, ['/graphql', graphqlRoute]]);
  const quota = new UpgradeQuota({
    maxPerAddress: limits.websockets.maxPerAddress,
    maxPerUser: new Map([
      ['/ws/ingest', limits.ingest.maxConnectionsPerUser],
      ['/ws/watch', limits.watch.maxConnectionsPerUser],
      ['/graphql', limits.graphql.maxWsConnectionsPerUser],
    ]),
  });
  const offSessions = services.bus.subscribe((e) => {
    if (e.kind === 'sessions.ended') services.sessionSockets.end(e.userId, e.sessionIds);
  });
  // [Note: after a gap]: a logout whose `sessions.ended` was lost still closes its sockets.
  const offSessionResync = onEveryResync(
    services.bus,
    'session sockets',
    async () => {
      await services.sessionSockets.endInactive((ids) => services.sessions.activeAmong(ids));
    },
    logger,
  );
  const upgrade = createUpgradeRouter({
    sockets: services.sessionSockets,
    routes,
    allowedOrigins: config.allowedOrigins,
    quota,
    clientAddress: (req) => clientIp(req, trust),
    resolveSession: (cookie) => services.sessions.fromCookieHeader(cookie),
    onError: (e) => {
      logger.error('upgrade failed', { error: e instanceof Error ? e.message : String(e) });
    },
  });
  return {
    upgrade,
    close: async (graceMs) => {
      offSessions();
      offSessionResync();
      await streaming.close(graceMs);
    },
  };
}

function streamingDeps(
  services: Services,
  logger: StreamingDeps['logger'],
  keepAliveMs: number,
  clientIpOf: StreamingDeps['clientIp'],
): StreamingDeps {
  return {
    streams: services.streams,
    chunks: services.chunks,
    certificates: services.certificates,
    actionProofs: services.actionProofs,
    access: services.access,
    hub: services.hub,
    registry: services.sockets,
    presence: services.presence,
    bus: services.bus,
    frames: services.frames,
    instanceId: services.instanceId,
    audit: services.audit,
    budget: services.ingestBudget,
    logger,
    keepAliveMs,
    clientIp: clientIpOf,
  };
}
