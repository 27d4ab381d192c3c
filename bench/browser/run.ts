/**
 * `npm run bench:browser [-- --seconds N]`: glass-to-glass latency and the CPU of a 16-tile wall
 * in real Chromium, through the real server, each figure beside a baseline from the same run.
 * With `DATABASE_URL` the API stores in a fresh database on that PostgreSQL server (as a
 * deployment does) instead of PGlite inside its own process.
 *
 * - Driver: the web app's record page in its own Chromium, signed in through the sign-in page,
 *   its camera a canvas drawing the time ([Note: a clock drawn in the picture]); it seals and
 *   uploads as it does for a person (VP8, 480p, 1 Mbit/s, 100 ms frames).
 * - Dispatcher: a second Chromium with the bench page (dispatcher-page.ts) on the API's origin:
 *   the SDK's WatchClient → the web app's CanvasVideoPlayer, the stamp read from every picture
 *   drawn. Glass-to-glass = the viewer's clock when the picture is on its canvas − the stamp.
 * - Phases 1–4: the two baselines in the dispatcher's browser for N/2 s each (see
 *   dispatcher-page.ts), before the driver starts; one tile for N s (default 60); then the worst
 *   case, 16 tiles (16 watches of the live stream, each verifying, decrypting, decoding and
 *   drawing on its own) for N/2 s, the driver's Chromium on the same cores.
 * - Phases 5–6, the wall as a dispatcher's laptop runs it (wall-phase.ts): the app's /wall page,
 *   1 driver for N/2 s, then 16 drivers for N s, recorded by the SDK in a Node process of their
 *   own (feeder.ts), so no driver's browser shares the cores; behind live from the signed capture
 *   time ([Note: capture time of a replayed clip]). `--wall-only [--tiles K]` runs only these
 *   and writes nothing (for work on the wall).
 * - CPU: user + system time of every process of each Chromium (browser, GPU, renderers,
 *   utilities), of the feeder, of the runner (the API) and of the database's backends, from
 *   /proc, as % of one core over the phase.
 *
 * Results go to bench/results-browser.json and bench/RESULTS-BROWSER.md (summarised in the README).
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGrant, fetchMyStreams, identityFromBundle, sealBundle } from '@seccam/device';
import {
  CHROMIUM_ARGS,
  clientFor,
  createReadyAccount,
  dispatcherAccount,
  driverAccount,
  freePort,
  launchChromium,
  MemoryMailer,
  startTestApi,
  TEST_ORIGIN,
  type TestApi,
} from '@seccam/testkit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { cpuSeconds, type CpuSample } from './process-cpu.ts';
import type { SeccamBench, TileReport } from './dispatcher-page.ts';
import { encodeClip } from './feeder-control.ts';
import { writeReport, type PhaseResult, type Report } from './report.ts';
import { installCanvasCamera, STAMP_LAYOUT } from './stamp.ts';
import { measureWall, type WallPhaseResult } from './wall-phase.ts';
import { stats } from '../stats.ts';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));
const PASSWORD = 'plum river glass orbit lantern';
const WALL_TILES = 16;
const WARM_UP_MS = 3000;
const LIVE_EDGE_MS = 150;

type BenchWindow = { seccamBench: SeccamBench };

const log = (msg: string): void => {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${msg}\n`);
};
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function numberArgument(name: string, fallback: number, min: number): number {
  const at = process.argv.indexOf(name);
  const value = at === -1 ? fallback : Number(process.argv[at + 1]);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} takes a number ≥ ${min} (default ${fallback})`);
  return value;
}

/**
 * Bundles the dispatcher page with Vite into `<webRoot>/bench/`, so the API serves it on its own
 * origin like the app (a Playwright route would do too, but Chromium's WebSockets then fail TLS
 * with `ignoreHTTPSErrors`).
 */
