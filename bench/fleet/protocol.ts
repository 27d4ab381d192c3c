/**
 * What the fleet benchmark's processes tell each other over IPC (`serialization: 'advanced'`):
 * the orchestrator (run.ts), the server under test (server.ts), the bare relay (relay.ts) and
 * the load generators (load.ts). Keeping each role in its own process makes its CPU separable.
 */
import type { BundleContents } from '@seccam/pki';

/** One stream as a load generator needs it to seal genuine frames. */
export interface BenchStream {
  readonly id: string;
  readonly sigCertificatePem: string;
  readonly genesis: Uint8Array;
}

/** CPU (µs, user + system) and memory (bytes) of a process, now. */
export interface Usage {
  readonly cpuMicros: number;
  readonly rssBytes: number;
  /** Peak RSS since the process started. */
  readonly maxRssBytes: number;
}

/** Where a load generator sends and watches. */
export type Target =
  | {
      readonly kind: 'seccam';
      readonly ingestPort: number;
      readonly watchPorts: readonly number[];
      readonly rootPems: readonly string[];
      readonly cookie: string;
    }
  | { readonly kind: 'relay'; readonly port: number; readonly rootPem: string };

/** Streams driven alike: `rateHz` 0 means no driver (idle watchers of seeded streams). */
export interface LoadGroup {
  readonly name: string;
  readonly streams: readonly BenchStream[];
  /** Frames per second per stream; `Infinity` is unpaced (as fast as acks allow). */
  readonly rateHz: number;
  /** Most unacked frames per stream (a recorder's bounded buffer). */
  readonly window: number;
  /** Watchers per stream on each watch port. */
  readonly watchersPerStream: number;
  /** Frames sent and watched before the measured phase (idle watchers are then caught up). */
  readonly seedFrames: number;
}

export interface LoadJob {
  readonly target: Target;
  readonly contents: BundleContents;
  readonly groups: readonly LoadGroup[];
  readonly payloadBytes: number;
  readonly seconds: number;
}

/** Per group: latencies by watch port index, and what was sent, acked and delivered. */
export interface GroupResult {
  readonly name: string;
  readonly latenciesMs: number[][];
  readonly sent: number;
  readonly acked: number;
  /** Frames received by watchers, summed over watchers. */
  readonly delivered: number;
  /** Frames each watcher should have received (acked × watchers), summed. */
  readonly expectedDeliveries: number;
  readonly bytesAcked: number;
  /** Send-phase length in seconds (first send to last ack). */
  readonly seconds: number;
  readonly closes: string[];
}

export type ToLoad = { readonly type: 'job'; readonly job: LoadJob } | { readonly type: 'go' };
export type FromLoad =
  | { readonly type: 'ready' }
  | { readonly type: 'sent' }
  /** `cpuMicros`: the generator's own CPU from go to done. */
  | { readonly type: 'done'; readonly groups: GroupResult[]; readonly cpuMicros: number }
  | { readonly type: 'failed'; readonly error: string };

export interface ServerStart {
  /** postgres:// URL of a fresh database, or undefined for in-memory PGlite. */
  readonly databaseUrl: string | undefined;
  /** Instances in this process (2 only on PGlite, which one process holds). */
  readonly instances: 1 | 2;
  readonly natsUrl: string | undefined;
  /** Shared by every instance of a run (sessions made on one are valid on the other). */
  readonly masterSecret: Uint8Array;
  /** The primary registers the driver; a twin only serves. */
  readonly role: 'primary' | 'twin';
}

export type ToServer =
  | { readonly type: 'start'; readonly start: ServerStart }
  | { readonly type: 'streams'; readonly count: number }
  | { readonly type: 'usage' }
  | { readonly type: 'stored'; readonly streamIds: readonly string[] }
  | { readonly type: 'backends' }
  | { readonly type: 'stop' };

export type FromServer =
  | {
      readonly type: 'started';
      readonly ports: number[];
      readonly rootPem: string;
      readonly cookie: string;
      readonly contents: BundleContents | null;
    }
  | { readonly type: 'streams'; readonly streams: BenchStream[] }
  | { readonly type: 'usage'; readonly usage: Usage }
  | { readonly type: 'stored'; readonly frames: number; readonly bytes: number }
  | { readonly type: 'backends'; readonly pids: number[] }
  | { readonly type: 'stopped' }
  | { readonly type: 'failed'; readonly error: string };

export type ToRelay = { readonly type: 'usage' } | { readonly type: 'stop' };
export type FromRelay =
  { readonly type: 'started'; readonly port: number; readonly rootPem: string } | { readonly type: 'usage'; readonly usage: Usage };

/** This process's usage (for the `usage` requests). */
export function ownUsage(): Usage {
  const cpu = process.cpuUsage();
  return { cpuMicros: cpu.user + cpu.system, rssBytes: process.memoryUsage.rss(), maxRssBytes: process.resourceUsage().maxRSS * 1024 };
}
