/**
 * WebSocket helpers for tests: open a real socket to the test API with the session cookie,
 * an Origin, and the test PKI's root as the only trusted CA.
 */
import WebSocket from 'ws';
import type { HttpsClient } from '@seccam/device/node';
import { TEST_ORIGIN, type TestApi } from './test-api.ts';

export interface WsOptions {
  readonly client?: HttpsClient;
  readonly origin?: string | null;
  readonly protocol?: string;
}

export function openWs(api: TestApi, path: string, options: WsOptions = {}): WebSocket {
  const cookie = options.client?.cookieHeader();
  const origin = options.origin === undefined ? TEST_ORIGIN : options.origin;
  return new WebSocket(`wss://localhost:${api.port}${path}`, options.protocol ? [options.protocol] : [], {
    ca: api.pki.rootPem,
    headers: { ...(cookie ? { cookie } : {}), ...(origin ? { origin } : {}) },
  });
}

/** Resolves with the HTTP status when the upgrade is refused, or 101 when it is accepted. */
export function upgradeStatus(ws: WebSocket): Promise<number> {
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      resolve(101);
      ws.close();
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.once('error', (e) => {
      reject(e);
    });
  });
}
