import { createEffect, createSignal, createUniqueId, Show, type Accessor, type JSX } from 'solid-js';
import { describeError } from '../lib/api-error';
import './confirm-dialog.css';

export interface ConfirmDialogProps {
  /** Shown while true (a modal `<dialog>`: focus moves into it, Escape cancels). */
  readonly open: boolean;
  readonly title: string;
  readonly confirmLabel: string;
  /** Marks the confirm button as destructive. */
  readonly danger?: boolean;
  readonly busy?: boolean;
  /** Why the action failed, shown inside the dialog so the user can retry or cancel. */
  readonly error?: string | undefined;
  readonly children: JSX.Element;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}

/**
 * Asks before an action that cannot be undone (revoking a grant, deleting a recording). A native
 * modal `<dialog>`, so focus is trapped and Escape closes it without any script of ours.
 */
export function ConfirmDialog(props: ConfirmDialogProps) {
  let dialog: HTMLDialogElement | undefined;
  // Several dialogs can be on one page (a share form and the grant list): each names itself.
  const titleId = `confirm-dialog-title-${createUniqueId()}`;
  createEffect(() => {
    if (dialog === undefined) return;
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  });
  return (
    <dialog
      ref={dialog}
      class="confirm-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        if (props.busy !== true) props.onCancel();
      }}
    >
      <h2 id={titleId}>{props.title}</h2>
      <div class="confirm-dialog-body">{props.children}</div>
      <Show when={props.error}>
        <p role="alert" class="error">
          {props.error}
        </p>
      </Show>
      <div class="actions">
        <button
          type="button"
          class={props.danger === true ? 'danger' : undefined}
          disabled={props.busy}
          onClick={() => {
            props.onConfirm();
          }}
        >
          {props.busy === true ? 'Working…' : props.confirmLabel}
        </button>
        <button
          type="button"
          class="quiet"
          disabled={props.busy}
          onClick={() => {
            props.onCancel();
          }}
        >
          Cancel
        </button>
      </div>
    </dialog>
  );
}

export interface Confirmation<T> {
  /** What the dialog asks about, while it is open. */
  readonly subject: Accessor<T | undefined>;
  readonly busy: Accessor<boolean>;
  readonly error: Accessor<string | undefined>;
  ask(subject: T): void;
  cancel(): void;
  /** Runs the action on the subject; on failure the dialog stays open with the error and `failureHint`. */
  confirm(): Promise<void>;
}

/** The state of a {@link ConfirmDialog} that runs `action` once confirmed. */
export function createConfirmation<T>(action: (subject: T) => Promise<void>, failureHint: string): Confirmation<T> {
  const [subject, setSubject] = createSignal<T>();
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  return {
    subject,
    busy,
    error,
    ask(next) {
      setError(undefined);
      setSubject(() => next);
    },
    cancel() {
      if (!busy()) setSubject(undefined);
    },
    async confirm() {
      const current = subject();
      if (current === undefined) return;
      setBusy(true);
      setError(undefined);
      try {
        await action(current);
        setSubject(undefined);
      } catch (e) {
        setError(`${describeError(e)} ${failureHint}`);
      } finally {
        setBusy(false);
      }
    },
  };
}
