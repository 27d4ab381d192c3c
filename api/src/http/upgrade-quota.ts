/**
 * How many WebSockets one client address, and one user per endpoint, may hold on this instance.
 *
 * [Note: sockets count from the upgrade]
 * A socket counts from the moment its upgrade request arrives — before the session lookup for
 * the address, right after it for the user — until the underlying connection closes, whatever
 * happens in between (refused, upgraded, silent before hello or subscribe, closed by either
 * side). Counting only registered sockets (after `hello`/`subscribe`) let a client hold any
 * number of silent ones. Over a cap the upgrade is refused with HTTP 429 before the 101, so a
 * refused client never gets a socket (docs/PROTOCOL.md §8).
 */
import type { Duplex } from 'node:stream';

export interface UpgradeQuotaLimits {
  /** WebSockets (all endpoints, pending upgrades included) per client address. */
  readonly maxPerAddress: number;
  /** WebSockets per user, by endpoint path; a path not listed has no per-user cap. */
  readonly maxPerUser: ReadonlyMap<string, number>;
}

export class UpgradeQuota {
  private readonly counts = new Map<string, number>();

  constructor(private readonly limits: UpgradeQuotaLimits) {}

  /** Counts `socket` for `address` until it closes; false (nothing counted) when the address is at its cap. */
  admitAddress(socket: Duplex, address: string): boolean {
    return this.admit(socket, `address ${address}`, this.limits.maxPerAddress);
  }

  /** Counts `socket` for the user on `path` until it closes; false (nothing counted) when the user is at the cap. */
  admitUser(socket: Duplex, path: string, userId: string): boolean {
    const max = this.limits.maxPerUser.get(path);
    return max === undefined || this.admit(socket, `user ${userId} ${path}`, max);
  }

  /** Sockets counted for `address` now. */
  countForAddress(address: string): number {
    return this.counts.get(`address ${address}`) ?? 0;
  }

  private admit(socket: Duplex, key: string, max: number): boolean {
    const n = this.counts.get(key) ?? 0;
    if (n >= max) return false;
    this.counts.set(key, n + 1);
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      const left = (this.counts.get(key) ?? 1) - 1;
      if (left > 0) this.counts.set(key, left);
      else this.counts.delete(key);
    };
    socket.once('close', release);
    // A socket destroyed before we saw it emits no further 'close'.
    if (socket.destroyed) release();
    return true;
  }
}
