/** A promise with its settle functions, marked handled so an unobserved rejection never crashes the process. */
export interface Deferred<T> {
  readonly promise: Promise<T>;
  readonly settled: boolean;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  const state = {
    promise,
    settled: false,
    resolve(value: T) {
      state.settled = true;
      resolve(value);
    },
    reject(error: unknown) {
      state.settled = true;
      reject(error);
    },
  };
  return state;
}
