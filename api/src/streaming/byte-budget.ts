/**
 * Bytes in flight (received but not yet stored) across all ingest connections of one instance.
 *
 * [Note: fair backpressure]
 * Each connection (which carries one stream) has its own allowance (`maxQueuedFrames` /
 * `maxQueuedBytes` in ingest.ts), so a fast or stuck stream fills only its own and pauses only
 * its own socket. This budget is the instance's last resort against many connections each within
 * its allowance: while the total is over `limit`, only the connections holding more than their
 * fair share (`limit` / connections holding bytes) pause, so a normal-rate bystander keeps
 * reading while a flood waits; past twice the limit every connection pauses. A paused
 * connection reads again after a release brings it back within its share.
 */
export class ByteBudget {
  private used = 0;
  private highest = 0;
  private readonly holders = new Set<BudgetShare>();
  private readonly waiters = new Set<() => void>();

  constructor(readonly limit: number) {}

  /** A connection's share of the budget; `close` it when the connection ends. */
  share(): BudgetShare {
    return new BudgetShare(this);
  }

  get inFlight(): number {
    return this.used;
  }

  /** The most bytes ever in flight at once (for monitoring and tests). */
  get peak(): number {
    return this.highest;
  }

  /** @internal */
  add(share: BudgetShare, bytes: number): void {
    this.used += bytes;
    this.highest = Math.max(this.highest, this.used);
    if (share.bytes > 0) this.holders.add(share);
  }

  /** @internal */
  remove(share: BudgetShare, bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
    if (share.bytes <= 0) this.holders.delete(share);
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const w of waiters) w();
  }

  /** @internal Whether `share` may take more (see [Note: fair backpressure]). */
  allows(share: BudgetShare): boolean {
    if (this.used <= this.limit) return true;
    if (this.used > 2 * this.limit) return false;
    return share.bytes <= this.limit / Math.max(1, this.holders.size);
  }

  /** @internal */
  onRelease(fn: () => void): void {
    this.waiters.add(fn);
  }

  /** @internal */
  forget(fn: () => void): void {
    this.waiters.delete(fn);
  }
}

/** One connection's bytes in flight within a {@link ByteBudget}. */
export class BudgetShare {
  bytes = 0;
  private waiting: (() => void) | undefined;

  constructor(private readonly budget: ByteBudget) {}

  /** Counts `bytes` that arrived; false when this connection should pause its socket. */
  acquire(bytes: number): boolean {
    this.bytes += bytes;
    this.budget.add(this, bytes);
    return this.budget.allows(this);
  }

  release(bytes: number): void {
    this.bytes = Math.max(0, this.bytes - bytes);
    this.budget.remove(this, bytes);
  }

  /** True while this connection may read more. */
  get allowed(): boolean {
    return this.budget.allows(this);
  }

  /** Calls `fn` once after the next release anywhere in the budget (one waiter per share). */
  onRelease(fn: () => void): void {
    if (this.waiting) this.budget.forget(this.waiting);
    this.waiting = () => {
      this.waiting = undefined;
      fn();
    };
    this.budget.onRelease(this.waiting);
  }

  /** The connection ended: it waits for no release any more (what it holds is released as its writes finish). */
  close(): void {
    if (this.waiting) this.budget.forget(this.waiting);
    this.waiting = undefined;
  }
}
