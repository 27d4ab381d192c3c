import { createSignal } from 'solid-js';
import { MIN_PASSWORD_LENGTH, passwordStrength } from '../lib/password-strength';
import { PasswordInput } from './password-input';
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
      <PasswordInput
        id={`${props.id}-password`}
        label={`${props.label} (at least ${MIN_PASSWORD_LENGTH} characters; a phrase of unrelated words is best)`}
        autocomplete="new-password"
        minLength={MIN_PASSWORD_LENGTH}
        onInput={(value) => {
          setTyped(value);
          props.onPassword(value);
        }}
      />
      <PasswordMeter id={`${props.id}-strength`} strength={strength()} empty={typed() === ''} />
      <PasswordInput
        id={`${props.id}-repeat`}
        label="Repeat the password"
        autocomplete="new-password"
        minLength={MIN_PASSWORD_LENGTH}
        onInput={(value) => {
          props.onRepeat(value);
        }}
      />
    </>
  );
}
