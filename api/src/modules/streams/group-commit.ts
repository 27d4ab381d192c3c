/**
 * [Note: group commit]
 * Every ingest connection hands its verified frames to one writer per instance, which stores
 * what all connections handed it in as few statements as it can: while a statement is running,
 * new runs queue; when a writing slot is free, everything queued (up to `maxFrames` /
 * `maxBytes`) goes in the next statement, one run per stream ([Note: append at the head] in
 * chunk-store.ts). An idle server writes at once (the batch is what arrived in the same turn of
 * the event loop), a loaded one writes larger batches, so the cost per frame falls as load rises
 * instead of the queue growing. A stream's runs are written in the order they were handed over
 * and never in two statements at once (the second would find the head not yet moved). Each
 * caller learns its own run's result when its statement has committed; an error the database
 * raises fails the runs of that statement only.
 */
import type { AppendResult, AppendRun, VerifiedFrame } from './chunk-store.ts';

export interface GroupCommitLimits {
  /** Frames per statement at most. */
  readonly maxFrames: number;
  /** Frame bytes per statement at most (a single larger run still goes alone). */
  readonly maxBytes: number;
  /** Statements in flight at once (PostgreSQL: a few pooled connections; PGlite: 1). */
  readonly concurrency: number;
}

interface Pending {
  readonly run: AppendRun;
  readonly bytes: number;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

/** One stream's part of a statement: consecutive runs merged. */
interface Group {
  readonly streamId: string;
  readonly frames: VerifiedFrame[];
  readonly pendings: Pending[];
}

export class GroupCommit {
  private queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;
  /** Streams with a statement in flight. */
  private readonly writing = new Set<string>();
  /** Runs handed over and not yet answered, per stream. */
  private readonly outstanding = new Map<string, number>();
  private readonly idleWaiters = new Map<string, (() => void)[]>();
  private statementCount = 0;
  private frameCount = 0;

  constructor(
    private readonly write: (runs: readonly AppendRun[]) => Promise<AppendResult[]>,
    private readonly limits: GroupCommitLimits,
  ) {}

  /** Queues consecutive frames of one stream; resolves when the statement holding them committed. */
  append(run: AppendRun): Promise<AppendResult> {
    if (run.frames.length === 0) return Promise.resolve({ ok: true, ended: false });
    return new Promise((resolve, reject) => {
      const bytes = run.frames.reduce((n, f) => n + f.frame.frameBytes.length, 0);
      this.queue.push({ run, bytes, resolve, reject });
      this.outstanding.set(run.streamId, (this.outstanding.get(run.streamId) ?? 0) + 1);
      this.schedule();
    });
  }

  /** Resolves once nothing handed over for `streamId` is still waiting or being written. */
  settled(streamId: string): Promise<void> {
    if (!this.outstanding.has(streamId)) return Promise.resolve();
    return new Promise((resolve) => {
      const waiters = this.idleWaiters.get(streamId) ?? [];
      waiters.push(resolve);
      this.idleWaiters.set(streamId, waiters);
    });
  }

  /** Statements written and frames in them so far (for monitoring, tests and the benchmark). */
  get stats(): { statements: number; frames: number; queued: number; inFlight: number } {
    return { statements: this.statementCount, frames: this.frameCount, queued: this.queue.length, inFlight: this.inFlight };
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.limits.concurrency || this.queue.length === 0) return;
    this.scheduled = true;
    // What every socket delivered in this turn of the event loop joins the same statement.
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.inFlight < this.limits.concurrency) {
      const groups = this.take();
      if (groups.length === 0) return;
      this.inFlight++;
      for (const g of groups) this.writing.add(g.streamId);
      void this.run(groups).finally(() => {
        this.inFlight--;
        for (const g of groups) this.writing.delete(g.streamId);
        this.schedule();
      });
    }
  }

  /** The next statement's groups, in queue order; what cannot join it stays queued in order. */
  private take(): Group[] {
    const groups = new Map<string, Group>();
    const blocked = new Set<string>();
    const left: Pending[] = [];
    let frames = 0;
    let bytes = 0;
    for (const p of this.queue) {
      const id = p.run.streamId;
      const full = frames > 0 && (frames + p.run.frames.length > this.limits.maxFrames || bytes + p.bytes > this.limits.maxBytes);
      if (full || blocked.has(id) || this.writing.has(id)) {
        blocked.add(id);
        left.push(p);
        continue;
      }
      const group = groups.get(id);
      const lastSeq = group?.frames.at(-1)?.frame.header.seq;
      if (group && p.run.frames[0]?.frame.header.seq !== (lastSeq ?? -2) + 1) {
        // Not contiguous with what this stream already has in the statement (a racing writer): next time.
        blocked.add(id);
        left.push(p);
        continue;
      }
      if (group) {
        group.frames.push(...p.run.frames);
        group.pendings.push(p);
      } else groups.set(id, { streamId: id, frames: [...p.run.frames], pendings: [p] });
      frames += p.run.frames.length;
      bytes += p.bytes;
    }
    this.queue = left;
    return [...groups.values()];
  }

  private async run(groups: readonly Group[]): Promise<void> {
    let results: AppendResult[];
    try {
      results = await this.write(groups.map((g) => ({ streamId: g.streamId, frames: g.frames })));
      this.statementCount++;
      this.frameCount += groups.reduce((n, g) => n + g.frames.length, 0);
    } catch (e) {
      for (const g of groups)
        for (const p of g.pendings)
          this.answer(p, () => {
            p.reject(e);
          });
      return;
    }
    for (const [i, g] of groups.entries()) {
      const result = results[i] ?? { ok: false, reason: 'conflict' };
      for (const [j, p] of g.pendings.entries()) {
        // Only the group's last run can have ended the stream.
        const mine: AppendResult = result.ok ? { ok: true, ended: result.ended && j === g.pendings.length - 1 } : result;
        this.answer(p, () => {
          p.resolve(mine);
        });
      }
    }
  }

  private answer(p: Pending, settle: () => void): void {
    settle();
    const id = p.run.streamId;
    const n = (this.outstanding.get(id) ?? 1) - 1;
    if (n > 0) {
      this.outstanding.set(id, n);
      return;
    }
    this.outstanding.delete(id);
    const waiters = this.idleWaiters.get(id) ?? [];
    this.idleWaiters.delete(id);
    for (const w of waiters) w();
  }
}