async function buildBenchPage(dir: string, webRoot: string): Promise<void> {
  const src = join(dir, 'bench-src');
  await mkdir(src, { recursive: true });
  await writeFile(
    join(src, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>bench</title><script type="module" src="./main.ts"></script>\n',
  );
  await writeFile(join(src, 'main.ts'), `import ${JSON.stringify(join(BENCH_DIR, 'dispatcher-page.ts'))};\n`);
  await build({
    root: src,
    base: '/bench/',
    configFile: false,
    logLevel: 'warn',
    build: { outDir: join(webRoot, 'bench'), emptyOutDir: true, chunkSizeWarningLimit: 4096 },
  });
}

/** A Chromium whose processes can be found by `role` ({@link cpuSeconds}), with the canvas camera in every page. */
async function benchBrowser(role: string): Promise<{ browser: Browser; context: BrowserContext; page: Page }> {
  const browser = await launchChromium({ args: [...CHROMIUM_ARGS, `--seccam-bench-role=${role}`] });
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 800 } });
  // tsx names functions with esbuild's __name helper, which the page does not have.
  await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  await context.addInitScript(installCanvasCamera, STAMP_LAYOUT);
  context.on('weberror', (error) => {
    log(`[${role}] page error: ${error.error().message}`);
  });
  return { browser, context, page: await context.newPage() };
}

/** Waits for every tile to draw, warms up, then samples `seconds` of latencies, counts and CPU. */
async function measure(page: Page, seconds: number, browsers: Record<string, string>): Promise<PhaseResult> {
  const drain = (): Promise<TileReport[]> => page.evaluate(() => (window as unknown as BenchWindow).seccamBench.drain());
  await page
    .waitForFunction(() => (window as unknown as BenchWindow).seccamBench.shown().every((n) => n > 0), undefined, { timeout: 90_000 })
    .catch(async (error: unknown) => {
      throw new Error(`not every tile shows a picture: ${JSON.stringify(await drain())}`, { cause: error });
    });
  await sleep(WARM_UP_MS);
  const first = await drain();
  const cpuBefore = Object.fromEntries(Object.entries(browsers).map(([name, role]) => [name, cpuSeconds(role)]));
  const apiBefore = process.cpuUsage();
  const t0 = performance.now();
  const latencies: number[] = [];
  const arrivals: number[] = [];
  const perSecond: number[] = [];
  let last = first;
  while (performance.now() - t0 < seconds * 1000) {
    await sleep(1000);
    last = await drain();
    for (const tile of last) {
      latencies.push(...tile.latencies);
      arrivals.push(...tile.arrivals);
    }
    perSecond.push(
      stats(
        last.flatMap((tile) => tile.latencies),
        1,
      ).p50,
    );
  }
  const elapsed = (performance.now() - t0) / 1000;
  const api = process.cpuUsage(apiBefore);
  const cpu: Record<string, CpuSample> = {};
  for (const [name, role] of Object.entries(browsers)) cpu[name] = cpuSeconds(role).since(cpuBefore[name], elapsed);
  cpu.apiAndRunner = { percentOfOneCore: Math.round(((api.user + api.system) / 1e6 / elapsed) * 1000) / 10, byType: {} };
  const rate = (now: number, before: number | undefined): number => Math.round(((now - (before ?? 0)) / elapsed) * 10) / 10;
  return {
    seconds: Math.round(elapsed),
    latencyMs: stats(latencies, 1),
    arrivalMs: stats(arrivals, 1),
    perSecondP50Ms: perSecond,
    tiles: last.map((tile, i) => ({
      receivedFps: rate(tile.received, first[i]?.received),
      decodedFps: rate(tile.decoded, first[i]?.decoded),
      shownFps: rate(tile.shown, first[i]?.shown),
      misreads: tile.misreads - (first[i]?.misreads ?? 0),
    })),
    cpu,
    errors: [...new Set(last.flatMap((tile) => tile.errors))],
  };
}

