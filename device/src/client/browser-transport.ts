import type { Transport, WebSocketLike } from './transport.ts';

export interface BrowserTransportOptions {
  /** Default: the global `fetch`. */
  readonly fetch?: typeof globalThis.fetch;
  /** Default: the global `WebSocket`. */
  readonly WebSocket?: new (url: string, protocols?: string | string[]) => WebSocketLike;
}

/**
 * The WHATWG transport: `fetch` with same-origin credentials (the session travels in the
 * HttpOnly `__Host-` cookie the browser keeps, never in JavaScript) and `WebSocket`, whose
 * upgrades carry the same cookie and the page's Origin. Globals are looked up at each call.
 */
export function browserTransport(options: BrowserTransportOptions = {}): Transport {
  return {
    fetch: async (url, request) => {
      const fetchImpl = options.fetch ?? globalThis.fetch;
      const response = await fetchImpl(url, {
        method: request.method,
        headers: request.headers,
        body: request.body ?? null,
        credentials: 'same-origin',
      });
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name] = value;
      });
      return { status: response.status, headers, body: await response.text() };
    },
    webSocket: (url, protocols) => {
      const Impl = options.WebSocket ?? ('WebSocket' in globalThis ? globalThis.WebSocket : undefined);
      if (Impl === undefined)
        throw new TypeError('this runtime has no global WebSocket: pass one, or use nodeTransport from @seccam/device/node');
      return new Impl(url, protocols);
    },
  };
}
