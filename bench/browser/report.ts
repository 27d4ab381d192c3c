/**
 * Writes what `npm run bench:browser` measured: bench/results-browser.json (everything) and
 * bench/RESULTS-BROWSER.md (the table the README summarises).
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Stats } from '../stats.ts';
import { CLIP } from './feeder-control.ts';
import type { CpuSample } from './process-cpu.ts';
import { STAMP_LAYOUT } from './stamp.ts';
import type { WallPhaseResult } from './wall-phase.ts';

const RESULTS_DIR = fileURLToPath(new URL('..', import.meta.url));

/** A phase on the bench page (dispatcher-page.ts). */
export interface PhaseResult {
  seconds: number;
  latencyMs: Stats;
  /** From a frame's signed capture time to its arrival at the dispatcher (before decoding and playout). */
  arrivalMs: Stats;
  /** The glass-to-glass median of each second: flat when the viewer keeps up, rising when it falls behind. */
  perSecondP50Ms: number[];
  /** Per tile: pictures received, decoded and drawn per second over the phase. */
  tiles: { receivedFps: number; decodedFps: number; shownFps: number; misreads: number }[];
  cpu: Record<string, CpuSample>;
  errors: string[];
}

export interface Report {
  seconds: number;
  liveEdgeMs: number;
  single: PhaseResult;
  /** 16 tiles of the record page's stream, its Chromium on the same cores. */
  wall: PhaseResult;
  floor: PhaseResult;
  local: PhaseResult;
  /** The /wall page with 1 and 16 drivers in the feeder process. */
  feederSingle: WallPhaseResult;
  feederWall: WallPhaseResult;
  load: { before: string; during: string; after: string };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

const pair = (s: Stats): string => `${s.p50} / ${s.p95}`;

export function writeReport(r: Report): void {
  const date = new Date().toISOString();
  const cores = availableParallelism();
  const result = {
    date,
    machine: {
      node: process.version,
      platform: process.platform,
      cores,
      loadAverageBefore: r.load.before,
      loadAverageBeforeWall: r.load.during,
      loadAverageAfter: r.load.after,
      database: r.feederWall.cpu.database === null ? 'PGlite, in the API process' : 'PostgreSQL (DATABASE_URL), a database of its own',
    },
    camera: { ...STAMP_LAYOUT, codec: 'vp8', videoBitrate: 1_000_000, frames: 'grouped, 100 ms' },
    feederClip: { ...CLIP, codec: 'vp8 (libvpx realtime), no audio', keyframeEverySeconds: 1 },
    playerLiveEdgeMs: r.liveEdgeMs,
    glassToGlassMs: { seccam: r.single, baselineWebCodecsOnly: r.floor, baselineRecorderPipelineNoNetwork: r.local },
    wall: { driversInNode: r.feederWall, baselineOneTile: r.feederSingle, worstCaseDriverChromiumOnSameCores: r.wall },
  };
  writeFileSync(join(RESULTS_DIR, 'results-browser.json'), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(RESULTS_DIR, 'RESULTS-BROWSER.md'), markdown(r, date, cores));
  process.stdout.write(markdown(r, date, cores));
}

/** The RESULTS-BROWSER.md text of a run. */
export function markdown(r: Report, date: string, cores: number): string {
  const cpu = (phase: PhaseResult, name: string): number => phase.cpu[name]?.percentOfOneCore ?? NaN;
  const shownFps = r.wall.tiles.map((tile) => tile.shownFps);
  const sentFps = median(r.wall.tiles.map((tile) => tile.receivedFps));
  const fw = r.feederWall;
  const fs = r.feederSingle;
  const drawn = fw.tiles.map((t) => t.drawnFps);
  const tileP50 = fw.tiles.map((t) => t.behindLiveMs.p50);
  const tileP95 = fw.tiles.map((t) => t.behindLiveMs.p95);
  const n = fw.tileCount;
  return [
    `# Browser benchmark results (${date}, Chromium, ${cores} cores, load average ${r.load.before} → ${r.load.during} before the ${n}-tile wall → ${r.load.after})`,
    '',
    `Camera: a canvas drawing the time, ${STAMP_LAYOUT.width}×${STAMP_LAYOUT.height} at ${STAMP_LAYOUT.framerate} fps; VP8 1 Mbit/s, 100 ms frames (the record page's defaults).`,
    `Players' live edge: ${r.liveEdgeMs > 0 ? `${r.liveEdgeMs} ms` : 'off'}. Glass-to-glass = the dispatcher's clock when a picture is on its canvas − the time drawn in it. Baselines run in the same run, in the dispatcher's Chromium.`,
    '',
    '| measure | SecCam | baseline | baseline is |',
    '|---|---|---|---|',
    `| glass-to-glass p50 / p95 (ms), 1 tile, ${r.single.seconds} s | ${pair(r.single.latencyMs)} | ${pair(r.floor.latencyMs)} | canvas → WebCodecs VP8 encode → decode → canvas in one page (the floor) |`,
    `| | | ${pair(r.local.latencyMs)} | the record page's CameraEncoder (100 ms frames) → CanvasVideoPlayer in one page: no sealing, network or server |`,
    `| capture → arrival at the dispatcher p50 / p95 (ms): signed capture time to the verified frame, before decoding and playout | ${pair(r.single.arrivalMs)} | | |`,
    `| driver Chromium CPU while recording (% of one core) | ${cpu(r.single, 'driver')} | ${cpu(r.local, 'dispatcher')} | encode + decode + draw in one page, no sealing or upload |`,
    '',
    `## The ${n}-tile wall: the app's /wall page, ${n} drivers in a Node process`,
    '',
    `The dispatcher's Chromium opens the web app's \`/wall\` (1920×1080), signed in through the sign-in page; ${n} drivers, each its own account sharing with the dispatcher, record in one Node process with the SDK's Recorder (sealing, signing, upload): a clip encoded once by ffmpeg (VP8 ${CLIP.width}×${CLIP.height}, ${CLIP.framerate} pictures/s, a keyframe every second, ${CLIP.videoBitrate / 1e6} Mbit/s, no sound), replayed in real time, one sealed frame per picture as the record page's 100 ms frames. Behind live = the dispatcher's clock when a tile draws a picture − the capture time the driver signed for it (everything but the camera's encoding).`,
    '',
    '| measure | SecCam | baseline | baseline is |',
    '|---|---|---|---|',
    `| behind live p50 / p95 (ms), all pictures of all tiles, ${fw.seconds} s | ${pair(fw.behindLiveMs)} | ${pair(fs.behindLiveMs)} | the same page with 1 tile (1 driver), ${fs.seconds} s |`,
    `| behind live per tile: p50 min–max / p95 min–max (ms) | ${Math.min(...tileP50)}–${Math.max(...tileP50)} / ${Math.min(...tileP95)}–${Math.max(...tileP95)} | | |`,
    `| behind live, median of each second: first / last (ms) | ${fw.perSecondP50Ms[0] ?? NaN} / ${fw.perSecondP50Ms.at(-1) ?? NaN} | | flat when the wall keeps up |`,
    `| pictures drawn per second per tile, min / median | ${Math.min(...drawn)} / ${median(drawn)} | ${CLIP.framerate} | pictures each driver sends per second (${median(fw.tiles.map((t) => t.pushedFps))} sealed frames/s) |`,
    `| dispatcher Chromium CPU (% of one core) | ${fw.cpu.dispatcher.percentOfOneCore} | ${fs.cpu.dispatcher.percentOfOneCore} | 1 tile |`,
    `| feeder process CPU, ${n} drivers sealing and uploading (% of one core) | ${fw.cpu.feeder.percentOfOneCore} | ${fs.cpu.feeder.percentOfOneCore} | 1 driver |`,
    `| API (and the bench runner) CPU (% of one core) | ${fw.cpu.apiAndRunner.percentOfOneCore} | ${fs.cpu.apiAndRunner.percentOfOneCore} | 1 driver, 1 tile |`,
    `| ${fw.cpu.database === null ? 'database: PGlite, inside the API process (counted above)' : "PostgreSQL backends of the run's database CPU (% of one core)"} | ${fw.cpu.database?.percentOfOneCore ?? '–'} | ${fs.cpu.database?.percentOfOneCore ?? '–'} | 1 driver, 1 tile |`,
    `| feeder lateness: push time − capture time p50 / p95 (ms), in behind live | ${pair(fw.feederLateMs)} | ${pair(fs.feederLateMs)} | 1 driver |`,
    '',
    `Per tile (p50 / p95 ms, pictures drawn/s): ${fw.tiles.map((t) => `${t.behindLiveMs.p50} / ${t.behindLiveMs.p95}, ${t.drawnFps}`).join('; ')}.`,
    '',
    `## Worst case: ${r.wall.tiles.length} tiles of the record page's stream, the driver's Chromium on the same 2 cores`,
    '',
    '| measure | SecCam | baseline | baseline is |',
    '|---|---|---|---|',
    `| glass-to-glass p50 / p95 (ms), all tiles, ${r.wall.seconds} s | ${pair(r.wall.latencyMs)} | ${pair(r.single.latencyMs)} | 1 tile |`,
    `| glass-to-glass, median of each second: first / last (ms) | ${r.wall.perSecondP50Ms[0] ?? NaN} / ${r.wall.perSecondP50Ms.at(-1) ?? NaN} | | |`,
    `| pictures drawn per second per tile, min / median | ${Math.min(...shownFps)} / ${median(shownFps)} | ${sentFps} | pictures the driver sent per second |`,
    `| dispatcher Chromium CPU (% of one core) | ${cpu(r.wall, 'dispatcher')} | ${cpu(r.single, 'dispatcher')} | the same page with 1 tile |`,
    `| driver Chromium CPU (% of one core) | ${cpu(r.wall, 'driver')} | | |`,
    `| API (and the bench runner) CPU (% of one core) | ${cpu(r.wall, 'apiAndRunner')} | ${cpu(r.single, 'apiAndRunner')} | 1 tile |`,
    '',
  ].join('\n');
}
