/**
 * CPU time of one Chromium and all its processes (browser, GPU, renderers, utilities), read from
 * /proc (Linux). The browser process is the one launched with `--seccam-bench-role=<role>`; its
 * children do not carry the flag, so they are found by walking parent ids.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** CPU over a phase: total and by Chromium process type, as % of one core. */
export interface CpuSample {
  readonly percentOfOneCore: number;
  readonly byType: Record<string, number>;
}

export interface CpuReading {
  /** Seconds of CPU (user + system) by process type, now. */
  readonly byType: ReadonlyMap<string, number>;
  /** The CPU used since `before`, over `elapsedSeconds` of wall time. */
  since(before: CpuReading | undefined, elapsedSeconds: number): CpuSample;
}

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

interface ProcessInfo {
  readonly parent: number;
  readonly ticks: number;
  readonly cmdline: string;
}

function processes(): Map<number, ProcessInfo> {
  const all = new Map<number, ProcessInfo>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command name in parentheses: state, ppid, … utime (14th), stime (15th).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ');
      all.set(Number(name), { parent: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]), cmdline });
    } catch {
      // The process ended while we read it.
    }
  }
  return all;
}

function typeOf(cmdline: string): string {
  const type = /--type=([a-z-]+)/.exec(cmdline)?.[1];
  if (type === undefined) return 'browser';
  if (type === 'utility') return /--utility-sub-type=([A-Za-z.]+)/.exec(cmdline)?.[1]?.split('.').at(-2) ?? 'utility';
  return type;
}

/** The CPU seconds so far of the Chromium launched with `--seccam-bench-role=<role>` and its descendants. */
export function cpuSeconds(role: string): CpuReading {
  const all = processes();
  const roots = [...all].filter(([, info]) => info.cmdline.includes(`--seccam-bench-role=${role}`) && !info.cmdline.includes('--type='));
  return readingOf(
    all,
    roots.map(([pid]) => pid),
  );
}

/** The CPU seconds so far of process `pid` and its descendants (a Node child: all under `browser`, it has no `--type`). */
export function cpuSecondsOfProcess(pid: number): CpuReading {
  return readingOf(processes(), [pid]);
}

/**
 * The CPU seconds so far of the processes whose command line holds `text` and their descendants:
 * e.g. a PostgreSQL server's backends for one database (`postgres: <user> <database> …`).
 */
export function cpuSecondsOfCommand(text: string): CpuReading {
  const all = processes();
  return readingOf(
    all,
    [...all].filter(([, info]) => info.cmdline.includes(text)).map(([pid]) => pid),
  );
}

function readingOf(all: Map<number, ProcessInfo>, roots: readonly number[]): CpuReading {
  const tree = new Set(roots);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, info] of all) {
      if (!tree.has(pid) && tree.has(info.parent)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  const byType = new Map<string, number>();
  for (const pid of tree) {
    const info = all.get(pid);
    if (info === undefined) continue;
    const type = typeOf(info.cmdline);
    byType.set(type, (byType.get(type) ?? 0) + info.ticks / TICKS_PER_SECOND);
  }
  return {
    byType,
    since(before, elapsedSeconds) {
      const percent = (seconds: number): number => Math.round((seconds / elapsedSeconds) * 1000) / 10;
      const types: Record<string, number> = {};
      let total = 0;
      for (const [type, seconds] of byType) {
        const used = seconds - (before?.byType.get(type) ?? 0);
        types[type] = percent(used);
        total += used;
      }
      return { percentOfOneCore: percent(total), byType: types };
    },
  };
}
