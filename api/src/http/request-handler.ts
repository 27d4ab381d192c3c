/**
 * The HTTP routes: `/graphql`, health, the public PKI files, the e-mail verification page, and
 * the web app for everything else. Every response gets the security headers first.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppDeps } from '../app.ts';
import type { GraphqlEndpoint } from '../graphql/graphql-endpoint.ts';
import { sendJsonError } from '../graphql/http.ts';
import type { DatabaseLimits } from '../limits.ts';
import type { Services } from '../services.ts';
import { createHealthCheck, sendHealth } from './health.ts';
import { isAllowedOrigin } from './request-meta.ts';
import { securityHeaderSetter } from './security-headers.ts';
import { serveStatic } from './static-files.ts';
import { handleVerifyEmail } from './verify-email-page.ts';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export function createRequestHandler(
  deps: Pick<AppDeps, 'config' | 'pki' | 'database'>,
  services: Services,
  graphql: GraphqlEndpoint,
  limits: Pick<DatabaseLimits, 'healthTimeoutMs'>,
): RequestHandler {
  const { config, pki } = deps;
  const setSecurityHeaders = securityHeaderSetter(config.publicOrigin);
  const health = createHealthCheck(deps.database, services.bus, limits.healthTimeoutMs);
  return async (req, res) => {
    setSecurityHeaders(res);
    const path = new URL(req.url ?? '/', 'https://x').pathname;
    if (path === '/graphql') {
      if (!isAllowedOrigin(req, config.allowedOrigins)) {
        sendJsonError(res, 403, 'FORBIDDEN', 'Origin not allowed.');
        return;
      }
      return graphql.handleHttp(req, res);
    }
    if (path === '/healthz') {
      sendHealth(res, await health());
      return;
    }
    if (path === '/pki/root.pem') {
      sendPem(res, pki.rootPem);
      return;
    }
    if (path === '/pki/chain.pem') {
      sendPem(res, [...pki.intermediatePems, pki.rootPem].join('\n'));
      return;
    }
    if (path === '/pki/crl.pem') {
      sendPem(res, await services.certificates.crlPem());
      return;
    }
    if (path === '/verify-email') return handleVerifyEmail(req, res, services.emailVerification);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    serveStatic(req, res, config.webRoot);
  };
}

function sendPem(res: ServerResponse, pem: string): void {
  res.writeHead(200, { 'content-type': 'application/x-pem-file', 'cache-control': 'no-cache' }).end(pem.endsWith('\n') ? pem : `${pem}\n`);
}
