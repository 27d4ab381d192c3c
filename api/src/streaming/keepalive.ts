/**
 * WebSocket keepalive: ping every `intervalMs`; a peer that has not answered the previous ping
 * by the next one is considered gone (`onLost`). Dashcams on flaky links then reconnect and
 * resume instead of holding a half-open socket.
 */
import type WebSocket from 'ws';

export function keepAlive(ws: WebSocket, intervalMs: number, onLost: () => void): () => void {
  let alive = true;
  ws.on('pong', () => {
    alive = true;
  });
  ws.on('message', () => {
    alive = true;
  });
  const timer = setInterval(() => {
    if (!alive) {
      clearInterval(timer);
      onLost();
      return;
    }
    alive = false;
    if (ws.readyState === ws.OPEN) ws.ping();
  }, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
  };
}
