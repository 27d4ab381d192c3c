/** A six-digit authenticator code field, labelled, with the hints phones use to offer the code. */
export function TotpCodeInput(props: { id: string; label: string; onInput: (code: string) => void }) {
  return (
    <>
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        required
        inputmode="numeric"
        pattern="[0-9]{6}"
        autocomplete="one-time-code"
        onInput={(e) => {
          props.onInput(e.currentTarget.value);
        }}
      />
    </>
  );
}