/** The driver signs in on the sign-in page, grants the dispatcher, and starts recording on /record. */
async function startDriver(api: TestApi, origin: string, dir: string, dispatcherName: string) {
  const driver = await createReadyAccount(api, driverAccount());
  const bundlePath = join(dir, `${driver.contents.username}.sec.json`);
  await writeFile(bundlePath, JSON.stringify(await sealBundle(driver.contents, PASSWORD)));
  const side = await benchBrowser('driver');
  const { page } = side;
  await page.goto(`${origin}/login?next=%2Frecord`);
  await page.getByLabel('Your key bundle (.sec.json)').setInputFiles(bundlePath);
  await page.getByLabel('Bundle password').fill(PASSWORD);
  await page.getByLabel('Code from your authenticator').fill(driver.nextCode);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${origin}/record`, { timeout: 30_000 });
  const client = clientFor(api, origin);
  for (const cookie of await side.context.cookies(origin)) client.cookies.set(cookie.name, cookie.value);
  await createGrant(client, await identityFromBundle(driver.contents), { dispatcher: dispatcherName, scope: 'all' });
  await page.getByRole('heading', { name: 'Record' }).waitFor();
  await page.getByRole('button', { name: 'Start recording' }).click();
  await page.locator('#record-connection', { hasText: 'Live' }).waitFor({ timeout: 30_000 });
  const live = (await fetchMyStreams(client)).find((stream) => stream.endedAt === null);
  if (live === undefined) throw new Error('the record page is live but no stream of the driver is open');
  return { ...side, streamId: live.id };
}

async function main(): Promise<void> {
  const seconds = numberArgument('--seconds', 60, 5);
  // The players' live edge ([Note: playing at the live edge]); 0 plays as before it existed.
  const liveEdgeMs = numberArgument('--live-edge-ms', LIVE_EDGE_MS, 0);
  // Only the feeder's wall phases, printed and not written (while working on the wall).
  const wallOnly = process.argv.includes('--wall-only');
  const wallTiles = numberArgument('--tiles', WALL_TILES, 1);
  const shortSeconds = Math.max(5, Math.round(seconds / 2));
  const dir = await mkdtemp(join(tmpdir(), 'seccam-bench-browser-'));
  log(`building the web app and the bench page, encoding the feeder's clip (phases: ${seconds} s, then ${shortSeconds} s each)…`);
  const outDir = join(dir, 'dist');
  await build({ root: WEB_DIR, configFile: join(WEB_DIR, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  await buildBenchPage(dir, outDir);
  const clip = encodeClip(dir);
  const port = await freePort();
  const origin = `https://localhost:${port}`;
  const api = await startTestApi({
    port,
    mailer: new MemoryMailer(),
    env: { WEB_ROOT: outDir, PUBLIC_ORIGIN: origin, ALLOWED_ORIGINS: TEST_ORIGIN },
  });
  const loadBefore = loadAverage();
  const benchPage = wallOnly ? null : await benchPagePhases(api, origin, dir, { seconds, shortSeconds, liveEdgeMs });

  const wallOptions = { api, origin, dir, clip, log };
  log(`5/6 the /wall page, 1 driver in the feeder process, for ${shortSeconds} s…`);
  const feederSingle = await measureWall({ ...wallOptions, tiles: 1, seconds: shortSeconds });
  log(`   ${JSON.stringify(wallSummary(feederSingle))}`);
  const loadDuring = loadAverage();
  log(`6/6 the /wall page, ${wallTiles} drivers in the feeder process, for ${seconds} s (load average ${loadDuring})…`);
  const feederWall = await measureWall({ ...wallOptions, tiles: wallTiles, seconds });
  log(`   ${JSON.stringify(wallSummary(feederWall))}`);
  log(`   per tile p50/p95/fps: ${JSON.stringify(feederWall.tiles.map((t) => [t.behindLiveMs.p50, t.behindLiveMs.p95, t.drawnFps]))}`);
  log(`   per second p50: ${JSON.stringify(feederWall.perSecondP50Ms)}`);

  const loadAfter = loadAverage();
  await api.stop();
  await rm(dir, { recursive: true, force: true });
  if (benchPage === null) return;
  writeReport({
    seconds,
    liveEdgeMs,
    ...benchPage,
    feederSingle,
    feederWall,
    load: { before: loadBefore, during: loadDuring, after: loadAfter },
  });
}

function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

function wallSummary(r: WallPhaseResult): unknown {
  const drawn = r.tiles.map((t) => t.drawnFps);
  return {
    behindLive: r.behindLiveMs,
    drawnFps: { min: Math.min(...drawn), max: Math.max(...drawn) },
    cpu: {
      dispatcher: r.cpu.dispatcher,
      feeder: r.cpu.feeder.percentOfOneCore,
      api: r.cpu.apiAndRunner.percentOfOneCore,
      database: r.cpu.database?.percentOfOneCore,
    },
    feederLate: r.feederLateMs,
    errors: r.errors,
  };
}

/** Phases 1–4 on the bench page: the two baselines, then one and 16 tiles of a driver's record page in Chromium. */
async function benchPagePhases(
  api: TestApi,
  origin: string,
  dir: string,
  { seconds, shortSeconds, liveEdgeMs }: { seconds: number; shortSeconds: number; liveEdgeMs: number },
): Promise<Pick<Report, 'single' | 'wall' | 'floor' | 'local'>> {
  log('dispatcher: signing in on the bench page…');
  const dispatcher = await createReadyAccount(api, dispatcherAccount());
  const watcher = await benchBrowser('dispatcher');
  const page = watcher.page;
  await page.goto(`${origin}/bench/index.html`);
  await page.waitForFunction(() => 'seccamBench' in window);
  await page.evaluate(([contents, code]) => (window as unknown as BenchWindow).seccamBench.signIn(contents, code), [
    dispatcher.contents,
    dispatcher.nextCode,
  ] as const);

  // The baselines first, while nothing else of the bench runs (the wall's backlog would slow them).
  log(`1/6 baseline: WebCodecs encode → decode in one page for ${shortSeconds} s…`);
  await page.evaluate(() => (window as unknown as BenchWindow).seccamBench.floor('webcodecs'));
  const floor = await measure(page, shortSeconds, { dispatcher: 'dispatcher' });
  log(`   ${JSON.stringify(floor.latencyMs)}`);
  await page.evaluate(() => (window as unknown as BenchWindow).seccamBench.reset());

  log(`2/6 baseline: CameraEncoder → CanvasVideoPlayer in one page for ${shortSeconds} s…`);
  await page.evaluate((edge) => (window as unknown as BenchWindow).seccamBench.floor('camera-encoder', edge), liveEdgeMs);
  const local = await measure(page, shortSeconds, { dispatcher: 'dispatcher' });
  log(`   ${JSON.stringify(local.latencyMs)}`);
  await page.evaluate(() => (window as unknown as BenchWindow).seccamBench.reset());

  log('driver: signing in on the record page and recording…');
  const driver = await startDriver(api, origin, dir, dispatcher.contents.username);
  const both = { dispatcher: 'dispatcher', driver: 'driver' };

  log(`3/6 one tile for ${seconds} s…`);
  await page.evaluate(
    ([id, edge]) => {
      (window as unknown as BenchWindow).seccamBench.watch(id, 1, edge);
    },
    [driver.streamId, liveEdgeMs] as const,
  );
  const single = await measure(page, seconds, both);
  log(`   ${JSON.stringify({ g2g: single.latencyMs, arrival: single.arrivalMs, tiles: single.tiles })}`);

  log(`4/6 worst case: ${WALL_TILES} tiles of that driver, its Chromium on the same cores, for ${shortSeconds} s…`);
  await page.evaluate(
    ([id, more, edge]) => {
      (window as unknown as BenchWindow).seccamBench.watch(id, more, edge);
    },
    [driver.streamId, WALL_TILES - 1, liveEdgeMs] as const,
  );
  const wall = await measure(page, shortSeconds, both);
  log(
    `   ${JSON.stringify({ g2g: wall.latencyMs, perSecond: wall.perSecondP50Ms, cpu: wall.cpu, shownFps: wall.tiles.map((t) => t.shownFps) })}`,
  );
  await driver.browser.close();
  await watcher.browser.close();
  return { single, wall, floor, local };
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench:browser failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
