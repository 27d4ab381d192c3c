/**
 * The page of `npm run bench:browser` that watches (bundled with Vite, served on the API's own
 * origin at /bench/ so the session cookie and the Origin check work as for the web app). It
 * publishes `window.seccamBench`:
 *
 * - `signIn` + `watch(streamId, tiles)`: `tiles` SDK `WatchClient`s on the live stream, each
 *   feeding the web app's `CanvasVideoPlayer` — the dispatcher's real path: verify, decrypt,
 *   decode, draw. After every drawn picture the tile's canvas is read for the stamp
 *   ([Note: a clock drawn in the picture]).
 * - `floor('webcodecs')`: the same canvas camera → `VideoEncoder` (VP8, 1 Mbit/s, realtime) →
 *   `VideoDecoder` → canvas in this page, one picture at a time: no grouping, sealing, network
 *   or server. The lowest latency this browser can reach.
 * - `floor('camera-encoder')`: the record page's own pipeline without the network — the SDK's
 *   `CameraEncoder` (100 ms frames) → `CanvasVideoPlayer`, no sealing, upload or server.
 * - `drain()`: the samples since the last call and the running counts, per tile.
 */
import { browserTransport, createClient, identityFromBundle, login, WatchClient, type Identity, type SeccamClient } from '@seccam/device';
import { CameraEncoder } from '@seccam/device/browser';
import type { BundleContents } from '@seccam/pki';
import { decodeMediaPayload } from '@seccam/schema';
import { CanvasVideoPlayer } from '@seccam/web/src/lib/video-playback.ts';
import { latencySince, readStamp, STAMP_LAYOUT } from './stamp.ts';

/** What one tile saw. */
export interface TileReport {
  /** Glass-to-glass ms of each picture drawn since the last drain. */
  readonly latencies: number[];
  /** ms from a frame's capture time (as the driver signed it) to its arrival here, live frames with video since the last drain. */
  readonly arrivals: number[];
  /** Pictures whose stamp did not read (checksum failed). */
  readonly misreads: number;
  /** Video packets received (pictures the driver sent), decoded and drawn, since the start. */
  readonly received: number;
  readonly decoded: number;
  readonly shown: number;
  readonly errors: string[];
  /** The watch's statuses so far (empty for a baseline tile). */
  readonly statuses: string[];
}

interface Tile {
  readonly canvas: HTMLCanvasElement;
  readonly context: CanvasRenderingContext2D;
  latencies: number[];
  arrivals: number[];
  misreads: number;
  received: number;
  decoded: number;
  shown: number;
  lastStamp: number | null;
  readonly errors: string[];
  readonly statuses: string[];
  stop: () => Promise<void>;
}

const tiles: Tile[] = [];
let session: { client: SeccamClient; identity: Identity } | null = null;

function newCanvas(): { canvas: HTMLCanvasElement; context: CanvasRenderingContext2D } {
  const canvas = document.createElement('canvas');
  canvas.width = STAMP_LAYOUT.width;
  canvas.height = STAMP_LAYOUT.height;
  // A wall of tiles: each shown at a quarter of its size, four across.
  canvas.style.width = `${STAMP_LAYOUT.width / 4}px`;
  document.body.append(canvas);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (context === null) throw new Error('no 2d canvas');
  return { canvas, context };
}

/** Reads the stamp of the picture just drawn on `tile`'s canvas. */
function sample(tile: Tile): void {
  const stamp = readStamp(tile.context);
  if (stamp === null) {
    tile.misreads += 1;
    return;
  }
  if (stamp === tile.lastStamp) return; // the same camera picture again
  tile.lastStamp = stamp;
  const latency = latencySince(stamp);
  if (latency === null) tile.misreads += 1;
  else tile.latencies.push(latency);
}

function addTile(start: (tile: Tile) => () => Promise<void>): Tile {
  const { canvas, context } = newCanvas();
  const tile: Tile = {
    canvas,
    context,
    latencies: [],
    arrivals: [],
    misreads: 0,
    received: 0,
    decoded: 0,
    shown: 0,
    lastStamp: null,
    errors: [],
    statuses: [],
    stop: () => Promise.resolve(),
  };
  tile.stop = start(tile);
  tiles.push(tile);
  return tile;
}

/** The web app's player; `liveEdgeMs` 0 plays without a live edge ([Note: playing at the live edge]). */
function playerFor(tile: Tile, liveEdgeMs: number): CanvasVideoPlayer {
  return new CanvasVideoPlayer(
    tile.canvas,
    (stats) => {
      tile.decoded = stats.decoded;
      tile.shown = stats.shown;
      sample(tile);
    },
    (message) => tile.errors.push(message),
    liveEdgeMs > 0 ? { liveEdgeMs } : {},
  );
}

/** Signs in with the bundle's keys and a TOTP code, as the sign-in page does. */
async function signIn(contents: BundleContents, totpCode: string): Promise<void> {
  const client = createClient({ transport: browserTransport() });
  await login(client, contents, totpCode);
  session = { client, identity: await identityFromBundle(contents) };
}

