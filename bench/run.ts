/**
 * `npm run bench`: live path performance through the real server, each figure next to a baseline
 * measured in the same run on the same machine.
 *
 * - relay latency: a frame sent by the driver until a live viewer receives it. Baseline: a bare
 *   TLS 1.3 WebSocket relay (same `ws` library, no verification, no storage).
 * - ingest throughput: verified, stored and acked frames per second on one connection.
 *   Baseline: the same bare relay's throughput.
 * - sealing: per-frame client cost of encrypt + chain hash + sign. Baseline: AES-GCM alone.
 *
 * Results go to bench/results.json and bench/RESULTS.md (summarised in the README).
 *
 * `npm run bench` runs this single-stream benchmark and then the fleet one (fleet/run.ts);
 * `npm run bench -- single` or `npm run bench -- fleet [--quick]` runs one of them.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { login } from '@seccam/device';
import { WebSocket, WebSocketServer } from 'ws';
import {
  clientFor,
  createReadyAccount,
  driverAccount,
  FrameSealer,
  startStream,
  startTestApi,
  type TestApi,
  TestSocket,
} from '@seccam/testkit';
import { encodeMediaPayload } from '@seccam/schema';
import { runFleet } from './fleet/run.ts';
import { stats } from './stats.ts';

const FRAMES = Number(process.env.BENCH_FRAMES ?? 400);
const PAYLOAD_BYTES = 16 * 1024; // ≈ 100 ms of 1.3 Mbit/s video
const RATE_HZ = 10; // frames per second in the latency runs (a live dashcam)

const log = (msg: string): void => {
  process.stderr.write(`${msg}\n`);
};

function payload(seq: number): Uint8Array {
  const data = new Uint8Array(PAYLOAD_BYTES).fill(seq & 0xff);
  return encodeMediaPayload({
    tracks: [],
    packets: [{ trackId: 0, key: seq % 10 === 0, timestampUs: seq * 100_000, durationUs: 100_000, data }],
  });
}

/** A bare relay: what a WebSocket fan-out costs with no verification and no storage. */
async function baselineRelay(api: TestApi, frames: Uint8Array[], paced: boolean): Promise<{ latencies: number[]; seconds: number }> {
  const server = createServer({
    cert: api.pki.serverCertPem,
    key: api.pki.serverKeyPem,
    ca: [...api.pki.intermediatePems, api.pki.rootPem],
    minVersion: 'TLSv1.3',
  });
  const wss = new WebSocketServer({ server, maxPayload: 8 * 1024 * 1024 });
  const viewers = new Set<WebSocket>();
  wss.on('connection', (ws, req) => {
    if (req.url === '/view') viewers.add(ws);
    else
      ws.on('message', (data) => {
        for (const v of viewers) v.send(data as Buffer);
        ws.send('ack');
      });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const open = (path: string): Promise<WebSocket> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(`wss://localhost:${port}${path}`, { ca: api.pki.rootPem });
      ws.once('open', () => {
        resolve(ws);
      });
      ws.once('error', reject);
    });
  const viewer = await open('/view');
  await new Promise((r) => setTimeout(r, 50));
  const driver = await open('/send');
  const sentAt: number[] = [];
  const latencies: number[] = [];
  const done = new Promise<void>((resolve) => {
    viewer.on('message', () => {
      latencies.push(performance.now() - (sentAt[latencies.length] ?? 0));
      if (latencies.length === frames.length) resolve();
    });
  });
  const t0 = performance.now();
  for (const f of frames) {
    sentAt.push(performance.now());
    driver.send(f);
    if (paced) await new Promise((r) => setTimeout(r, 1000 / RATE_HZ));
  }
  await done;
  const seconds = (performance.now() - t0) / 1000;
  viewer.close();
  driver.close();
  wss.close();
  server.close();
  return { latencies, seconds };
}

async function seccamRelay(api: TestApi, frames: Uint8Array[], streamId: string, client: ReturnType<typeof clientFor>, paced: boolean) {
  const viewer = await TestSocket.open(api, '/ws/watch', client);
  viewer.send({ type: 'subscribe', streamId, from: 'live' });
  await viewer.until((x) => x.message('subscribed') !== undefined);
  const ingest = await TestSocket.open(api, '/ws/ingest', client);
  ingest.send({ type: 'hello', streamId });
  await ingest.until((x) => x.message('resume') !== undefined);
  const sentAt: number[] = [];
  const latencies: number[] = [];
  viewer.ws.on('message', (_d, isBinary) => {
    if (isBinary) latencies.push(performance.now() - (sentAt[latencies.length] ?? 0));
  });
  const t0 = performance.now();
  for (const f of frames) {
    sentAt.push(performance.now());
    ingest.sendFrame(f);
    if (paced) await new Promise((r) => setTimeout(r, 1000 / RATE_HZ));
  }
  await ingest.until((x) => x.lastAck() === frames.length - 1, 120_000);
  await viewer.until(() => latencies.length === frames.length, 120_000);
  const seconds = (performance.now() - t0) / 1000;
  ingest.ws.close();
  viewer.ws.close();
  return { latencies, seconds };
}

