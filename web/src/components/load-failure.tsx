import { describeError } from '../lib/api-error';

/** "<what> could not be loaded: <why>" with a button to try again. */
export function LoadFailure(props: { readonly what: string; readonly error: unknown; readonly onRetry: () => void }) {
  return (
    <p role="alert" class="error">
      {props.what} could not be loaded: {describeError(props.error)}{' '}
      <button
        type="button"
        class="quiet"
        onClick={() => {
          props.onRetry();
        }}
      >
        Try again
      </button>
    </p>
  );
}
