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
 * composition root (`pg-event-bus.ts`: PostgreSQL LISTEN/NOTIFY).
 */
import type { BusEvent } from './bus-event.ts';

export type BusListener = (event: BusEvent) => void;

export interface EventBus {
  /** Sends `event` to the subscribers of every instance, this one included. */
  publish(event: BusEvent): Promise<void>;
  /** Calls `listener` for every event received; returns the function that unsubscribes. */
  subscribe(listener: BusListener): () => void;
  /** Stops delivery to every subscriber and releases the transport. */
  close(): Promise<void>;
}

/**
 * Events as an async iterable (GraphQL subscriptions), built on `subscribe` alone. A reader
 * that falls `maxQueued` events behind loses the oldest; `return()` unsubscribes.
 */
export function busEvents(
  bus: Pick<EventBus, 'subscribe'>,
  filter: (e: BusEvent) => boolean | Promise<boolean>,
  maxQueued = 256,
): AsyncIterableIterator<BusEvent> {
  const queue: BusEvent[] = [];
  let wake: (() => void) | undefined;
  let done = false;
  const off = bus.subscribe((e) => {
    if (queue.length >= maxQueued) queue.shift(); // a subscriber that does not read loses the oldest, never grows
    queue.push(e);
    wake?.();
  });
  const finish = (): IteratorResult<BusEvent> => {
    done = true;
    off();
    wake?.();
    return { done: true, value: undefined };
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next(): Promise<IteratorResult<BusEvent>> {
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
