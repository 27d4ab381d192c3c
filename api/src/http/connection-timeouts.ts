/**
 * Time limits on the API's TLS connections, from the first byte to the last idle moment.
 *
 * [Note: connection timeouts]
 * Node bounds some phases and leaves gaps; each gap is a socket a client can hold for free:
 *
 *   TCP accepted, no TLS handshake   `handshakeTimeout` (tls.Server option; Node's default is 2 min)
 *   TLS up, no request yet           nothing in Node: `headersTimeout` starts with the first byte
 *                                    of a request, so a silent client stays forever. We close it
 *                                    after `firstRequestTimeoutMs` (this file).
 *   request headers arriving         `headersTimeout`; the whole request: `requestTimeout`, checked
 *                                    every `connectionsCheckingIntervalMs` (Node's default is 30 s,
 *                                    which would stretch both)
 *   between keep-alive requests      `keepAliveTimeout`
 *   a WebSocket after its upgrade    the endpoint's own keepalive pings and hello/subscribe timer
 *
 * A GraphQL request also has an answer deadline (`graphql.requestTimeoutMs`, graphql/deadline.ts).
 */
import type { Server } from 'node:https';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { HttpLimits } from '../limits.ts';

/** The server options for these limits (the handshake timeout is only taken at construction). */
export function connectionTimeoutOptions(limits: HttpLimits): { handshakeTimeout: number; connectionsCheckingInterval: number } {
  return { handshakeTimeout: limits.handshakeTimeoutMs, connectionsCheckingInterval: limits.connectionsCheckingIntervalMs };
}

/** Sets the request timeouts and closes connections that send no request in time. */
export function applyConnectionTimeouts(server: Server, limits: HttpLimits): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  const waiting = new WeakMap<Duplex, NodeJS.Timeout>();
  const firstRequestSeen = (socket: Duplex): void => {
    clearTimeout(waiting.get(socket));
    waiting.delete(socket);
  };
  server.on('secureConnection', (socket: TLSSocket) => {
    const timer = setTimeout(() => {
      waiting.delete(socket);
      socket.destroy();
    }, limits.firstRequestTimeoutMs);
    timer.unref();
    waiting.set(socket, timer);
    socket.once('close', () => {
      firstRequestSeen(socket);
    });
  });
  server.on('request', (req) => {
    firstRequestSeen(req.socket);
  });
  server.on('upgrade', (req) => {
    firstRequestSeen(req.socket);
  });
}
