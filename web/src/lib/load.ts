/**
 * `load` turns one SDK call into Solid signals for a view. The app's one SDK client lives in the
 * session (`useSession().client`, features/identity/session.tsx).
 */
import { createSignal, onCleanup, type Accessor } from 'solid-js';
import { describeError, errorCodeOf } from './api-error';

export interface LoadState<T> {
  readonly data: Accessor<T | undefined>;
  readonly error: Accessor<string | undefined>;
  /** The API's error code (e.g. `UNAUTHENTICATED`) when the call failed with one. */
  readonly errorCode: Accessor<string | undefined>;
  readonly loading: Accessor<boolean>;
}

/** Runs `call` once for the current view; a result arriving after the view is gone is dropped. */
export function load<T>(call: () => Promise<T>): LoadState<T> {
  const [data, setData] = createSignal<T>();
  const [error, setError] = createSignal<string>();
  const [errorCode, setErrorCode] = createSignal<string>();
  const [loading, setLoading] = createSignal(true);
  let live = true;
  onCleanup(() => {
    live = false;
  });
  call().then(
    (value) => {
      if (!live) return;
      setData(() => value);
      setLoading(false);
    },
    (e: unknown) => {
      if (!live) return;
      setError(describeError(e));
      setErrorCode(errorCodeOf(e));
      setLoading(false);
    },
  );
  return { data, error, errorCode, loading };
}
