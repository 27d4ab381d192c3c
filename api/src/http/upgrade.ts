/**
 * WebSocket upgrades: one router for every WebSocket path. Origin, session and the socket caps
 * ([Note: sockets count from the upgrade]) are checked here, *before* the 101, so a refused
 * client gets a plain HTTP status (404 / 403 / 429 / 401) and never a socket.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import { isDatabaseUnreachable } from '../db/errors.ts';
import type { ActiveSession } from '../modules/sessions/sessions.service.ts';
import type WebSocket from 'ws';
import { isAllowedOrigin } from './request-meta.ts';
import type { SessionSockets } from './session-sockets.ts';
import type { UpgradeQuota } from './upgrade-quota.ts';

export interface UpgradeRoute {
  /** Whether the route needs a signed-in session at upgrade. */
  readonly requireSession: boolean;
  /**
   * Performs the upgrade (`wss.handleUpgrade`) and passes the new socket to `adopt`, which ties
   * it to the session's lifetime.
   */
  handle(req: IncomingMessage, socket: Duplex, head: Buffer, session: ActiveSession | null, adopt: (ws: WebSocket) => void): void;
}

export interface UpgradeRouterOptions {
  readonly routes: ReadonlyMap<string, UpgradeRoute>;
  readonly allowedOrigins: readonly string[];
  readonly resolveSession: (cookieHeader: string | undefined) => Promise<ActiveSession | null>;
  readonly onError: (e: unknown) => void;
  readonly sockets: SessionSockets;
  readonly quota: UpgradeQuota;
  /** The address a socket is counted under (the pinned edge's X-Forwarded-For, else the peer). */
  readonly clientAddress: (req: IncomingMessage) => string;
}

export function rejectUpgrade(socket: Duplex, status: number): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const reason = STATUS_CODES[status] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${reason.length}\r\n\r\n${reason}`,
  );
}

export function createUpgradeRouter(options: UpgradeRouterOptions) {
  return (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    const path = new URL(req.url ?? '/', 'https://x').pathname;
    const route = options.routes.get(path);
    if (!route) {
      rejectUpgrade(socket, 404);
      return;
    }
    if (!isAllowedOrigin(req, options.allowedOrigins)) {
      rejectUpgrade(socket, 403);
      return;
    }
    // Counted before the session lookup, so anonymous floods are bounded per address as well.
    if (!options.quota.admitAddress(socket, options.clientAddress(req))) {
      rejectUpgrade(socket, 429);
      return;
    }
    options
      .resolveSession(req.headers.cookie)
      .then((session) => {
        if (route.requireSession && !session) {
          rejectUpgrade(socket, 401);
          return;
        }
        if (session && !options.quota.admitUser(socket, path, session.user.id)) {
          rejectUpgrade(socket, 429);
          return;
        }
        route.handle(req, socket, head, session, (ws) => {
          if (session) options.sockets.adopt(ws, session);
        });
      })
      .catch((e: unknown) => {
        options.onError(e);
        // 503 is retried by clients (the database is away for now); 500 is a bug.
        rejectUpgrade(socket, isDatabaseUnreachable(e) ? 503 : 500);
      });
  };
}
