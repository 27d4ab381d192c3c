import type { PasswordStrength } from '../lib/password-strength';

const WORDS: Readonly<Record<PasswordStrength['rating'], string>> = {
  'too-weak': 'too weak',
  fair: 'fair',
  good: 'good',
  strong: 'strong',
};

/** The strength of the password being typed: a meter and its words (see [Note: password floor]). */
export function PasswordMeter(props: { readonly id: string; readonly strength: PasswordStrength; readonly empty: boolean }) {
  return (
    <div class="password-meter" data-rating={props.empty ? 'empty' : props.strength.rating}>
      <meter
        id={props.id}
        min={0}
        max={120}
        low={60}
        high={100}
        optimum={120}
        value={Math.min(props.strength.bits, 120)}
        aria-describedby={`${props.id}-text`}
        aria-label="Password strength"
      />
      <span id={`${props.id}-text`} class="password-meter-text" aria-live="polite">
        {props.empty ? 'Strength: type a password' : `Strength: ${WORDS[props.strength.rating]} (about ${props.strength.bits} bits)`}
      </span>
    </div>
  );
}
