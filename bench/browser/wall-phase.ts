/**
 * The wall as a dispatcher runs it, for `npm run bench:browser`: the web app's own `/wall` page
 * in a Chromium of its own, signed in through the sign-in page, showing the live streams of N
 * drivers recorded by the feeder process (feeder.ts: the SDK's Recorder in Node, a pre-encoded
 * clip replayed in real time), so the drivers do not share the dispatcher's cores with a browser.
 *
 * Behind live = the page's clock when a picture is drawn − the picture's capture time, which the
 * driver signed ([Note: capture time of a replayed clip]); the draw probe (draw-probe.ts) sees
 * every picture a tile draws. CPU is measured apart for the dispatcher's Chromium (all its
 * processes), the feeder process, and the runner's process (the API and this runner, which
 * only polls once a second).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sealBundle } from '@seccam/device';
import {
  CHROMIUM_ARGS,
  createReadyAccount,
  dispatcherAccount,
  driverAccount,
  launchChromium,
  oathtoolCode,
  type TestApi,
} from '@seccam/testkit';
import type { Browser, Page } from 'playwright-core';
import { stats, type Stats } from '../stats.ts';
import { installDrawProbe, type DrawProbe } from './draw-probe.ts';
import { startFeeder, type Feeder } from './feeder-control.ts';
import type { FeederStream } from './feeder.ts';
import { cpuSeconds, cpuSecondsOfCommand, cpuSecondsOfProcess, type CpuReading, type CpuSample } from './process-cpu.ts';

const ROLE = 'wall';
const PASSWORD = 'plum river glass orbit lantern';
const WARM_UP_MS = 3000;
/** A dispatcher's screen. */
const VIEWPORT = { width: 1920, height: 1080 };

export interface WallTileResult {
  readonly driver: string;
  readonly behindLiveMs: Stats;
  /** Pictures the tile drew, per second. */
  readonly drawnFps: number;
  /** Frames the feeder sealed and pushed for the stream, per second (video and audio grouped, [Note: grouping packets into frames]). */
  readonly pushedFps: number;
}

export interface WallPhaseResult {
  readonly tileCount: number;
  readonly seconds: number;
  /** Every picture of every tile. */
  readonly behindLiveMs: Stats;
  /** The behind-live median of each second, all tiles: flat when the wall keeps up. */
  readonly perSecondP50Ms: number[];
  readonly tiles: WallTileResult[];
  readonly cpu: {
    readonly dispatcher: CpuSample;
    readonly feeder: CpuSample;
    readonly apiAndRunner: CpuSample;
    /** The PostgreSQL backends of the run's database (null on PGlite, which runs inside the API). */
    readonly database: CpuSample | null;
  };
  /** How late the feeder pushed frames after their capture time (counted in behind live). */
  readonly feederLateMs: Stats;
  readonly errors: string[];
}

type ProbeWindow = { seccamDrawProbe: DrawProbe };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface WallPhaseOptions {
  readonly api: TestApi;
  readonly origin: string;
  readonly dir: string;
  readonly clip: { readonly path: string; readonly clipUs: number };
  readonly tiles: number;
  readonly seconds: number;
  readonly log: (message: string) => void;
}

