/**
 * [Note: grant expiry rotates]
 * A grant that expires must end the dispatcher's reading the way a revocation does. Its watch
 * sockets close on their own timers (watch.ts), and key queries refuse it. But the live recorder
 * would go on sealing under an epoch key the dispatcher already holds. So each instance keeps one
 * timer set to the earliest expiry among the grants of the drivers recording through it. When it
 * fires, those drivers' recorders get `rekey`, as after a revocation, and the timer is set again.
 * It is also set again when a recorder connects here and when a grant is created anywhere. A
 * recorder that was offline at that moment learns of it on reconnect
 * (`AccessPolicy.revokedSinceEpoch` counts passed expiries as well as revocations).
 */
import type { Logger } from '../logger.ts';
import type { AccessPolicy } from '../modules/sharing/access.ts';
import type { SocketRegistry } from './socket-registry.ts';

/** setTimeout's limit; a later expiry is re-checked when this one fires. */
const MAX_DELAY_MS = 2 ** 31 - 1;
/** After a failed check, how long until the next try. */
const RETRY_MS = 5000;

export class GrantExpiryTimer {
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Expiries up to here have been acted on. */
  #checkedUntil = new Date();
  #closed = false;
  #running: Promise<void> = Promise.resolve();

  constructor(private readonly deps: { readonly access: AccessPolicy; readonly registry: SocketRegistry; readonly logger: Logger }) {}

  /** Sets the timer for the earliest expiry among the live recorders' grants (serialised, so calls never race). */
  reschedule(): Promise<void> {
    this.#running = this.#running
      .then(() => this.#reschedule())
      .catch((e: unknown) => {
        this.deps.logger.error('grant expiry timer failed', { error: e instanceof Error ? e.message : String(e) });
      });
    return this.#running;
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
  }

  #liveDrivers(): string[] {
    return [...new Set(this.deps.registry.ingestEntries().map((entry) => entry.ownerId))];
  }

  async #reschedule(): Promise<void> {
    clearTimeout(this.#timer);
    if (this.#closed) return;
    const next = await this.deps.access.nextGrantExpiry(this.#liveDrivers(), this.#checkedUntil);
    if (next !== null) this.#setTimer(Math.min(Math.max(0, next.getTime() - Date.now()), MAX_DELAY_MS));
  }

  async #fire(): Promise<void> {
    const checked = this.#running
      .then(async () => {
        const now = new Date();
        const expired = await this.deps.access.driversWithGrantsExpired(this.#liveDrivers(), this.#checkedUntil, now);
        this.#checkedUntil = now;
        for (const driverId of expired) this.deps.registry.rekeyOwner(driverId);
        return true;
      })
      .catch((e: unknown) => {
        this.deps.logger.error('grant expiry check failed; trying again shortly', { error: e instanceof Error ? e.message : String(e) });
        return false;
      });
    this.#running = checked.then(() => undefined);
    // The span since #checkedUntil is still unchecked after a failure: check it again in a while
    // (not at once, which would spin while the database is away).
    if (await checked) await this.reschedule();
    else this.#setTimer(RETRY_MS);
  }

  #setTimer(delayMs: number): void {
    clearTimeout(this.#timer);
    // Unref'd and checked when it fires: a close() meanwhile leaves nothing running.
    this.#timer = setTimeout(() => {
      if (!this.#closed) void this.#fire();
    }, delayMs);
    this.#timer.unref();
  }
}
