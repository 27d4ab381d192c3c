/**
 * Runs a re-check each time the bus is back after a gap ([Note: after a gap] in event-bus.ts):
 * one run at a time (a resync during a run runs it once more afterwards), and a run that fails
 * — the database went away again — is retried after `retryMs` until one succeeds.
 */
import type { Logger } from '../logger.ts';
import type { EventBus } from './event-bus.ts';

/** Returns the function that stops re-checking. */
export function onEveryResync(
  bus: Pick<EventBus, 'onResync'>,
  what: string,
  recheck: () => Promise<void>,
  logger: Pick<Logger, 'warn'>,
  retryMs = 1000,
): () => void {
  let running = false;
  let again = false;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const run = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    clearTimeout(retry);
    recheck()
      .catch((e: unknown) => {
        logger.warn(`${what}: re-check after a bus gap failed; retrying`, { error: e instanceof Error ? e.message : String(e) });
        retry = setTimeout(run, retryMs);
        retry.unref();
      })
      .finally(() => {
        running = false;
        if (again) {
          again = false;
          run();
        }
      });
  };
  const off = bus.onResync(run);
  return () => {
    stopped = true;
    clearTimeout(retry);
    off();
  };
}
