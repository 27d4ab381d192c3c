/**
 * WebSockets at shutdown: every client gets 1001 (going away, docs/PROTOCOL.md §7), which the
 * SDK retries — on another instance, or on this one once it is back. Whatever has not finished
 * the closing handshake within `graceMs` is cut.
 */
import { StandardCloseCode } from '@seccam/schema';
import type { WebSocketServer } from 'ws';

export const GOING_AWAY_REASON = 'server shutting down';

/** Closes every client of `wss` with 1001 and resolves once `wss` is closed. */
export async function closeGoingAway(wss: WebSocketServer, graceMs: number): Promise<void> {
  for (const ws of wss.clients) ws.close(StandardCloseCode.GoingAway, GOING_AWAY_REASON);
  const cut = setTimeout(() => {
    for (const ws of wss.clients) ws.terminate();
  }, graceMs);
  // ws calls back once its last client is closed.
  await new Promise<void>((resolve) => {
    wss.close(() => {
      resolve();
    });
  });
  clearTimeout(cut);
}
