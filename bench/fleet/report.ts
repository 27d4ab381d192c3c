/** The fleet results as the Markdown table in bench/results/FLEET.md and the README. */
import { median, type FleetResult, type Measured } from './scenarios.ts';

const med = (ms: readonly Measured[], f: (m: Measured) => number | null | undefined): number =>
  median(ms.map((m) => f(m) ?? NaN).filter((x) => !Number.isNaN(x)));
const fmt = (x: number, d = 1): string => (Number.isFinite(x) ? String(Math.round(x * 10 ** d) / 10 ** d) : '–');
const lat = (ms: readonly Measured[], group = 'main', port = 0): string =>
  `${fmt(
    med(ms, (m) => m.groups[group]?.latencyMs[port]?.p50),
    2,
  )} / ${fmt(
    med(ms, (m) => m.groups[group]?.latencyMs[port]?.p99),
    1,
  )}`;
const delivered = (ms: readonly Measured[]): string => {
  const d = ms.reduce((a, m) => a + Object.values(m.groups).reduce((x, g) => x + g.delivered, 0), 0);
  const e = ms.reduce((a, m) => a + Object.values(m.groups).reduce((x, g) => x + g.expectedDeliveries, 0), 0);
  const s = ms.reduce((a, m) => a + (m.stored?.frames ?? 0), 0);
  const k = ms.reduce((a, m) => a + (m.stored?.acked ?? 0), 0);
  return `${fmt((100 * s) / Math.max(1, k), 2)} % / ${fmt((100 * d) / Math.max(1, e), 2)} %`;
};

function section(r: FleetResult): string[] {
  const rows: string[] = [
    `### ${r.database} (${r.date}, ${r.machine.node}, ${String(r.machine.cores)} cores; ${String(r.config.repeats)} repeats × ${String(r.config.seconds)} s, medians)`,
    '',
    '| scenario | SecCam | baseline (same run) | baseline is |',
    '|---|---|---|---|',
  ];
  for (const p of r.paced) {
    const cpu = med(p.seccam, (m) => m.serverCpuMsPerFrame);
    const relayCpu = med(p.relay, (m) => m.serverCpuMsPerFrame);
    rows.push(
      `| ${String(p.streams)} streams × ${String(r.config.rateHz)}/s: send→watcher p50 / p99 (ms) | ${lat(p.seccam)} | ${lat(p.relay)} | bare TLS ws relay |`,
      `| ${String(p.streams)} streams: server CPU per frame (ms) · PostgreSQL CPU per frame · peak RSS (MB) | ${fmt(cpu, 3)} (${fmt(cpu / relayCpu, 1)}× relay) · ${fmt(
        med(p.seccam, (m) => m.postgresCpuMsPerFrame),
        3,
      )} · ${fmt(med(p.seccam, (m) => m.peakRssMb))} | ${fmt(relayCpu, 3)} · – · ${fmt(med(p.relay, (m) => m.peakRssMb))} | relay |`,
      `| ${String(p.streams)} streams: stored / delivered | ${delivered(p.seccam)} | | acked frames |`,
    );
  }
  const c = r.ceiling;
  const mbs = med(c.seccam, (m) => m.groups.main?.mbPerSecond);
  const single = median(c.rawSingleRow.map((x) => x.mbPerSecond));
  rows.push(
    `| unpaced ceiling, ${String(r.config.connections)} streams (MB/s stored) | ${fmt(mbs)} (${fmt((100 * mbs) / single, 0)} % of single-row inserts) | relay ${fmt(med(c.relay, (m) => m.groups.main?.mbPerSecond))} · single-row ${fmt(single)} · 10-row batches ${fmt(median(c.rawBatch10.map((x) => x.mbPerSecond)))} | raw inserts of the same size on ${String(c.rawSingleRow[0]?.connections ?? 0)} connection(s) |`,
    `| ${String(r.idle.watchers)} idle watchers: server / PostgreSQL CPU (% of a core) | ${fmt(med(r.idle.seccam, (m) => m.serverCpuPercentOfCore))} / ${fmt(med(r.idle.seccam, (m) => m.postgresCpuPercentOfCore))} | ${fmt(r.idle.serverWithoutWatchersPercentOfCore)} / – | the same server with no watchers (target: watchers add ≤ 5) |`,
  );
  const o = r.overload;
  rows.push(
    `| 2× overload (${String(o.offeredFramesPerSecond)} frames/s offered): bystander p50 / p99 (ms) | ${lat(o.overloaded, 'bystander')} | ${lat(o.normal, 'bystander')} | the same bystanders without the overload |`,
    `| 2× overload: peak RSS (MB) · stored / delivered · overload streams MB/s | ${fmt(med(o.overloaded, (m) => m.peakRssMb))} · ${delivered(o.overloaded)} · ${fmt(med(o.overloaded, (m) => m.groups.overload?.mbPerSecond))} | ${fmt(med(o.normal, (m) => m.peakRssMb))} | without the overload |`,
  );
  for (const t of r.twoInstances) {
    rows.push(
      `| two instances (${t.relay}), ${String(t.streams)} streams: watchers on B p50 / p99 (ms) | ${lat(t.seccam, 'main', 1)} | on A ${lat(t.seccam, 'main', 0)} | watchers on the drivers' instance |`,
    );
  }
  rows.push(
    `| server RSS idle · at 20 streams (MB) | ${fmt(r.idleRssMb)} · ${fmt(med(r.paced.find((p) => p.streams === 20)?.seccam ?? [], (m) => m.peakRssMb))} | | |`,
    '',
  );
  return rows;
}

export function fleetMarkdown(results: readonly FleetResult[]): string {
  return [
    '# Fleet benchmark results',
    '',
    `\`npm run bench:fleet\` (\`DATABASE_URL=… \` adds PostgreSQL). Frames of ${String(results[0]?.frameBytes ?? 0)} B sealed by the load generators; server, relay and load in separate processes. ${results[0]?.machine.note ?? ''}.`,
    '',
    ...results.flatMap(section),
  ].join('\n');
}
