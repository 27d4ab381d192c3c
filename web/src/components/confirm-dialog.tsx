import { createEffect, Show, type JSX } from 'solid-js';
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
  createEffect(() => {
    if (dialog === undefined) return;
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  });
  return (
    <dialog
      ref={dialog}
      class="confirm-dialog"
      aria-labelledby="confirm-dialog-title"
      onCancel={(event) => {
        event.preventDefault();
        if (props.busy !== true) props.onCancel();
      }}
    >
      <h2 id="confirm-dialog-title">{props.title}</h2>
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
