/** A graphql-ws client for tests: cookie + Origin headers, trusting only the test root. */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { HttpsClient } from '@seccam/device/node';
import { TEST_ORIGIN, type TestApi } from './test-api.ts';

export function graphqlWsClient(api: TestApi, client: HttpsClient, options: { lazy?: boolean } = {}): Client {
  const cookie = client.cookieHeader() ?? '';
  const ca = api.pki.rootPem;
  class CookieWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { ca, headers: { cookie, origin: TEST_ORIGIN } });
    }
  }
  return createClient({
    url: `wss://localhost:${api.port}/graphql`,
    webSocketImpl: CookieWebSocket,
    retryAttempts: 0,
    lazy: options.lazy ?? true,
    // Tests assert closes through on('closed'); the default logs the CloseEvent to stderr.
    onNonLazyError: () => undefined,
  });
}

/** Collects a subscription's payloads (typed by the caller) until disposed. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- T names the payload shape for callers
export function collect<T>(client: Client, query: string): { items: T[]; errors: unknown[]; dispose: () => void } {
  const items: T[] = [];
  const errors: unknown[] = [];
  const dispose = client.subscribe<T>(
    { query },
    {
      next: (r) => {
        if (r.data) items.push(r.data);
        if (r.errors) errors.push(...r.errors);
      },
      error: (e) => errors.push(e),
      complete: () => undefined,
    },
  );
  return { items, errors, dispose };
}

/**
 * Repeats `cause` until `seen()` holds. A graphql-ws subscription starts asynchronously and the
 * protocol has no "subscribed" reply, so an event caused before the server has it is never
 * delivered; causing it again until one arrives proves the subscription is live.
 * @throws Error when nothing is seen within `timeoutMs`
 */
export async function causeUntilSeen(cause: () => Promise<unknown>, seen: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!seen()) {
    if (Date.now() > deadline) throw new Error(`no event seen within ${timeoutMs} ms of causing it`);
    await cause();
    for (let waited = 0; waited < 500 && !seen(); waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
