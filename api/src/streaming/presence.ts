/**
 * Who is watching which stream right now, over every API instance.
 *
 * [Note: presence]
 * Each instance knows only its own watch sockets. When one subscribes (access checked) or
 * closes, the instance applies it to its own view at once and announces `watch.joined` /
 * `watch.left` on the bus; every other instance applies those to its aggregate. No table is
 * written: presence is live state, and a database row would outlive a crash.
 *
 * A crashed instance never says `watch.left`, so its viewers must not stay "present" forever:
 * an instance with viewers publishes `presence.heartbeat` every `heartbeatMs`, and the others
 * drop the viewers of an instance they have not heard from for `ttlMs`. A joining instance (at
 * start, or after its bus came back from a gap in which it may have missed joins and leaves)
 * forgets what it had of the others and publishes `presence.sync`: every instance answers by
 * announcing its current viewers again. Each change of a stream's viewers — local, remote or
 * expired — is reported to `onChange` listeners (the owner's `viewers` subscription event).
 */
import type { BusEvent } from '../event-bus/bus-event.ts';
import type { EventBus } from '../event-bus/event-bus.ts';
import type { Logger } from '../logger.ts';

export interface PresenceLimits {
  /** How often an instance with viewers says it is alive. */
  readonly heartbeatMs: number;
  /** Viewers of an instance not heard from for this long are dropped (a few heartbeats). */
  readonly ttlMs: number;
}

/** One watch connection, as announced on the bus. */
export interface WatchPresence {
  readonly connectionId: string;
  readonly streamId: string;
  readonly ownerId: string;
  readonly viewerId: string;
  /** ISO time the connection subscribed. */
  readonly since: string;
}

interface Held extends WatchPresence {
  readonly instanceId: string;
}

export type PresenceListener = (change: Pick<WatchPresence, 'streamId' | 'ownerId' | 'viewerId'>) => void;

export class Presence {
  /** Every known connection (this instance's and the others'), by connection id. */
  private readonly connections = new Map<string, Held>();
  /** When each other instance was last heard from. */
  private readonly lastHeard = new Map<string, number>();
  private readonly listeners = new Set<PresenceListener>();
  private offs: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly bus: EventBus,
    private readonly instanceId: string,
    private readonly limits: PresenceLimits,
    private readonly logger: Pick<Logger, 'warn'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts listening, heartbeating and expiring; asks the other instances for their viewers. */
  start(): void {
    this.offs = [
      this.bus.subscribe((e) => {
        this.onBusEvent(e);
      }),
      this.bus.onResync(() => {
        this.resync();
      }),
    ];
    this.timer = setInterval(() => {
      this.tick();
    }, this.limits.heartbeatMs);
    this.timer.unref();
    this.announce({ kind: 'presence.sync', instanceId: this.instanceId });
  }

  stop(): void {
    for (const off of this.offs) off();
    this.offs = [];
    clearInterval(this.timer);
  }

  /** Calls `listener` with each stream whose viewers changed; returns the function that stops it. */
  onChange(listener: PresenceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A watch socket of this instance subscribed. */
  joined(watch: WatchPresence): void {
    this.apply({ ...watch, instanceId: this.instanceId });
    this.announce({ kind: 'watch.joined', instanceId: this.instanceId, ...watch });
  }

  /** A watch socket of this instance closed (idempotent). */
  left(connectionId: string): void {
    const held = this.connections.get(connectionId);
    if (held?.instanceId !== this.instanceId) return;
    this.remove(held);
    this.announce({ kind: 'watch.left', instanceId: this.instanceId, connectionId, streamId: held.streamId, ownerId: held.ownerId });
  }

  /** The connections watching `streamId` now, on every instance. */
  watching(streamId: string): WatchPresence[] {
    return [...this.connections.values()].filter((c) => c.streamId === streamId);
  }

  private onBusEvent(e: BusEvent): void {
    if (!('instanceId' in e) || e.instanceId === this.instanceId) return;
    this.lastHeard.set(e.instanceId, this.now());
    switch (e.kind) {
      case 'watch.joined':
        this.apply({
          connectionId: e.connectionId,
          streamId: e.streamId,
          ownerId: e.ownerId,
          viewerId: e.viewerId,
          since: e.since,
          instanceId: e.instanceId,
        });
        return;
      case 'watch.left': {
        const held = this.connections.get(e.connectionId);
        if (held?.instanceId === e.instanceId) this.remove(held);
        return;
      }
      case 'presence.sync':
        for (const c of this.connections.values()) {
          if (c.instanceId !== this.instanceId) continue;
          const { instanceId, ...watch } = c;
          this.announce({ kind: 'watch.joined', instanceId, ...watch });
        }
        return;
      case 'presence.heartbeat':
        return;
    }
  }

  /** After a bus gap: what this instance holds of the others may be stale; ask again. */
  private resync(): void {
    for (const c of [...this.connections.values()]) if (c.instanceId !== this.instanceId) this.remove(c);
    this.announce({ kind: 'presence.sync', instanceId: this.instanceId });
  }

  private tick(): void {
    if ([...this.connections.values()].some((c) => c.instanceId === this.instanceId)) {
      this.announce({ kind: 'presence.heartbeat', instanceId: this.instanceId });
    }
    const cutoff = this.now() - this.limits.ttlMs;
    for (const c of [...this.connections.values()]) {
      if (c.instanceId === this.instanceId) continue;
      if ((this.lastHeard.get(c.instanceId) ?? 0) < cutoff) this.remove(c);
    }
    for (const [id, at] of this.lastHeard) if (at < cutoff) this.lastHeard.delete(id);
  }

  private apply(c: Held): void {
    const known = this.connections.get(c.connectionId);
    this.connections.set(c.connectionId, c);
    if (!known) this.changed(c);
  }

  private remove(c: Held): void {
    if (this.connections.delete(c.connectionId)) this.changed(c);
  }

  private changed(c: Held): void {
    for (const l of this.listeners) {
      try {
        l({ streamId: c.streamId, ownerId: c.ownerId, viewerId: c.viewerId });
      } catch {
        // One listener's failure must not stop the others.
      }
    }
  }

  private announce(event: BusEvent): void {
    this.bus.publish(event).catch((e: unknown) => {
      // The heartbeat and the next sync repair what a lost announcement leaves out.
      this.logger.warn('presence: announcement failed', { kind: event.kind, error: e instanceof Error ? e.message : String(e) });
    });
  }
}
