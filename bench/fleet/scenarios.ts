/**
 * The fleet scenarios, each against SecCam and the same-run baselines:
 * - paced: N streams × 10 frames/s × 25 KB, one watcher each, beside the bare relay;
 * - ceiling: `connections` streams unpaced, beside the relay and raw inserts on as many connections;
 * - idle: watchers of quiet streams (server and PostgreSQL CPU, % of a core);
 * - overload: bystander streams at 10 frames/s next to streams offered twice the ceiling;
 * - two instances: drivers on A, one watcher on A and one on B, over LISTEN/NOTIFY and NATS.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { importBundleKeys } from '@seccam/pki';
import { FrameSealer, payloadFor } from '@seccam/testkit';
import { stats, type Stats } from '../stats.ts';
import { cpuSecondsOf, startChild, type Child } from './processes.ts';
import type {
  BenchStream,
  FromLoad,
  FromRelay,
  FromServer,
  GroupResult,
  LoadGroup,
  LoadJob,
  Target,
  ToLoad,
  ToRelay,
  ToServer,
  Usage,
} from './protocol.ts';
import { rawInserts, type RawInsertResult } from './raw-insert.ts';

export interface FleetConfig {
  readonly seconds: number;
  readonly repeats: number;
  readonly streams: readonly number[];
  readonly idleWatchers: number;
  readonly rateHz: number;
  readonly payloadBytes: number;
  readonly loadProcesses: number;
  /** The API's pool size: the ceiling's stream count and the raw inserts' connections. */
  readonly connections: number;
  /** Streams in the two-instance scenario. */
  readonly twoInstanceStreams: number;
  /** Which scenarios run (all by default). */
  readonly scenarios: readonly Scenario[];
}

