import { describe, expect, it } from 'vitest';
import { USERNAME_HTML_PATTERN, USERNAME_PATTERN, isUsername } from './username.ts';

describe('the username rule', () => {
  it('accepts 3 to 32 lower-case letters or digits only', () => {
    for (const name of ['abc', 'alice', 'a1b2c3', '0'.repeat(32)]) expect(isUsername(name)).toBe(true);
    for (const name of ['ab', 'a'.repeat(33), 'Alice', 'al ice', 'al|ice', 'alice\n', 'ålice', 'al-ice', 42, null]) {
      expect(isUsername(name)).toBe(false);
    }
  });

  it('reads the same as an HTML pattern (anchored by the browser)', () => {
    expect(USERNAME_HTML_PATTERN).toBe('[a-z0-9]{3,32}');
    const asBrowser = new RegExp(`^(?:${USERNAME_HTML_PATTERN})$`, 'v');
    for (const name of ['abc', 'ab', 'Alice', 'a'.repeat(33), 'a'.repeat(32)])
      expect(asBrowser.test(name)).toBe(USERNAME_PATTERN.test(name));
  });
});
