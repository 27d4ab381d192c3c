// [Note: the username rule]
// A username is 3 to 32 lower-case ASCII letters or digits. It names an account in the API, the
// CN of its certificates, the grant statement a driver signs and the `<username>.sec.json`
// bundle file, so the closed alphabet leaves no case folding, Unicode look-alikes or separators
// to argue about. This is the one definition: the API's inputs, the database check
// (users.table.ts), the grant statement and the web register form all take it from here.

/** The username rule as an anchored regular expression (never global, so safe to share). */
export const USERNAME_PATTERN = /^[a-z0-9]{3,32}$/;

/** The same rule for an HTML `pattern` attribute, which is anchored implicitly. */
export const USERNAME_HTML_PATTERN = USERNAME_PATTERN.source.slice(1, -1);

/** The rule in words, for error messages and form labels. */
export const USERNAME_RULE = '3 to 32 lower-case letters or digits';

/** True when `text` is a string that follows the username rule. */
export function isUsername(text: unknown): text is string {
  return typeof text === 'string' && USERNAME_PATTERN.test(text);
}
