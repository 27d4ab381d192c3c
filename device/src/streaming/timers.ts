/** A timer handle in every runtime (a number in browsers, an object in Node). */
export type Timer = ReturnType<typeof setTimeout>;

/** Lets Node exit while only this timer is pending; browsers have nothing to unref. */
export function unrefTimer(timer: Timer): Timer {
  (timer as { unref?: () => void }).unref?.();
  return timer;
}
