import { Show } from 'solid-js';

export interface FormStatusProps {
  /** Progress shown to everyone, announced politely. */
  readonly progress?: string | undefined;
  /** A failure, announced at once. */
  readonly error?: string | undefined;
}

/** The progress line and error of a form, as live regions for screen readers. */
export function FormStatus(props: FormStatusProps) {
  return (
    <>
      <p role="status" aria-live="polite" class="progress">
        {props.progress ?? ''}
      </p>
      <Show when={props.error}>
        <p role="alert" class="error">
          {props.error}
        </p>
      </Show>
    </>
  );
}
