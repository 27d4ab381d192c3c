/**
 * How the SDK reaches the API: an HTTP request function and a WebSocket factory, passed in the
 * way graphql-ws's `createClient` takes `webSocketImpl`, so every flow is written once and runs
 * in browsers and in Node alike. Browsers use {@link browserTransport} (the global `fetch` with
 * same-origin cookies and the global `WebSocket`); Node uses `nodeTransport` from
 * `@seccam/device/node` (pinned CA, optional client certificate, Origin header, cookie jar).
 */

/** One HTTP request, relative URLs already resolved. */
export interface TransportRequest {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** A whole HTTP response (the API's bodies are small: GraphQL results, PEM files, pages). */
export interface TransportResponse {
  readonly status: number;
  /** Lower-case header names; repeated headers (Node's `set-cookie`) as arrays. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export type FetchLike = (url: string, request: TransportRequest) => Promise<TransportResponse>;

/** The message event fields the SDK reads: a string for text, an ArrayBuffer for binary. */
export interface MessageEventLike {
  readonly data: unknown;
}

export interface CloseEventLike {
  readonly code: number;
  readonly reason: string;
}

/**
 * The part of the WHATWG WebSocket API the SDK uses. The browser's `WebSocket` and the `ws`
 * package's `WebSocket` both satisfy it.
 */
export interface WebSocketLike {
  binaryType: string;
  /** 0 connecting, 1 open, 2 closing, 3 closed ({@link SocketState}). */
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string | ArrayBufferView | ArrayBuffer): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: MessageEventLike) => void): void;
  addEventListener(type: 'close', listener: (event: CloseEventLike) => void): void;
}

/** `WebSocket.readyState` values (WHATWG). */
export const SocketState = { Connecting: 0, Open: 1, Closing: 2, Closed: 3 } as const;

export type WebSocketFactory = (url: string, protocols?: string | string[]) => WebSocketLike;

// [Note: what only Node can do with a socket]
// A WHATWG WebSocket cannot ping, cannot stop reading, cannot drop a connection without a close
// handshake and never sees the HTTP status of a refused upgrade. Node's `ws` can do all four,
// and a dashcam needs them: a link gone silent in a tunnel gives no TCP reset (pings find it), and
// pausing the socket pushes backpressure back to the server through TCP. These extras are
// optional hooks. Without them (browsers), liveness comes from the server's own pings (answered
// by the browser) and its idle timeout, backpressure on ingest from `bufferedAmount`, a local
// drop is a normal `close()` reported as 1006, and a refused upgrade looks like a dropped link.

/** Runtime extras for one socket made by a {@link WebSocketFactory} (see [Note: what only Node can do with a socket]). */
export interface SocketControl {
  /** Calls `listener` with the HTTP status when the server answers the upgrade without 101; the socket then closes. */
  onUpgradeRefused(listener: (status: number) => void): void;
  /** Pings every `intervalMs`; drops the connection (close 1006) when a pong does not come back in time. */
  keepAlive(intervalMs: number): void;
  /** Drops the connection at once, without a close handshake (close 1006). */
  terminate(): void;
  /** Stops reading from the socket: TCP then pushes back on the sender. */
  pause(): void;
  resume(): void;
  readonly isPaused: boolean;
}

export type SocketControlFactory = (socket: WebSocketLike) => SocketControl;

export interface Transport {
  readonly fetch: FetchLike;
  readonly webSocket: WebSocketFactory;
  /** Optional: extras for the sockets `webSocket` makes. */
  readonly socketControl?: SocketControlFactory;
}
