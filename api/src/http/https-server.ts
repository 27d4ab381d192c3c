/**
 * The TLS 1.3 `https` server the API listens on, and its start and stop.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { ApiPki } from '../app.ts';
import { sendJsonError } from '../graphql/http.ts';
import type { HttpLimits } from '../limits.ts';
import type { Logger } from '../logger.ts';
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
    },
    (req, res) => {
      handle(req, res).catch((e: unknown) => {
        logger.error('request failed', { path: req.url?.replace(/\?.*/, ''), error: e instanceof Error ? e.message : String(e) });
        if (!res.headersSent) sendJsonError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error.');
        else res.destroy();
      });
    },
  );
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
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

/** Drops every connection and resolves once the server is closed. */
export function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
}
