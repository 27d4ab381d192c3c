// Test support only: accounts on the real test API (register → verify e-mail → TOTP → login),
// with their SDK identity, and helpers to record and watch through the SDK classes.
import type { MediaPacket, StreamInfoRecord } from '@seccam/schema';
import { decodeMediaPayload } from '@seccam/schema';
import { afterAll, beforeAll } from 'vitest';
import { startTestApi, type ReadyAccount, type TestApi, signedInAccount } from '@seccam/testkit';
import type WebSocket from 'ws';
import type { HttpsClient } from '../node/https-client.ts';
import { groupIntoPayloads, type PayloadGroup } from '../media/group-payloads.ts';
import { syntheticSource } from '../media/synthetic-source.ts';
import { identityFromBundle, type Identity } from './identity.ts';
import { WatchClient, type WatchClientOptions } from './watch-client.ts';
import type { WatchedFrame } from './watch-frames.ts';

export interface Party {
  readonly account: ReadyAccount;
  readonly client: HttpsClient;
  readonly identity: Identity;
  readonly username: string;
}

export async function party(api: TestApi, role: 'driver' | 'dispatcher'): Promise<Party> {
  const { account, client } = await signedInAccount(api, role);
  return { account, client, identity: await identityFromBundle(account.contents), username: account.contents.username };
}

/** What a streaming test file works with: the real API, a ready driver and a ready dispatcher. */
export interface StreamingWorld {
  readonly api: TestApi;
  readonly driver: Party;
  readonly dispatcher: Party;
}

/**
 * Starts the real API with a driver and a dispatcher before the file's tests (then runs
 * `setup`) and stops it after them. The returned object is filled in by then.
 */
export function useStreamingWorld(setup?: (world: StreamingWorld) => Promise<unknown>): StreamingWorld {
  const world: { api?: TestApi; driver?: Party; dispatcher?: Party } = {};
  beforeAll(async () => {
    const api = await startTestApi();
    [world.driver, world.dispatcher] = await Promise.all([party(api, 'driver'), party(api, 'dispatcher')]);
    world.api = api;
    await setup?.(world as StreamingWorld);
  });
  afterAll(() => world.api?.stop());
  return world as StreamingWorld;
}

/** Quick reconnects, for tests that cut sockets. */
export const FAST = { backoff: { initialMs: 20, maxMs: 200 } };

/** A verifying watcher for `viewer` on `streamId` (from seq 0 unless told), collecting every delivered frame into `frames`. */
export function watcher(viewer: Party, streamId: string, frames: WatchedFrame[], options: Partial<WatchClientOptions> = {}): WatchClient {
  return new WatchClient({
    client: viewer.client,
    identity: viewer.identity,
    streamId,
    from: 0,
    ...FAST,
    onFrame: (f) => void frames.push(f),
    ...options,
  });
}

/** A deterministic source cut into ≈100 ms frames: `seconds` of 20 fps VP8 with a keyframe every second. */
export function sourceGroups(
  seconds: number,
  captureStartMs = Date.now(),
  info?: StreamInfoRecord,
): { groups: PayloadGroup[]; packets: readonly MediaPacket[] } {
  const media = syntheticSource({ seconds, fps: 20, keyframeEveryMs: 1000, bytesPerFrame: 300, audio: true });
  return {
    groups: groupIntoPayloads(media.tracks, media.packets, { captureStartMs, ...(info === undefined ? {} : { info }) }),
    packets: media.packets,
  };
}

/** The packets of payloads, in order. */
export function packetsOf(payloads: readonly Uint8Array[]): MediaPacket[] {
  return payloads.flatMap((payload) => [...decodeMediaPayload(payload).packets]);
}

/** A connector that remembers every socket it opened (`ws` sockets, from the Node transport), so a test can cut the connection. */
export function recordingConnector(
  client: HttpsClient,
  path: '/ws/ingest' | '/ws/watch',
): { connect: () => WebSocket; sockets: WebSocket[] } {
  const sockets: WebSocket[] = [];
  return {
    sockets,
    connect: () => {
      const ws = client.openSocket(path) as WebSocket;
      sockets.push(ws);
      return ws;
    },
  };
}

export function until(predicate: () => boolean, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (predicate()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error(`${what} not reached within ${timeoutMs} ms`));
      else setTimeout(tick, 10);
    };
    tick();
  });
}