/** Baseline for sealing: AES-256-GCM encryption of the same payloads and nothing else. */
async function aesGcmOnly(n: number): Promise<number[]> {
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt']);
  const aesOnly: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = payload(i);
    const t = performance.now();
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv: new Uint8Array(12).fill(i & 0xff) }, key, new Uint8Array(p));
    aesOnly.push(performance.now() - t);
  }
  return aesOnly;
}

async function main(): Promise<void> {
  const which = process.argv[2];
  if (which !== 'fleet') await single();
  if (which !== 'single') await runFleet(process.argv.slice(3));
}

async function single(): Promise<void> {
  log(`SecCam bench: ${FRAMES} frames of ${PAYLOAD_BYTES} B payload`);
  const api = await startTestApi();
  const account = await createReadyAccount(api, driverAccount());
  const client = clientFor(api);
  await login(client, account.contents, account.nextCode);

  const seal = async (count: number) => {
    const stream = await startStream(client);
    const sealer = await FrameSealer.forAccount(stream, account.contents);
    const times: number[] = [];
    const frames: Uint8Array[] = [];
    for (let i = 0; i < count; i++) {
      const t = performance.now();
      frames.push(await sealer.next({ payload: payload(i) }));
      times.push(performance.now() - t);
    }
    return { stream, frames, times };
  };

  log('1/4 sealing cost…');
  const sealed = await seal(FRAMES);
  const aesOnly = await aesGcmOnly(FRAMES);

  log('2/4 throughput (unpaced)…');
  const baseFast = await baselineRelay(api, sealed.frames, false);
  const fast = await seccamRelay(api, sealed.frames, sealed.stream.id, client, false);

  log(`3/4 latency at ${RATE_HZ} frames/s…`);
  const pacedCount = Math.min(FRAMES, 150);
  const pacedFrames = await seal(pacedCount);
  const basePaced = await baselineRelay(api, pacedFrames.frames, true);
  const paced = await seccamRelay(api, pacedFrames.frames, pacedFrames.stream.id, client, true);

  log('4/4 writing results…');
  const result = {
    date: new Date().toISOString(),
    machine: { node: process.version, platform: process.platform, database: api.db.database.kind },
    frames: FRAMES,
    payloadBytes: PAYLOAD_BYTES,
    sealingMs: { seccam: stats(sealed.times), baselineAesGcmOnly: stats(aesOnly) },
    throughputFramesPerSecond: {
      seccam: Math.round(FRAMES / fast.seconds),
      baselineBareRelay: Math.round(FRAMES / baseFast.seconds),
    },
    liveLatencyMs: { rateHz: RATE_HZ, seccam: stats(paced.latencies), baselineBareRelay: stats(basePaced.latencies) },
  };
  writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
  const md = [
    `# Benchmark results (${result.date}, ${result.machine.node}, ${result.machine.database})`,
    '',
    `${FRAMES} frames of ${PAYLOAD_BYTES} B payload; latency runs at ${RATE_HZ} frames/s. Baselines run in the same process.`,
    '',
    '| measure | SecCam | baseline | baseline is |',
    '|---|---|---|---|',
    `| live latency p50 / p95 (ms) | ${result.liveLatencyMs.seccam.p50} / ${result.liveLatencyMs.seccam.p95} | ${result.liveLatencyMs.baselineBareRelay.p50} / ${result.liveLatencyMs.baselineBareRelay.p95} | bare TLS WebSocket relay, no checks, no storage |`,
    `| ingest throughput (frames/s, one connection) | ${result.throughputFramesPerSecond.seccam} | ${result.throughputFramesPerSecond.baselineBareRelay} | same bare relay |`,
    `| sealing per frame p50 (ms) | ${result.sealingMs.seccam.p50} | ${result.sealingMs.baselineAesGcmOnly.p50} | AES-GCM encryption alone |`,
    '',
  ].join('\n');
  writeFileSync(new URL('./RESULTS.md', import.meta.url), md);
  process.stdout.write(`${md}\n`);
  await api.stop();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
