/**
 * Presence logic ([Note: presence]) on an in-memory bus between instances, with fake timers:
 * the paths the two-instance test cannot force — a missed `watch.left` repaired by the resync
 * after a bus gap, and heartbeats keeping or dropping another instance's viewers exactly at
 * the TTL.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BusEvent } from '../event-bus/bus-event.ts';
import type { BusListener, EventBus } from '../event-bus/event-bus.ts';
import { Presence, type WatchPresence } from './presence.ts';

/** One bus per instance on a shared "network"; `cut` makes an instance miss what is published. */
class MemoryNetwork {
  readonly buses: MemoryBus[] = [];
  bus(): MemoryBus {
    const bus = new MemoryBus(this);
    this.buses.push(bus);
    return bus;
  }
}

class MemoryBus implements EventBus {
  readonly listeners = new Set<BusListener>();
  readonly resyncs = new Set<() => void>();
  cut = false;
  constructor(private readonly network: MemoryNetwork) {}
  publish(event: BusEvent): Promise<void> {
    for (const bus of this.network.buses) if (!bus.cut) for (const l of bus.listeners) l(structuredClone(event));
    return Promise.resolve();
  }
  subscribe(listener: BusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  isListening(): boolean {
    return !this.cut;
  }
  onResync(listener: () => void): () => void {
    this.resyncs.add(listener);
    return () => this.resyncs.delete(listener);
  }
  restore(): void {
    this.cut = false;
    for (const l of this.resyncs) l();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

const LIMITS = { heartbeatMs: 1000, ttlMs: 3000 };
const quiet = { warn: () => undefined };
const watch = (connectionId: string, streamId = 's1'): WatchPresence => ({
  connectionId,
  streamId,
  ownerId: 'owner',
  viewerId: `viewer-${connectionId}`,
  since: new Date().toISOString(),
});
const ids = (p: Presence, streamId = 's1'): string[] =>
  p
    .watching(streamId)
    .map((w) => w.connectionId)
    .sort();

describe('presence between instances', () => {
  let network: MemoryNetwork;
  let x: Presence;
  let y: Presence;
  let busY: MemoryBus;

  beforeEach(() => {
    vi.useFakeTimers();
    network = new MemoryNetwork();
    x = new Presence(network.bus(), 'x', LIMITS, quiet);
    busY = network.bus();
    y = new Presence(busY, 'y', LIMITS, quiet);
    x.start();
    y.start();
  });
  afterEach(() => {
    x.stop();
    y.stop();
    vi.useRealTimers();
  });

  it('shares joins and leaves and reports each change once', () => {
    const changes: string[] = [];
    y.onChange((c) => changes.push(`${c.streamId}:${c.viewerId}`));
    x.joined(watch('a'));
    x.joined(watch('b', 's2'));
    expect(ids(y)).toEqual(['a']);
    expect(ids(y, 's2')).toEqual(['b']);
    x.left('a');
    x.left('a');
    expect(ids(y)).toEqual([]);
    expect(changes).toEqual(['s1:viewer-a', 's2:viewer-b', 's1:viewer-a']);
  });

  it("keeps a heartbeating instance's viewers and drops a silent one's after the TTL", () => {
    x.joined(watch('a'));
    vi.advanceTimersByTime(10 * LIMITS.ttlMs);
    expect(ids(y)).toEqual(['a']);
    x.stop(); // a crash: no heartbeat, no `watch.left`
    vi.advanceTimersByTime(LIMITS.ttlMs - LIMITS.heartbeatMs);
    expect(ids(y)).toEqual(['a']);
    vi.advanceTimersByTime(2 * LIMITS.heartbeatMs);
    expect(ids(y)).toEqual([]);
  });

  it('rebuilds after a bus gap: a missed leave is forgotten, a missed join learnt', () => {
    x.joined(watch('a'));
    busY.cut = true;
    x.left('a');
    x.joined(watch('b'));
    expect(ids(y)).toEqual(['a']);
    busY.restore();
    expect(ids(y)).toEqual(['b']);
    expect(ids(x)).toEqual(['b']);
  });

  it('lets a new instance learn who is watching', () => {
    x.joined(watch('a'));
    const z = new Presence(network.bus(), 'z', LIMITS, quiet);
    z.start();
    expect(ids(z)).toEqual(['a']);
    z.stop();
  });
});
