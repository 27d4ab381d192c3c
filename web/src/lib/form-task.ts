/**
 * The state every form in the app shows — busy, a progress line, an error that says what to do —
 * and the one way a submission runs: errors are described for people, progress is cleared.
 */
import { createSignal, type Accessor } from 'solid-js';
import type { SecBundle } from '@seccam/pki';
import { describeError } from './api-error';
import { readBundleFile } from './bundle-file';

export interface FormTask {
  readonly busy: Accessor<boolean>;
  readonly progress: Accessor<string | undefined>;
  readonly error: Accessor<string | undefined>;
  readonly setProgress: (text: string | undefined) => void;
  readonly setError: (text: string | undefined) => void;
  /** Runs one submission: clears the error, marks busy, and shows what went wrong, if anything. */
  run(task: () => Promise<void>): Promise<void>;
}

export function createFormTask(): FormTask {
  const [busy, setBusy] = createSignal(false);
  const [progress, setProgress] = createSignal<string>();
  const [error, setError] = createSignal<string>();
  return {
    busy,
    progress,
    error,
    setProgress,
    setError,
    async run(task) {
      setError(undefined);
      setBusy(true);
      try {
        await task();
        setProgress(undefined);
      } catch (e) {
        setProgress(undefined);
        setError(describeError(e));
      } finally {
        setBusy(false);
      }
    },
  };
}

/** A `.sec.json` file input's state: the parsed bundle (in memory only), or the reason it was refused. */
export function createBundlePicker(task: Pick<FormTask, 'setError'>, onPick: () => void = () => undefined) {
  const [bundle, setBundle] = createSignal<SecBundle>();
  const pick = async (input: HTMLInputElement): Promise<void> => {
    task.setError(undefined);
    setBundle(undefined);
    onPick();
    const file = input.files?.[0];
    if (!file) return;
    try {
      setBundle(await readBundleFile(file));
    } catch (e) {
      task.setError(describeError(e));
    }
  };
  return { bundle, pick };
}
