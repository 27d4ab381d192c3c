import WebSocket from 'ws';
import type { SocketControl, WebSocketLike } from '../client/transport.ts';

/**
 * The `ws` extras for a socket made by `nodeTransport` (or any `ws` WebSocket): the refused
 * upgrade's status, ping/pong keepalive, terminate and pause ([Note: what only Node can do with
 * a socket] in client/transport.ts).
 * @throws TypeError for a socket that is not a `ws` WebSocket
 */
export function wsSocketControl(socket: WebSocketLike): SocketControl {
  if (!(socket instanceof WebSocket)) throw new TypeError('wsSocketControl needs a WebSocket from the ws package');
  const ws = socket;
  return {
    onUpgradeRefused(listener) {
      ws.on('unexpected-response', (_request, response) => {
        listener(response.statusCode ?? 0);
        response.resume();
        ws.terminate();
      });
    },
    keepAlive(intervalMs) {
      keepAlive(ws, intervalMs);
    },
    terminate() {
      ws.terminate();
    },
    pause() {
      ws.pause();
    },
    resume() {
      ws.resume();
    },
    get isPaused() {
      return ws.isPaused;
    },
  };
}

/**
 * Pings every `intervalMs` and drops the connection (close 1006, then the client's retry) when
 * a pong did not come back in time: a dashcam in a tunnel gets no TCP reset, only silence.
 * Stops by itself when the socket closes; suspended while the socket is paused.
 */
function keepAlive(ws: WebSocket, intervalMs: number): void {
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