export const SCENARIOS = ['paced', 'ceiling', 'idle', 'overload', 'two'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface DbTarget {
  readonly kind: 'pglite' | 'postgres';
  readonly url: string | undefined;
  /** A second fresh database for the raw-insert baselines. */
  readonly rawUrl: string | undefined;
  readonly natsUrl: string;
}

export interface GroupFigures {
  /** Send → watcher, per watch instance (A, then B). */
  readonly latencyMs: Stats[];
  readonly sent: number;
  readonly acked: number;
  readonly delivered: number;
  readonly expectedDeliveries: number;
  readonly mbPerSecond: number;
  readonly closes: string[];
}

export interface Measured {
  readonly groups: Record<string, GroupFigures>;
  readonly serverCpuMsPerFrame: number;
  readonly serverCpuPercentOfCore: number;
  readonly postgresCpuMsPerFrame: number | null;
  readonly postgresCpuPercentOfCore: number | null;
  readonly peakRssMb: number;
  /** CPU of the load generators together (% of a core): near 100 × their number, they and not the server set the pace. */
  readonly loadCpuPercentOfCore: number;
  /** Frames in storage for these streams, and how many were acked (SecCam only). */
  readonly stored: { readonly frames: number; readonly acked: number } | null;
  readonly seconds: number;
}

export interface FleetResult {
  readonly date: string;
  readonly database: 'pglite' | 'postgres';
  readonly machine: { readonly node: string; readonly cores: number; readonly note: string };
  readonly config: FleetConfig;
  readonly frameBytes: number;
  readonly idleRssMb: number;
  readonly paced: { readonly streams: number; readonly seccam: Measured[]; readonly relay: Measured[] }[];
  readonly ceiling: {
    readonly seccam: Measured[];
    readonly relay: Measured[];
    readonly rawSingleRow: RawInsertResult[];
    readonly rawBatch10: RawInsertResult[];
  };
  readonly idle: { readonly watchers: number; serverWithoutWatchersPercentOfCore: number; readonly seccam: Measured[] };
  readonly overload: { readonly offeredFramesPerSecond: number; readonly normal: Measured[]; readonly overloaded: Measured[] };
  readonly twoInstances: { readonly relay: 'listen-notify' | 'nats'; readonly streams: number; readonly seccam: Measured[] }[];
}

type Log = (msg: string) => void;
type ServerChild = Child<ToServer, FromServer>;

const MB = 1e6;
const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;

/** Serialises usage questions to a child so each answer belongs to its question. */
function usageOf(ask: () => Promise<Usage>): () => Promise<Usage> {
  let chain: Promise<unknown> = Promise.resolve();
  return () => {
    const next = chain.then(ask);
    chain = next.catch(() => undefined);
    return next;
  };
}

interface Subject {
  readonly target: Target;
  readonly usage: () => Promise<Usage>;
  readonly backends: () => Promise<number[]>;
  readonly stored: ((ids: string[]) => Promise<number>) | undefined;
}

async function runLoad(
  cfg: FleetConfig,
  subject: Subject,
  contents: LoadJob['contents'],
  groups: LoadGroup[],
  seconds: number,
): Promise<Measured> {
  // Each group has load processes of its own: a flood's sealing must not delay the clock that
  // times its bystanders (a process busy sealing would stamp their receipts late).
  const parts = groups.flatMap((g) =>
    Array.from({ length: cfg.loadProcesses }, (_, p) => [
      { ...g, streams: g.streams.filter((_, i) => i % cfg.loadProcesses === p) },
    ]).filter(([part]) => (part?.streams.length ?? 0) > 0),
  );
  const loads = parts.map(() => startChild<ToLoad, FromLoad>('./load.ts'));
  try {
    await Promise.all(
      loads.map((l, i) =>
        l.ask(
          { type: 'job', job: { target: subject.target, contents, groups: parts[i] ?? [], payloadBytes: cfg.payloadBytes, seconds } },
          'ready',
        ),
      ),
    );
    const pids = await subject.backends();
    const before = await subject.usage();
    const pgBefore = cpuSecondsOf(pids);
    const t0 = performance.now();
    for (const l of loads) l.send({ type: 'go' });
    let peak = before.rssBytes;
    const sampling = { on: true };
    const sampler = (async () => {
      while (sampling.on) {
        peak = Math.max(peak, (await subject.usage()).rssBytes);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    const done = await Promise.all(loads.map((l) => l.next('done')));
    const after = await subject.usage();
    const pgAfter = cpuSecondsOf(pids);
    const wall = (performance.now() - t0) / 1000;
    sampling.on = false;
    await sampler;
    const byName = new Map<string, GroupResult[]>();
    for (const g of done.flatMap((d) => d.groups)) byName.set(g.name, [...(byName.get(g.name) ?? []), g]);
    const figures: Record<string, GroupFigures> = {};
    let frames = 0;
    for (const [name, rs] of byName) {
      const acked = rs.reduce((a, r) => a + r.acked, 0);
      frames += acked;
      const ports = rs[0]?.latenciesMs.length ?? 0;
      figures[name] = {
        latencyMs: Array.from({ length: ports }, (_, i) => stats(rs.flatMap((r) => r.latenciesMs[i] ?? []))),
        sent: rs.reduce((a, r) => a + r.sent, 0),
        acked,
        delivered: rs.reduce((a, r) => a + r.delivered, 0),
        expectedDeliveries: rs.reduce((a, r) => a + r.expectedDeliveries, 0),
        mbPerSecond: round(rs.reduce((a, r) => a + r.bytesAcked, 0) / Math.max(...rs.map((r) => r.seconds)) / MB, 1),
        closes: rs.flatMap((r) => r.closes).slice(0, 10),
      };
    }
    const cpuMs = (after.cpuMicros - before.cpuMicros) / 1000;
    const pgMs = pids.length > 0 ? (pgAfter - pgBefore) * 1000 : null;
    const ids = groups.flatMap((g) => g.streams.map((s) => s.id));
    const seeded = groups.reduce((a, g) => a + g.seedFrames * g.streams.length, 0);
    return {
      groups: figures,
      serverCpuMsPerFrame: frames > 0 ? round(cpuMs / frames, 3) : 0,
      serverCpuPercentOfCore: round((cpuMs / 1000 / wall) * 100, 1),
      postgresCpuMsPerFrame: pgMs === null || frames === 0 ? null : round(pgMs / frames, 3),
      postgresCpuPercentOfCore: pgMs === null ? null : round((pgMs / 1000 / wall) * 100, 1),
      peakRssMb: round(Math.max(peak, after.rssBytes) / MB, 1),
      loadCpuPercentOfCore: round((done.reduce((a, d) => a + d.cpuMicros, 0) / 1e6 / wall) * 100, 1),
      stored: subject.stored ? { frames: (await subject.stored(ids)) - seeded, acked: frames } : null,
      seconds: round(wall, 1),
    };
  } finally {
    for (const l of loads) l.kill();
  }
}

const group = (
  name: string,
  streams: readonly BenchStream[],
  rateHz: number,
  window: number,
  watchersPerStream = 1,
  seedFrames = 0,
): LoadGroup => ({
  name,
  streams,
  rateHz,
  window,
  watchersPerStream,
  seedFrames,
});

/** Streams for the relay: any id will do, sealed with the same keys and sizes. */
function relayStreams(n: number): BenchStream[] {
  return Array.from({ length: n }, () => ({ id: randomUUID(), sigCertificatePem: '', genesis: new Uint8Array(32) }));
}

interface Fleet {
  /** The primary first; on PostgreSQL a second instance is a process of its own. */
  readonly children: ServerChild[];
  readonly ports: number[];
  readonly rootPems: string[];
  readonly cookie: string;
  readonly contents: LoadJob['contents'];
}

async function startFleet(db: DbTarget, instances: 1 | 2, nats: boolean): Promise<Fleet> {
  const masterSecret = new Uint8Array(randomBytes(32));
  const start = async (
    role: 'primary' | 'twin',
    inProcess: 1 | 2,
  ): Promise<{ child: ServerChild; started: Extract<FromServer, { type: 'started' }> }> => {
    const child = startChild<ToServer, FromServer>('./server.ts');
    const started = await child.ask(
      { type: 'start', start: { databaseUrl: db.url, instances: inProcess, natsUrl: nats ? db.natsUrl : undefined, masterSecret, role } },
      'started',
    );
    return { child, started };
  };
  const separate = instances === 2 && db.kind === 'postgres';
  const primary = await start('primary', separate ? 1 : instances);
  const parts = separate ? [primary, await start('twin', 1)] : [primary];
  if (!primary.started.contents) throw new Error('the primary made no driver');
  return {
    children: parts.map((p) => p.child),
    ports: parts.flatMap((p) => p.started.ports),
    rootPems: parts.map((p) => p.started.rootPem),
    cookie: primary.started.cookie,
    contents: primary.started.contents,
  };
}

async function stopFleet(fleet: Fleet): Promise<void> {
  for (const child of [...fleet.children].reverse()) {
    await child.ask({ type: 'stop' }, 'stopped').catch(() => undefined);
    child.kill();
  }
}

function seccamSubject(fleet: Fleet, watchOnB: boolean): Subject {
  const [a, b] = fleet.ports;
  const [primary] = fleet.children;
  if (a === undefined || !primary) throw new Error('no instance');
  const usages = fleet.children.map((child) => usageOf(async () => (await child.ask({ type: 'usage' }, 'usage')).usage));
  return {
    target: {
      kind: 'seccam',
      ingestPort: a,
      watchPorts: watchOnB && b !== undefined ? [a, b] : [a],
      rootPems: fleet.rootPems,
      cookie: fleet.cookie,
    },
    // Several server processes count as one server: CPU and memory added up.
    usage: async () =>
      (await Promise.all(usages.map((u) => u()))).reduce((x, y) => ({
        cpuMicros: x.cpuMicros + y.cpuMicros,
        rssBytes: x.rssBytes + y.rssBytes,
        maxRssBytes: x.maxRssBytes + y.maxRssBytes,
      })),
    backends: async () => (await primary.ask({ type: 'backends' }, 'backends')).pids,
    stored: async (ids) => (await primary.ask({ type: 'stored', streamIds: ids }, 'stored')).frames,
  };
}

async function frameBytesOf(stream: BenchStream, contents: LoadJob['contents'], payloadBytes: number): Promise<number> {
  const sealer = new FrameSealer(stream, await importBundleKeys(contents));
  return (await sealer.next({ payload: payloadFor(0, payloadBytes) })).length;
}

async function repeat(n: number, f: () => Promise<Measured>): Promise<Measured[]> {
  const out: Measured[] = [];
  for (let i = 0; i < n; i++) out.push(await f());
  return out;
}

/**
 * What else the machine was doing when the run began (the 1-minute load average; the run's own
 * processes come later). Above half a core's worth of other work, the absolute figures are not
 * an idle machine's.
 */
function machineNote(loadBefore: number): string {
  const load = `load average ${loadBefore.toFixed(2)} at the start`;
  return loadBefore > 0.5
    ? `shared machine (${load}): other work ran at the same time; compare ratios to same-run baselines`
    : `quiet machine (${load})`;
}

export async function runScenarios(cfg: FleetConfig, db: DbTarget, log: Log): Promise<FleetResult> {
  const loadBefore = loadavg()[0] ?? 0;
  const fleet = await startFleet(db, 1, false);
  const child = fleet.children[0];
  if (!child) throw new Error('no server');
  const relayChild = startChild<ToRelay, FromRelay>('./relay.ts');
  const relayStarted = await relayChild.next('started');
  const relay: Subject = {
    target: { kind: 'relay', port: relayStarted.port, rootPem: relayStarted.rootPem },
    usage: usageOf(async () => (await relayChild.ask({ type: 'usage' }, 'usage')).usage),
    backends: () => Promise.resolve([]),
    stored: undefined,
  };
  const seccam = seccamSubject(fleet, false);
  const contents = fleet.contents;
  const streams = async (n: number): Promise<BenchStream[]> => (await child.ask({ type: 'streams', count: n }, 'streams')).streams;
  try {
    const idleRssMb = round((await seccam.usage()).rssBytes / MB, 1);
    const frameBytes = await frameBytesOf((await streams(1))[0] as BenchStream, contents, cfg.payloadBytes);
    const paced: FleetResult['paced'] = [];
    for (const n of cfg.scenarios.includes('paced') ? cfg.streams : []) {
      log(`[${db.kind}] paced: ${String(n)} streams × ${String(cfg.rateHz)}/s`);
      const s = await repeat(cfg.repeats, async () =>
        runLoad(cfg, seccam, contents, [group('main', await streams(n), cfg.rateHz, 64)], cfg.seconds),
      );
      const r = await repeat(cfg.repeats, () =>
        runLoad(cfg, relay, contents, [group('main', relayStreams(n), cfg.rateHz, 64)], cfg.seconds),
      );
      paced.push({ streams: n, seccam: s, relay: r });
    }
    const on = (name: Scenario): boolean => cfg.scenarios.includes(name);
    const unpaced = (ss: BenchStream[]): LoadGroup[] => [group('main', ss, Infinity, 16)];
    const ceiling: FleetResult['ceiling'] = { seccam: [], relay: [], rawSingleRow: [], rawBatch10: [] };
    if (on('ceiling') || on('overload')) {
      log(`[${db.kind}] ceiling: ${String(cfg.connections)} streams unpaced; raw inserts on ${String(cfg.connections)} connections`);
      const runs = on('ceiling') ? cfg.repeats : 1;
      ceiling.seccam.push(
        ...(await repeat(runs, async () => runLoad(cfg, seccam, contents, unpaced(await streams(cfg.connections)), cfg.seconds))),
      );
    }
    if (on('ceiling')) {
      ceiling.relay.push(
        ...(await repeat(cfg.repeats, () => runLoad(cfg, relay, contents, unpaced(relayStreams(cfg.connections)), cfg.seconds))),
      );
      for (let i = 0; i < cfg.repeats; i++) {
        ceiling.rawSingleRow.push(await rawInserts(db.rawUrl, cfg.connections, 1, frameBytes, cfg.seconds));
        ceiling.rawBatch10.push(await rawInserts(db.rawUrl, cfg.connections, 10, frameBytes, cfg.seconds));
      }
    }
    const idle: FleetResult['idle'] = { watchers: cfg.idleWatchers, serverWithoutWatchersPercentOfCore: NaN, seccam: [] };
    if (on('idle')) {
      log(`[${db.kind}] idle: ${String(cfg.idleWatchers)} watchers of 10 quiet streams`);
      const quiet = await seccam.usage();
      await new Promise((resolve) => setTimeout(resolve, cfg.seconds * 1000));
      idle.serverWithoutWatchersPercentOfCore = round((((await seccam.usage()).cpuMicros - quiet.cpuMicros) / 1e6 / cfg.seconds) * 100, 1);
      idle.seccam.push(
        ...(await repeat(cfg.repeats, async () =>
          runLoad(cfg, seccam, contents, [group('idle', await streams(10), 0, 64, Math.ceil(cfg.idleWatchers / 10), 3)], cfg.seconds),
        )),
      );
    }
    const ceilingFps = (median(ceiling.seccam.map((m) => m.groups.main?.mbPerSecond ?? 0)) * MB) / frameBytes;
    const overloadStreams = 10;
    const overload: FleetResult['overload'] = {
      offeredFramesPerSecond: Math.max(1, Math.round(ceilingFps * 2)),
      normal: [],
      overloaded: [],
    };
    if (on('overload')) {
      const offered = overload.offeredFramesPerSecond;
      log(
        `[${db.kind}] overload: 10 bystanders at ${String(cfg.rateHz)}/s beside ${String(overloadStreams)} streams offered ${String(offered)} frames/s in all`,
      );
      overload.normal.push(
        ...(await repeat(cfg.repeats, async () =>
          runLoad(cfg, seccam, contents, [group('bystander', await streams(10), cfg.rateHz, 64)], cfg.seconds),
        )),
      );
      overload.overloaded.push(
        ...(await repeat(cfg.repeats, async () =>
          runLoad(
            cfg,
            seccam,
            contents,
            [
              group('bystander', await streams(10), cfg.rateHz, 64),
              group('overload', await streams(overloadStreams), offered / overloadStreams, 32),
            ],
            cfg.seconds,
          ),
        )),
      );
    }
    await stopFleet(fleet);
    const twoInstances: FleetResult['twoInstances'] = [];
    const twoStreams = cfg.twoInstanceStreams;
    for (const viaNats of on('two') ? [false, true] : []) {
      log(
        `[${db.kind}] two instances over ${viaNats ? 'NATS' : 'LISTEN/NOTIFY'}: ${String(twoStreams)} streams, drivers on A, a watcher on A and on B`,
      );
      const twin = await startFleet(db, 2, viaNats);
      try {
        const subject = seccamSubject(twin, true);
        const primary = twin.children[0];
        if (!primary) throw new Error('no server');
        const twinStreams = async (n: number): Promise<BenchStream[]> =>
          (await primary.ask({ type: 'streams', count: n }, 'streams')).streams;
        twoInstances.push({
          relay: viaNats ? 'nats' : 'listen-notify',
          streams: twoStreams,
          seccam: await repeat(cfg.repeats, async () =>
            runLoad(cfg, subject, twin.contents, [group('main', await twinStreams(twoStreams), cfg.rateHz, 64)], cfg.seconds),
          ),
        });
      } finally {
        await stopFleet(twin);
      }
    }
    return {
      date: new Date().toISOString(),
      database: db.kind,
      machine: {
        node: process.version,
        cores: cpus().length,
        note: machineNote(loadBefore),
      },
      config: cfg,
      frameBytes,
      idleRssMb,
      paced,
      ceiling,
      idle,
      overload,
      twoInstances,
    };
  } finally {
    child.kill();
    relayChild.kill();
  }
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}
