import { describe, expect, it } from 'vitest';
import { estimatePasswordBits, MIN_PASSWORD_BITS, passwordStrength } from './password-strength';

describe('passwordStrength', () => {
  it('accepts long passphrases', () => {
    expect(passwordStrength('correct horse battery staple')).toMatchObject({ rating: 'strong', problem: undefined });
    expect(passwordStrength('another long passphrase').problem).toBeUndefined();
    expect(passwordStrength('Tr4m!quiet-Lake9').problem).toBeUndefined();
  });

  it('refuses short passwords with the length rule', () => {
    expect(passwordStrength('Xq9!vT2#').problem).toMatch(/at least 12 characters/);
  });

  it('refuses long but predictable passwords below the floor', () => {
    for (const weak of [
      'aaaaaaaaaaaaaaaaaaaa',
      'abcdefghijklmnop',
      '12345678901234',
      'qwertyuiopasdf',
      'password1234',
      'Password2024!!',
      'lowercaseonly',
    ]) {
      const strength = passwordStrength(weak);
      expect(strength.rating, weak).toBe('too-weak');
      expect(strength.problem, weak).toMatch(/too easy to guess/);
      expect(strength.bits, weak).toBeLessThan(MIN_PASSWORD_BITS);
    }
  });

  it('discounts the username inside the password', () => {
    expect(estimatePasswordBits('driverjane2024!x', 'driverjane')).toBeLessThan(estimatePasswordBits('driverjane2024!x'));
    expect(passwordStrength('driverjane2024!x', 'driverjane').rating).toBe('too-weak');
  });

  it('grows with length', () => {
    expect(estimatePasswordBits('plum river glass')).toBeLessThan(estimatePasswordBits('plum river glass orbit'));
  });
});
