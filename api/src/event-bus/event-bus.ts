/**
 * Server events, fanned out to every API instance.
 *
 * [Note: one path for events]
 * Everything that must reach sockets possibly held by another instance — a revoked grant
 * closing watch sockets, a `rekey` for the driver's ingest socket, a new frame for live
 * viewers, GraphQL subscription events — is published here. Every instance (the publishing one
 * included) receives each event from the transport and hands it to its local subscribers, so
 * callers never special-case "this instance". Payloads are small JSON (ids and numbers, never
 * frame bytes). Callers depend on this interface only; the transport is chosen by the
 * composition root: `pg-event-bus.ts` (PostgreSQL LISTEN/NOTIFY, the default, nothing to run)
 * or `nats-event-bus.ts` (NATS, when `NATS_URL` is set; see "Running several instances" in
 * docs/ARCHITECTURE.md).
 *
 * [Note: after a gap]
 * Delivery is at most once: while an instance's transport is down (its LISTEN connection lost)
 * events published by the others are lost to it, and the transport cannot replay them. When
 * the transport is back it calls its `onResync` listeners, and each subscriber that acts on
 * events re-checks in the database what a lost event could have changed — a revoked grant
 * (watch sockets), a revocation needing a rekey (ingest sockets), an ended session (any
 * socket), a stream's new frames or its END (the hub). The transport is listening again
 * before `onResync` runs, so an event is either delivered or visible to that re-check.
 */
import type { BusEvent } from './bus-event.ts';

export type BusListener = (event: BusEvent) => void;

export interface EventBus {
  /** Sends `event` to the subscribers of every instance, this one included. */
  publish(event: BusEvent): Promise<void>;
  /** Calls `listener` for every event received; returns the function that unsubscribes. */
  subscribe(listener: BusListener): () => void;
  /**
   * Calls `listener` each time the transport is back after events may have been lost
   * ([Note: after a gap]); returns the function that unsubscribes.
   */
  onResync(listener: () => void): () => void;
  /** True while the transport receives events (false while it reconnects: events are being missed). */
  isListening(): boolean;
  /** Stops delivery to every subscriber and releases the transport. */
  close(): Promise<void>;
}

/**
 * Events as an async iterable (GraphQL subscriptions), built on `subscribe` alone. A reader
 * that falls `maxQueued` events behind loses the oldest; `return()` unsubscribes.
 */
export function busEvents<E = BusEvent>(
  bus: { subscribe(listener: (event: E) => void): () => void },
  filter: (e: E) => boolean | Promise<boolean>,
  maxQueued = 256,
): AsyncIterableIterator<E> {
  const queue: E[] = [];
  let wake: (() => void) | undefined;
  let done = false;
  const off = bus.subscribe((e) => {
    if (queue.length >= maxQueued) queue.shift(); // a subscriber that does not read loses the oldest, never grows
    queue.push(e);
    wake?.();
  });
  const finish = (): IteratorResult<E> => {
    done = true;
    off();
    wake?.();
    return { done: true, value: undefined };
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next(): Promise<IteratorResult<E>> {
      while (!done) {
        const e = queue.shift();
        if (e) {
          if (await filter(e)) return { done: false, value: e };
          continue;
        }
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
      return { done: true, value: undefined };
    },
    return: () => Promise.resolve(finish()),
    throw: () => Promise.resolve(finish()),
  };
}

/**
 * The bus cannot take the event: NATS was unreachable at start-up, or the bus is closed. (A
 * link that drops later is not refused: [Note: publishing while NATS is away].)
 */
export class BusUnavailableError extends Error {
  readonly code = 'BUS_UNAVAILABLE';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BusUnavailableError';
  }
}

export function isBusUnavailable(e: unknown): e is BusUnavailableError {
  return e instanceof BusUnavailableError;
}
