import { createSignal } from 'solid-js';
import { MIN_PASSWORD_LENGTH, passwordStrength } from '../lib/password-strength';
import { PasswordMeter } from './password-meter';

export interface NewPasswordFieldsProps {
  /** Prefix of the input ids, unique on the page. */
  readonly id: string;
  readonly label: string;
  /** The account's username, which a good password does not contain. */
  readonly username: string;
  readonly onPassword: (value: string) => void;
  readonly onRepeat: (value: string) => void;
}

/** A new bundle password, typed twice, with a strength meter. */
export function NewPasswordFields(props: NewPasswordFieldsProps) {
  const [typed, setTyped] = createSignal('');
  const strength = () => passwordStrength(typed(), props.username);
  return (
    <>
      <label for={`${props.id}-password`}>
        {props.label} (at least {MIN_PASSWORD_LENGTH} characters; a phrase of unrelated words is best)
      </label>
      <input
        id={`${props.id}-password`}
        type="password"
        autocomplete="new-password"
        minLength={MIN_PASSWORD_LENGTH}
        required
        onInput={(e) => {
          setTyped(e.currentTarget.value);
          props.onPassword(e.currentTarget.value);
        }}
      />
      <PasswordMeter id={`${props.id}-strength`} strength={strength()} empty={typed() === ''} />
      <label for={`${props.id}-repeat`}>Repeat the password</label>
      <input
        id={`${props.id}-repeat`}
        type="password"
        autocomplete="new-password"
        minLength={MIN_PASSWORD_LENGTH}
        required
        onInput={(e) => {
          props.onRepeat(e.currentTarget.value);
        }}
      />
    </>
  );
}