/** Starts `tiles` drivers in the feeder, opens /wall for a new dispatcher, measures `seconds`, stops everything. */
export async function measureWall(options: WallPhaseOptions): Promise<WallPhaseResult> {
  const { api, origin, dir, tiles } = options;
  const dispatcher = await createReadyAccount(api, dispatcherAccount());
  const drivers = await Promise.all(Array.from({ length: tiles }, () => createReadyAccount(api, driverAccount())));
  options.log(`   feeder: ${tiles} drivers signing in and recording…`);
  const feeder = await startFeeder({
    baseUrl: api.baseUrl,
    caPem: api.pki.rootPem,
    origin,
    clip: options.clip.path,
    clipUs: options.clip.clipUs,
    dispatcher: dispatcher.contents.username,
    drivers: drivers.map((d) => ({ contents: d.contents, totpSecret: d.totpSecret })),
  });
  let browser: Browser | undefined;
  try {
    browser = await launchChromium({ args: [...CHROMIUM_ARGS, `--seccam-bench-role=${ROLE}`] });
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: VIEWPORT });
    await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    await context.addInitScript(installDrawProbe);
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      options.log(`[wall] page error: ${error.message}`);
    });
    const bundlePath = join(dir, `${dispatcher.contents.username}.sec.json`);
    await writeFile(bundlePath, JSON.stringify(await sealBundle(dispatcher.contents, PASSWORD)));
    options.log(`   feeder: ${tiles} streams recording; the dispatcher signs in…`);
    await page.goto(`${origin}/login?next=%2Fwall`, { timeout: 120_000 });
    await page.getByLabel('Your key bundle (.sec.json)').setInputFiles(bundlePath);
    await page.getByLabel('Bundle password').fill(PASSWORD);
    // The next time step's code (the confirmation used one step; the feeder's start may have taken several).
    await page.getByLabel('Code from your authenticator').fill(oathtoolCode(dispatcher.totpSecret, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${origin}/wall`, { timeout: 120_000 });
    options.log(`   dispatcher signed in on /wall; waiting for ${tiles} tiles to show pictures…`);
    await waitForPictures(page, tiles);
    return await sample(page, feeder, options);
  } finally {
    await browser?.close();
    await feeder.stop();
  }
}

/** Waits until `tiles` tiles have decoded pictures. */
async function waitForPictures(page: Page, tiles: number): Promise<void> {
  await page
    .waitForFunction(
      (n) => {
        const all = [...document.querySelectorAll('li.wall-tile')];
        return all.length >= n && all.every((tile) => Number(tile.getAttribute('data-frames')) > 0);
      },
      tiles,
      { timeout: 120_000, polling: 500 },
    )
    .catch(async (error: unknown) => {
      const states = await page
        .locator('li.wall-tile')
        .evaluateAll((all) => all.map((t) => `${t.getAttribute('data-state')}:${t.getAttribute('data-frames')}`));
      throw new Error(`not every wall tile shows pictures: ${states.join(' ')}`, { cause: error });
    });
}

async function sample(page: Page, feeder: Feeder, options: WallPhaseOptions): Promise<WallPhaseResult> {
  const drain = () => page.evaluate(() => (window as unknown as ProbeWindow).seccamDrawProbe.drain());
  const byId = new Map<string, FeederStream>(feeder.streams.map((s) => [s.streamId, s]));
  await sleep(WARM_UP_MS);
  await drain();
  await feeder.report();
  const dbName = options.api.db.url === undefined ? null : new URL(options.api.db.url).pathname.slice(1);
  const database = (): CpuReading | null => (dbName === null ? null : cpuSecondsOfCommand(` ${dbName} `));
  const cpuBefore = { dispatcher: cpuSeconds(ROLE), feeder: cpuSecondsOfProcess(feeder.pid), database: database() };
  const apiBefore = process.cpuUsage();
  const t0 = performance.now();
  const behind = new Map<string, number[]>(feeder.streams.map((s) => [s.streamId, []]));
  const pushed = feeder.streams.map(() => 0);
  const late: number[] = [];
  const errors = new Set<string>();
  const perSecond: number[] = [];
  while (performance.now() - t0 < options.seconds * 1000) {
    await sleep(1000);
    const second: number[] = [];
    for (const [streamId, timestampUs, drawnAtMs] of await drain()) {
      const stream = byId.get(streamId);
      if (stream === undefined) continue;
      const ms = drawnAtMs - (stream.startMs + timestampUs / 1000);
      behind.get(streamId)?.push(ms);
      second.push(ms);
    }
    perSecond.push(stats(second, 0).p50);
    const report = await feeder.report();
    report.pushed.forEach((n, i) => (pushed[i] = (pushed[i] ?? 0) + n));
    late.push(...report.lateMs);
    for (const error of report.errors) errors.add(error);
  }
  const elapsed = (performance.now() - t0) / 1000;
  const api = process.cpuUsage(apiBefore);
  const rate = (n: number): number => Math.round((n / elapsed) * 10) / 10;
  return {
    tileCount: feeder.streams.length,
    seconds: Math.round(elapsed),
    behindLiveMs: stats([...behind.values()].flat(), 0),
    perSecondP50Ms: perSecond,
    tiles: feeder.streams.map((s, i) => {
      const samples = behind.get(s.streamId) ?? [];
      return { driver: s.driver, behindLiveMs: stats(samples, 0), drawnFps: rate(samples.length), pushedFps: rate(pushed[i] ?? 0) };
    }),
    cpu: {
      dispatcher: cpuSeconds(ROLE).since(cpuBefore.dispatcher, elapsed),
      feeder: cpuSecondsOfProcess(feeder.pid).since(cpuBefore.feeder, elapsed),
      apiAndRunner: { percentOfOneCore: Math.round(((api.user + api.system) / 1e6 / elapsed) * 1000) / 10, byType: {} },
      database: database()?.since(cpuBefore.database ?? undefined, elapsed) ?? null,
    },
    feederLateMs: stats(late, 1),
    errors: [...errors],
  };
}
