import { MIN_BUNDLE_PASSWORD_LENGTH } from '../lib/bundle-file';

export interface NewPasswordFieldsProps {
  /** Prefix of the input ids, unique on the page. */
  readonly id: string;
  readonly label: string;
  readonly onPassword: (value: string) => void;
  readonly onRepeat: (value: string) => void;
}

/** A new bundle password, typed twice. */
export function NewPasswordFields(props: NewPasswordFieldsProps) {
  return (
    <>
      <label for={`${props.id}-password`}>
        {props.label} (at least {MIN_BUNDLE_PASSWORD_LENGTH} characters)
      </label>
      <input
        id={`${props.id}-password`}
        type="password"
        autocomplete="new-password"
        minLength={MIN_BUNDLE_PASSWORD_LENGTH}
        required
        onInput={(e) => {
          props.onPassword(e.currentTarget.value);
        }}
      />
      <label for={`${props.id}-repeat`}>Repeat the password</label>
      <input
        id={`${props.id}-repeat`}
        type="password"
        autocomplete="new-password"
        minLength={MIN_BUNDLE_PASSWORD_LENGTH}
        required
        onInput={(e) => {
          props.onRepeat(e.currentTarget.value);
        }}
      />
    </>
  );
}
