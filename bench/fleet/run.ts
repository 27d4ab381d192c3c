/**
 * `npm run bench:fleet` (also part of `npm run bench`): the fleet scenarios of issue 10 against
 * the real server in a process of its own, each beside baselines measured in the same run — a
 * bare TLS WebSocket relay (relay.ts) and raw single-row / 10-row inserts (raw-insert.ts).
 * Scenarios (scenarios.ts) run on PGlite, and on PostgreSQL when DATABASE_URL is set (a fresh
 * database per run, dropped afterwards). Results: bench/results/fleet-<database>.json and
 * bench/results/FLEET.md.
 *
 * Knobs: BENCH_FLEET_SECONDS (per measured phase), BENCH_FLEET_REPEATS (medians of these),
 * BENCH_FLEET_STREAMS (e.g. "1,10,50,100"), BENCH_FLEET_IDLE (idle watchers), BENCH_FLEET_TWO_STREAMS,
 * BENCH_FLEET_DB ("pglite", "postgres" or "pglite,postgres"), BENCH_FLEET_SCENARIOS (e.g. "paced,idle");
 * `--quick` is a 2–3 minute pass.
 */
import 'reflect-metadata';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createTestDatabase, postgresServerUrl, startNatsServer } from '@seccam/testkit';
import { runScenarios, SCENARIOS, type FleetConfig, type FleetResult, type Scenario } from './scenarios.ts';
import { fleetMarkdown } from './report.ts';

const log = (msg: string): void => {
  process.stderr.write(`${msg}\n`);
};

function config(argv: readonly string[]): FleetConfig {
  const quick = argv.includes('--quick');
  const env = process.env;
  const list = (v: string | undefined, d: string): number[] =>
    (v ?? d)
      .split(',')
      .map(Number)
      .filter((n) => n > 0);
  return {
    seconds: Number(env.BENCH_FLEET_SECONDS ?? (quick ? 4 : 15)),
    repeats: Number(env.BENCH_FLEET_REPEATS ?? (quick ? 1 : 3)),
    streams: list(env.BENCH_FLEET_STREAMS, quick ? '1,10' : '1,10,20,50,100'),
    idleWatchers: Number(env.BENCH_FLEET_IDLE ?? 1000),
    rateHz: 10,
    payloadBytes: 25 * 1024,
    loadProcesses: 2,
    connections: 10,
    twoInstanceStreams: Number(env.BENCH_FLEET_TWO_STREAMS ?? (quick ? 10 : 50)),
    scenarios: (env.BENCH_FLEET_SCENARIOS?.split(',') ?? SCENARIOS).filter((x): x is Scenario =>
      (SCENARIOS as readonly string[]).includes(x),
    ),
  };
}

/** Runs `use` on a fresh database of the PostgreSQL server at `serverUrl`, dropped afterwards. */
async function withDatabase<T>(serverUrl: string, use: (url: string) => Promise<T>): Promise<T> {
  const fresh = await createTestDatabase(serverUrl);
  try {
    return await use(fresh.url ?? serverUrl);
  } finally {
    await fresh.drop();
  }
}

export async function runFleet(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const cfg = config(argv);
  const pgUrl = process.env.DATABASE_URL;
  const kinds = (process.env.BENCH_FLEET_DB ?? (pgUrl ? 'pglite,postgres' : 'pglite')).split(',');
  log(`fleet bench: ${JSON.stringify(cfg)} on ${kinds.join(' and ')}`);
  mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
  const nats = await startNatsServer();
  const results: FleetResult[] = [];
  try {
    for (const kind of kinds) {
      const result =
        kind === 'postgres'
          ? await withDatabase(postgresServerUrl(), (url) =>
              withDatabase(postgresServerUrl(), (rawUrl) => runScenarios(cfg, { kind: 'postgres', url, rawUrl, natsUrl: nats.url }, log)),
            )
          : await runScenarios(cfg, { kind: 'pglite', url: undefined, rawUrl: undefined, natsUrl: nats.url }, log);
      writeFileSync(new URL(`../results/fleet-${kind}.json`, import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
      results.push(result);
    }
  } finally {
    await nats.stop();
  }
  // The table shows every database's latest results, also those of an earlier run of the other.
  const latest = ['pglite', 'postgres'].flatMap((kind) => {
    const mine = results.find((r) => r.database === kind);
    if (mine) return [mine];
    const file = new URL(`../results/fleet-${kind}.json`, import.meta.url);
    return existsSync(file) ? [JSON.parse(readFileSync(file, 'utf8')) as FleetResult] : [];
  });
  const md = fleetMarkdown(latest);
  writeFileSync(new URL('../results/FLEET.md', import.meta.url), md);
  process.stdout.write(`${md}\n`);
}