/** Adds `count` tiles watching `streamId` live. */
function watch(streamId: string, count: number, liveEdgeMs: number): void {
  const current = session;
  if (current === null) throw new Error('sign in first');
  const watches: WatchClient[] = [];
  for (let i = 0; i < count; i++) {
    addTile((tile) => {
      const player = playerFor(tile, liveEdgeMs);
      const client = new WatchClient({
        client: current.client,
        identity: current.identity,
        streamId,
        from: 'live',
        onFrame: async (frame) => {
          if (frame.payload === null) return;
          const pictures = frame.payload.packets.filter((packet) => packet.trackId === 0).length;
          if (!frame.catchUp && !frame.detached && pictures > 0) tile.arrivals.push(Date.now() - frame.captureTs);
          tile.received += pictures;
          await player.push(frame.payload);
        },
      });
      client.on('unreadable', (failure) => tile.errors.push(`unreadable ${failure.seq ?? '?'}: ${failure.reason}`));
      client.on('status', (status, error) => {
        tile.statuses.push(error === undefined ? status : `${status}: ${error.message}`);
        if (status === 'failed') tile.errors.push(`watch failed: ${error?.message ?? ''}`);
      });
      watches.push(client);
      return async () => {
        await client.close();
        player.close();
      };
    });
  }
  // Not awaited: the runner waits for pictures and reports each tile's statuses and errors.
  watches.forEach((client, i) => {
    client.start().catch((error: unknown) => {
      tiles.at(i - count)?.errors.push(`watch did not start: ${String(error)}`);
    });
  });
}

/** A local encode → decode loop with no network, crypto or server (see the file comment). */
async function floor(kind: 'webcodecs' | 'camera-encoder', liveEdgeMs = 0): Promise<void> {
  const camera = await navigator.mediaDevices.getUserMedia({
    video: { width: { ideal: STAMP_LAYOUT.width }, height: { ideal: STAMP_LAYOUT.height } },
    audio: kind === 'camera-encoder' ? { echoCancellation: false, noiseSuppression: true } : false,
  });
  if (kind === 'camera-encoder') {
    let encoder: CameraEncoder | null = null;
    addTile((tile) => {
      const player = playerFor(tile, liveEdgeMs);
      void CameraEncoder.start({
        stream: camera,
        codec: 'vp8',
        videoBitrate: 1_000_000,
        onItem: (item) => {
          const payload = decodeMediaPayload(item.payload);
          tile.received += payload.packets.filter((packet) => packet.trackId === 0).length;
          void player.push(payload);
        },
        onError: (error) => tile.errors.push(error.message),
      }).then((started) => (encoder = started));
      return async () => {
        await encoder?.stop();
        player.close();
        for (const track of camera.getTracks()) track.stop();
      };
    });
    return;
  }
  addTile((tile) => webCodecsLoop(tile, camera));
}

interface FrameReader {
  read(): Promise<{ done: boolean; value?: VideoFrame }>;
  cancel(): Promise<void>;
}
type TrackProcessor = new (init: { track: MediaStreamTrack }) => { readable: { getReader(): FrameReader } };

function webCodecsLoop(tile: Tile, camera: MediaStream): () => Promise<void> {
  const Processor = (globalThis as unknown as { MediaStreamTrackProcessor?: TrackProcessor }).MediaStreamTrackProcessor;
  const track = camera.getVideoTracks()[0];
  if (Processor === undefined || track === undefined) throw new Error('no MediaStreamTrackProcessor or no video track');
  const decoder = new VideoDecoder({
    output: (frame) => {
      tile.context.drawImage(frame, 0, 0, tile.canvas.width, tile.canvas.height);
      frame.close();
      tile.decoded += 1;
      tile.shown += 1;
      sample(tile);
    },
    error: (error) => tile.errors.push(error.message),
  });
  decoder.configure({ codec: 'vp8', codedWidth: STAMP_LAYOUT.width, codedHeight: STAMP_LAYOUT.height });
  const encoder = new VideoEncoder({
    output: (chunk) => {
      tile.received += 1;
      decoder.decode(chunk);
    },
    error: (error) => tile.errors.push(error.message),
  });
  encoder.configure({
    codec: 'vp8',
    width: STAMP_LAYOUT.width,
    height: STAMP_LAYOUT.height,
    bitrate: 1_000_000,
    framerate: STAMP_LAYOUT.framerate,
    latencyMode: 'realtime',
  });
  const reader = new Processor({ track }).readable.getReader();
  const state = { stopped: false };
  let lastKeyMs = -Infinity;
  void (async () => {
    while (!state.stopped) {
      const { done, value } = await reader.read();
      if (done || value === undefined) break;
      // Same rules as CameraEncoder: skip a picture while three wait, a keyframe every second.
      if (encoder.encodeQueueSize < 3) {
        const keyFrame = performance.now() - lastKeyMs >= 1000;
        if (keyFrame) lastKeyMs = performance.now();
        encoder.encode(value, { keyFrame });
      }
      value.close();
    }
  })();
  return async () => {
    state.stopped = true;
    await reader.cancel();
    encoder.close();
    decoder.close();
    track.stop();
  };
}

/** The samples since the last drain and the running counts, per tile. */
function drain(): TileReport[] {
  return tiles.map((tile) => {
    const { latencies, arrivals } = tile;
    tile.latencies = [];
    tile.arrivals = [];
    return {
      latencies,
      arrivals,
      misreads: tile.misreads,
      received: tile.received,
      decoded: tile.decoded,
      shown: tile.shown,
      errors: [...tile.errors],
      statuses: [...tile.statuses],
    };
  });
}

/** Pictures drawn so far, per tile (without draining). */
function shown(): number[] {
  return tiles.map((tile) => tile.shown);
}

/** Stops and removes every tile. */
async function reset(): Promise<void> {
  for (const tile of tiles.splice(0)) {
    await tile.stop();
    tile.canvas.remove();
  }
}

export const seccamBench = { signIn, watch, floor, drain, shown, reset };
export type SeccamBench = typeof seccamBench;
(window as unknown as { seccamBench: SeccamBench }).seccamBench = seccamBench;
