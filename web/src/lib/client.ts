/**
 * The one SDK client of the web app: `@seccam/device` over the browser's own fetch and
 * WebSocket, talking to the page's origin. The session travels in the HttpOnly cookie, never in
 * JavaScript. `load` turns one SDK call into Solid signals for a view.
 */
import { createClient } from '@seccam/device';
import { createSignal, onCleanup, type Accessor } from 'solid-js';
import { describeError, errorCodeOf } from './api-error';

export const client = createClient();

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
