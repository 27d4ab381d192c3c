/**
 * A shared allowance of bytes in flight (received but not yet stored), across all ingest
 * connections of this instance. Connections pause their socket while they cannot reserve.
 */
export class ByteBudget {
  private used = 0;
  private highest = 0;
  private readonly waiters = new Set<() => void>();

  constructor(readonly limit: number) {}

  /**
   * Counts `bytes` as in flight (the data has already arrived) and says whether the total is
   * still within the limit; when it is not, the caller pauses its socket until a release.
   */
  acquire(bytes: number): boolean {
    this.used += bytes;
    this.highest = Math.max(this.highest, this.used);
    return this.used <= this.limit;
  }

  get exhausted(): boolean {
    return this.used > this.limit;
  }

  release(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const w of waiters) w();
  }

  /** Calls `fn` once after the next release. */
  onRelease(fn: () => void): () => void {
    this.waiters.add(fn);
    return () => this.waiters.delete(fn);
  }

  get inFlight(): number {
    return this.used;
  }

  /** The most bytes ever in flight at once (for monitoring and tests). */
  get peak(): number {
    return this.highest;
  }
}
