/**
 * The TLS 1.3 `https` server the API listens on, and its start and stop.
 */
import type { ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { ApiPki } from '../app.ts';
import { isDatabaseUnreachable } from '../db/errors.ts';
import { ServiceUnavailableError } from '../errors.ts';
import { sendJsonError } from '../graphql/http.ts';
import type { HttpLimits } from '../limits.ts';
import type { Logger } from '../logger.ts';
import { applyConnectionTimeouts, connectionTimeoutOptions } from './connection-timeouts.ts';
import type { RequestHandler } from './request-handler.ts';

export function createHttpsServer(pki: ApiPki, limits: HttpLimits, handle: RequestHandler, logger: Logger): Server {
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
      ...connectionTimeoutOptions(limits),
    },
    (req, res) => {
      handle(req, res).catch((e: unknown) => {
        const unreachable = isDatabaseUnreachable(e);
        const fields = { path: req.url?.replace(/\?.*/, ''), error: e instanceof Error ? e.message : String(e) };
        if (unreachable) logger.warn('request failed: database unreachable', fields);
        else logger.error('request failed', fields);
        if (res.headersSent) res.destroy();
        else if (unreachable) sendServiceUnavailable(res);
        else sendJsonError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error.');
      });
    },
  );
  applyConnectionTimeouts(server, limits);
  server.on('tlsClientError', () => {
    // A client that cannot speak TLS 1.3 (or sent garbage): nothing to log per connection.
  });
  return server;
}

export function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** 503 SERVICE_UNAVAILABLE, retryable (the session lookup before GraphQL, a PEM route, …: [Note: an unreachable database]). */
function sendServiceUnavailable(res: ServerResponse): void {
  const unavailable = new ServiceUnavailableError();
  res.setHeader('retry-after', String(unavailable.extensions.retryAfterSeconds));
  sendJsonError(res, 503, unavailable.code, unavailable.message, unavailable.extensions);
}

/**
 * Stops accepting connections at once and closes idle ones; resolves once every connection is
 * closed. Requests still running get `graceMs` to finish, then their connections are cut.
 * Upgraded sockets count too: their owners close them (with 1001).
 */
export function closeServer(server: Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  server.closeIdleConnections();
  const cut = setTimeout(() => {
    server.closeAllConnections();
  }, graceMs);
  return closed.finally(() => {
    clearTimeout(cut);
  });
}
