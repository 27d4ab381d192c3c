import { createEffect, createSignal, on, onCleanup, type Accessor } from 'solid-js';

/** `source`, updated only once it has been still for `delayMs`, so typing does not send a request per key. */
export function debounced<T>(source: Accessor<T>, delayMs: number): Accessor<T> {
  const [value, setValue] = createSignal<T>(source());
  let timer: ReturnType<typeof setTimeout> | undefined;
  createEffect(
    on(
      source,
      (next) => {
        clearTimeout(timer);
        timer = setTimeout(() => setValue(() => next), delayMs);
      },
      { defer: true },
    ),
  );
  onCleanup(() => {
    clearTimeout(timer);
  });
  return value;
}
