import WebSocket from 'ws';
import { StandardCloseCode } from '@seccam/schema';
import type { HttpsClient } from '../https-client.ts';

/** The two frame endpoints (docs/PROTOCOL.md §7). */
export type FrameSocketPath = '/ws/ingest' | '/ws/watch';

/** Opens a new WebSocket to one endpoint; called again for every reconnect. */
export type SocketConnector = () => WebSocket;

/** Largest server → client message accepted: a 4 MiB frame plus slack (watch) or control text (ingest). */
const MAX_INCOMING_BYTES = 4 * 1024 * 1024 + 4096;

/**
 * Connects with the same identity as `client`: its base URL (https → wss), the pinned CA,
 * the optional mTLS certificate, its Origin and the session cookie from its jar. The cookie
 * is read at every call, so a reconnect uses the session as refreshed by later GraphQL calls.
 */
export function socketConnector(client: HttpsClient, path: FrameSocketPath): SocketConnector {
  return () => {
    const url = new URL(path, client.options.baseUrl);
    url.protocol = url.protocol === 'http:' ? 'ws:' : 'wss:';
    const cookie = client.cookieHeader();
    const { ca, origin, clientCert } = client.options;
    return new WebSocket(url, {
      ca: ca as string | string[],
      ...(clientCert ? { cert: clientCert.certPem, key: clientCert.keyPem } : {}),
      headers: { ...(cookie ? { cookie } : {}), ...(origin ? { origin } : {}) },
      maxPayload: MAX_INCOMING_BYTES,
      perMessageDeflate: false,
      handshakeTimeout: 15_000,
    });
  };
}

/** The text of a ws message (a Buffer with the default `binaryType`). */
export function rawText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

/** Closes a socket gracefully, terminating it if the close handshake does not finish within 2 s. */
export function closeSocket(ws: WebSocket): Promise<void> {
  if (ws.readyState === ws.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => { ws.terminate(); }, 2000);
    ws.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    if (ws.readyState === ws.OPEN) ws.close(StandardCloseCode.Normal, 'client done');
    else if (ws.readyState === ws.CONNECTING) ws.terminate();
  });
}

/**
 * Pings every `intervalMs` and drops the connection (close 1006, then the client's retry) when
 * a pong did not come back in time: a dashcam in a tunnel gets no TCP reset, only silence.
 * Stops by itself when the socket closes; suspended while the socket is paused.
 */
export function keepAlive(ws: WebSocket, intervalMs: number): void {
  let alive = true;
  ws.on('pong', () => {
    alive = true;
  });
  const timer = setInterval(() => {
    if (ws.isPaused) return; // we stopped reading on purpose (backpressure): pongs wait in the socket
    if (!alive) {
      ws.terminate();
      return;
    }
    alive = false;
    ws.ping();
  }, intervalMs);
  timer.unref();
  ws.once('close', () => {
    clearInterval(timer);
  });
}
