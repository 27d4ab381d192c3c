/**
 * Builds the whole API from its parts, in the order `createApp` reads: limits, the event bus, the
 * services, GraphQL, the HTTPS server and its WebSocket endpoints. `main.ts` feeds it real
 * configuration; the test kit feeds it PGlite and a throwaway PKI.
 */
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { CertificateAuthority, StatementKey } from '@seccam/pki';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { createGraphql } from './graphql/graphql-endpoint.ts';
import { closeServer, createHttpsServer, listen } from './http/https-server.ts';
import { createRequestHandler } from './http/request-handler.ts';
import { createSockets } from './http/websockets.ts';
import { resolveLimits, type LimitOverrides } from './limits.ts';
import type { Logger } from './logger.ts';
import type { Mailer } from './modules/email-verification/mailer.ts';
import type { ServerSecrets } from './secrets.ts';
import { createServices, type Services } from './services.ts';
import { openTransport } from './transport.ts';

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
  /** Signs audit checkpoints; a key of its own, never derived from the master secret. */
  readonly auditCheckpointKey: StatementKey;
  /** Signs the certificate transparency log's tree heads; a key of its own, neither the CA's nor the checkpoints'. */
  readonly transparencyLogKey: StatementKey;
  /** Merged over DEFAULT_LIMITS (limits.ts), section by section. */
  readonly limits?: LimitOverrides;
}

export interface App {
  readonly server: Server;
  readonly services: Services;
  listen(port?: number, host?: string): Promise<AddressInfo>;
  close(): Promise<void>;
}

export async function createApp(deps: AppDeps): Promise<App> {
  const limits = resolveLimits(deps.limits);
  // The transport between instances: NATS when NATS_URL is set, else LISTEN/NOTIFY.
  const transport = await openTransport(deps.config, deps.database, deps.logger);
  const services = createServices(deps, transport, limits);
  await services.transparency.load();
  await services.cosignatures.load();
  const graphql = await createGraphql(deps, services, limits.graphql);
  const server = createHttpsServer(deps.pki, limits.http, createRequestHandler(deps, services, graphql, limits.database), deps.logger);
  const sockets = createSockets(deps, services, graphql.wsRoute, limits);
  server.on('upgrade', sockets.upgrade);
  services.auditCheckpoints.start(limits.auditCheckpointIntervalMs);
  services.presence.start();
  services.registrationExpiry.start();
  return {
    server,
    services,
    listen: (port = deps.config.port, host = deps.config.host) => listen(server, port, host),
    close: async () => {
      // [Note: graceful shutdown]
      // Stop accepting at once; let running requests and ingest writes finish (every frame
      // stored is acked first); close every WebSocket with 1001, which clients retry; then sign
      // the last audit checkpoint and leave the bus. Every step runs even if an earlier one
      // failed (a database gone at shutdown fails the checkpoint, not the socket closes).
      const grace = limits.shutdownGraceMs;
      const httpClosed = closeServer(server, grace);
      await runEvery([
        () => sockets.close(grace),
        () => graphql.close(grace),
        () => httpClosed,
        () => services.auditCheckpoints.stop(),
        () => {
          services.presence.stop();
          services.registrationExpiry.stop();
          return Promise.resolve();
        },
        () => transport.close(),
      ]);
    },
  };
}

/** Runs every step in order, even past a failure; then throws the first failure. */
async function runEvery(steps: readonly (() => Promise<void>)[]): Promise<void> {
  const failures: unknown[] = [];
  for (const step of steps) {
    try {
      await step();
    } catch (e) {
      failures.push(e);
    }
  }
  if (failures.length > 0) throw new Error('shutdown finished with errors', { cause: failures[0] });
}
