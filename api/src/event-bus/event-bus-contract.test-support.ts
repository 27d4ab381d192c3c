// Test support only: what every EventBus implementation must do, as tests both bus test files run.
import { expect, it } from 'vitest';
import type { BusEvent } from './bus-event.ts';
import { busEvents, type EventBus } from './event-bus.ts';

/** Two buses on one transport (standing for two API instances) and what the contract needs of it. */
export interface BusContractWorld {
  readonly a: EventBus;
  readonly b: EventBus;
  /** Puts payloads on the transport that are not valid events (or not where events go), bypassing `publish`. */
  readonly injectInvalid: () => Promise<void>;
  /** Opens one more bus on the same transport. */
  readonly open: () => Promise<EventBus>;
}

export const ended = (userId: string): BusEvent => ({ kind: 'sessions.ended', userId, sessionIds: null });

/** Registers the shared bus tests in the enclosing describe; `world()` is read once its beforeAll ran. */
export function eventBusContract(world: () => BusContractWorld): void {
  it('delivers a published event to every instance, the publisher included', async () => {
    const { a, b } = world();
    const onA: BusEvent[] = [];
    const onB: BusEvent[] = [];
    const offA = a.subscribe((e) => onA.push(e));
    const offB = b.subscribe((e) => onB.push(e));
    await a.publish(ended('u1'));
    await expect.poll(() => [onA.length, onB.length]).toEqual([1, 1]);
    expect(onB[0]).toEqual(ended('u1'));
    offA();
    offB();
  });

  it('drops payloads that are not events and keeps delivering past a failing listener', async () => {
    const { a, b, injectInvalid } = world();
    const seen: BusEvent[] = [];
    const offBad = b.subscribe(() => {
      throw new Error('listener bug');
    });
    const off = b.subscribe((e) => seen.push(e));
    await injectInvalid();
    await a.publish(ended('u2'));
    await expect.poll(() => seen.length).toBe(1);
    expect(seen).toEqual([ended('u2')]);
    offBad();
    off();
  });

  it('iterates filtered events until return()', async () => {
    const { a, b } = world();
    const events = busEvents(b, (e) => e.kind === 'sessions.ended' && e.userId === 'u4');
    const next = events.next();
    await a.publish(ended('u3'));
    await a.publish(ended('u4'));
    expect(await next).toEqual({ done: false, value: ended('u4') });
    expect(await events.return?.()).toEqual({ done: true, value: undefined });
    expect(await events.next()).toEqual({ done: true, value: undefined });
  });

  it('stops delivering once closed', async () => {
    const { a, open } = world();
    const c = await open();
    const seen: BusEvent[] = [];
    c.subscribe((e) => seen.push(e));
    await c.close();
    const onA: BusEvent[] = [];
    const offA = a.subscribe((e) => onA.push(e));
    await a.publish(ended('u5'));
    await expect.poll(() => onA.length).toBe(1);
    expect(seen).toEqual([]);
    offA();
  });
}
