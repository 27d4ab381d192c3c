import { request } from 'node:https';
import WebSocket from 'ws';
import type { Transport, TransportResponse } from '../client/transport.ts';
import { cookieHeaderOf, storeSetCookies, type CookieJar } from './cookie-jar.ts';
import { wsSocketControl } from './ws-socket-control.ts';

export interface NodeTransportOptions {
  /** PEM CA(s) to trust: the platform root. Nothing else is trusted. */
  readonly ca: string | readonly string[];
  /** Origin header to send (browsers always send one; devices may). */
  readonly origin?: string;
  /** Optional mTLS client identity. */
  readonly clientCert?: { certPem: string; keyPem: string };
  /** Read at every request and socket, updated from every response: a reconnect uses the session as refreshed. */
  readonly cookies: CookieJar;
}

/** Largest server → client message accepted: a 4 MiB frame plus slack (watch) or control text (ingest). */
const MAX_INCOMING_BYTES = 4 * 1024 * 1024 + 4096;

/**
 * HTTPS with `node:https` and WebSockets with `ws`, both trusting only the pinned CA, with the
 * optional client certificate, the Origin header and the session cookie from the jar; sockets
 * get the `ws` extras ({@link wsSocketControl}).
 */
export function nodeTransport(options: NodeTransportOptions): Transport {
  const tls = {
    ca: options.ca as string | string[],
    ...(options.clientCert ? { cert: options.clientCert.certPem, key: options.clientCert.keyPem } : {}),
  };
  const identityHeaders = (): Record<string, string> => {
    const cookie = cookieHeaderOf(options.cookies);
    return { ...(options.origin ? { origin: options.origin } : {}), ...(cookie ? { cookie } : {}) };
  };
  return {
    fetch: (url, init) =>
      new Promise<TransportResponse>((resolve, reject) => {
        const req = request(
          url,
          {
            method: init.method,
            ...tls,
            headers: {
              ...(init.body !== undefined ? { 'content-length': Buffer.byteLength(init.body) } : {}),
              ...identityHeaders(),
              ...init.headers,
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              storeSetCookies(options.cookies, res.headers['set-cookie']);
              resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
            });
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(init.body);
      }),
    webSocket: (url, protocols) =>
      new WebSocket(url, protocols ?? [], {
        ...tls,
        headers: identityHeaders(),
        maxPayload: MAX_INCOMING_BYTES,
        perMessageDeflate: false,
        handshakeTimeout: 15_000,
      }),
    socketControl: wsSocketControl,
  };
}
