/**
 * The fleet benchmark's child processes: started with tsx and advanced IPC serialisation, asked
 * one question at a time, and measured from outside — CPU of the PostgreSQL backends from /proc.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

export interface Child<In, Out extends { type: string }> {
  readonly process: ChildProcess;
  send(message: In): void;
  /** The next message of `type` (a `failed` message rejects). */
  next<T extends Out['type']>(type: T): Promise<Extract<Out, { type: T }>>;
  ask<T extends Out['type']>(message: In, type: T): Promise<Extract<Out, { type: T }>>;
  kill(): void;
}

export function startChild<In, Out extends { type: string }>(file: string): Child<In, Out> {
  const child = fork(new URL(file, import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const inbox: Out[] = [];
  let waiters: (() => void)[] = [];
  let exited = false;
  child.on('message', (m: Out) => {
    inbox.push(m);
    for (const w of waiters.splice(0)) w();
  });
  child.on('exit', () => {
    exited = true;
    for (const w of waiters.splice(0)) w();
  });
  const next = async <T extends Out['type']>(type: T): Promise<Extract<Out, { type: T }>> => {
    for (;;) {
      const i = inbox.findIndex((m) => m.type === type || m.type === 'failed');
      if (i >= 0) {
        const [m] = inbox.splice(i, 1);
        if (m?.type === 'failed') throw new Error(`${file} failed: ${(m as unknown as { error: string }).error}`);
        return m as Extract<Out, { type: T }>;
      }
      if (exited) throw new Error(`${file} exited while we waited for ${type}`);
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return {
    process: child,
    send: (message) => child.send(message as object),
    next,
    ask: (message, type) => {
      child.send(message as object);
      return next(type);
    },
    kill: () => {
      waiters = [];
      child.kill();
    },
  };
}

/** CPU seconds (user + system) used so far by the processes `pids` (those still alive). */
export function cpuSecondsOf(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The backend ended in between: its CPU is no longer readable.
    }
  }
  return ticks / TICKS_PER_SECOND;
}
