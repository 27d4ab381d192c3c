export interface PasswordInputProps {
  readonly id: string;
  readonly label: string;
  /** `current-password` to sign in or unlock, `new-password` to set one (password managers use it). */
  readonly autocomplete: 'current-password' | 'new-password';
  /** The length the browser enforces before submitting, if any. */
  readonly minLength?: number;
  readonly onInput: (value: string) => void;
}

/** A labelled, required password field. */
export function PasswordInput(props: PasswordInputProps) {
  return (
    <>
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="password"
        autocomplete={props.autocomplete}
        minLength={props.minLength}
        required
        onInput={(e) => {
          props.onInput(e.currentTarget.value);
        }}
      />
    </>
  );
}
