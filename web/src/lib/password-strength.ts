/**
 * A bundle password's strength as an entropy estimate, and the floor the app refuses below.
 *
 * [Note: password floor]
 * The bundle is the account: whoever has the file and its password has the keys. The file is
 * sealed with PBKDF2-SHA-256 at 600 000 iterations, so an attacker who copies it tries maybe
 * 10⁴ guesses per second per GPU core-equivalent; 60 bits then means centuries. The estimate is
 * deliberately pessimistic: each character counts log2 of the alphabet its classes span, but a
 * character that repeats or continues a run (`aaa`, `abc`, `321`, keyboard rows) counts one bit,
 * and a password built around a very common word or the username loses that part. It is a
 * floor against the obvious, not a promise; long passphrases pass easily.
 */

/** Below this many estimated bits a new bundle password is refused. */
export const MIN_PASSWORD_BITS = 60;
/** At least this many characters, whatever the estimate. */
export const MIN_PASSWORD_LENGTH = 12;

export type PasswordRating = 'too-weak' | 'fair' | 'good' | 'strong';

export interface PasswordStrength {
  readonly bits: number;
  readonly rating: PasswordRating;
  /** Why it is refused, when it is; undefined when it is above the floor. */
  readonly problem: string | undefined;
}

/** The most common password stems: text containing one counts as if that part were one character. */
const COMMON = [
  'password',
  'passwort',
  'qwerty',
  'azerty',
  'letmein',
  'welcome',
  'iloveyou',
  'admin',
  'seccam',
  'dashcam',
  'secret',
  'monkey',
  'dragon',
];
const KEYBOARD_ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

function alphabetSize(password: string): number {
  let size = 0;
  if (/[a-z]/.test(password)) size += 26;
  if (/[A-Z]/.test(password)) size += 26;
  if (/[0-9]/.test(password)) size += 10;
  if (/[ ]/.test(password)) size += 1;
  if (/[!-/:-@[-`{-~]/.test(password)) size += 32;
  if (/[^\x20-\x7e]/.test(password)) size += 100;
  return Math.max(size, 1);
}

/** True when `b` follows `a` in the alphabet, the digits or a keyboard row, either way. */
function continuesRun(a: string, b: string): boolean {
  const step = b.charCodeAt(0) - a.charCodeAt(0);
  if (Math.abs(step) === 1 && /[a-z0-9]/i.test(a) && /[a-z0-9]/i.test(b)) return true;
  return KEYBOARD_ROWS.some((row) => {
    const i = row.indexOf(a.toLowerCase());
    const j = row.indexOf(b.toLowerCase());
    return i >= 0 && j >= 0 && Math.abs(i - j) === 1;
  });
}

/** `password` with each common stem (and the username) cut down to one character. */
function withoutCommonParts(password: string, username: string): string {
  let text = password;
  const stems = username.length >= 3 ? [...COMMON, username.toLowerCase()] : COMMON;
  for (const stem of stems) {
    let at = text.toLowerCase().indexOf(stem);
    while (at >= 0) {
      text = text.slice(0, at) + '\u0000' + text.slice(at + stem.length);
      at = text.toLowerCase().indexOf(stem);
    }
  }
  return text;
}

/** Estimated bits of `password` (see [Note: password floor]). */
export function estimatePasswordBits(password: string, username = ''): number {
  // Code points, not UTF-16 units: each counts once; an emoji sequence counting more than once only errs high on tiny alphabets.
  const chars = Array.from(withoutCommonParts(password, username));
  const perChar = Math.log2(alphabetSize(password));
  let bits = 0;
  chars.forEach((char, i) => {
    const previous = chars[i - 1];
    const predictable = char === '\u0000' || (previous !== undefined && (previous === char || continuesRun(previous, char)));
    bits += predictable ? 1 : perChar;
  });
  return Math.round(bits);
}

function ratingOf(bits: number): PasswordRating {
  if (bits < MIN_PASSWORD_BITS) return 'too-weak';
  if (bits < 80) return 'fair';
  if (bits < 100) return 'good';
  return 'strong';
}

/** The strength of a new bundle password, and the reason it is refused, if it is. */
export function passwordStrength(password: string, username = ''): PasswordStrength {
  const bits = estimatePasswordBits(password, username);
  const rating = ratingOf(bits);
  let problem: string | undefined;
  if (password.length < MIN_PASSWORD_LENGTH) problem = `The password must have at least ${MIN_PASSWORD_LENGTH} characters.`;
  else if (rating === 'too-weak')
    problem = `This password is too easy to guess (about ${bits} bits; at least ${MIN_PASSWORD_BITS} needed). Use a longer phrase of unrelated words.`;
  return { bits, rating, problem };
}
