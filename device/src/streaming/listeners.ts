/** A small typed listener registry for the streaming clients' events. */
export class Listeners<Events extends Record<string, readonly unknown[]>> {
  readonly #byEvent = new Map<keyof Events, Set<unknown>>();

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof Events>(event: K, listener: (...args: Events[K]) => void): () => void {
    let set = this.#byEvent.get(event);
    if (set === undefined) {
      set = new Set();
      this.#byEvent.set(event, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<K extends keyof Events>(event: K, ...args: Events[K]): void {
    for (const listener of [...(this.#byEvent.get(event) ?? [])]) (listener as (...a: Events[K]) => void)(...args);
  }
}
