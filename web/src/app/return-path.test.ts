import { describe, expect, it } from 'vitest';
import { safeReturnPath, signInPathFor } from './return-path';

describe('safeReturnPath', () => {
  it('keeps a path of this site, with its query', () => {
    expect(safeReturnPath('/record')).toBe('/record');
    expect(safeReturnPath('/recordings/42?play=1')).toBe('/recordings/42?play=1');
  });

  it('refuses anything that could leave the site', () => {
    for (const hostile of [
      undefined,
      null,
      '',
      'record',
      'https://evil.test/',
      '//evil.test/x',
      '/\\evil.test',
      '\\\\evil.test',
      'javascript:alert(1)',
      '/\t/evil.test',
    ]) {
      expect(safeReturnPath(hostile)).toBe('/');
    }
  });

  it('round-trips through the sign-in URL', () => {
    const url = new URL(signInPathFor('/recordings/7?x=a&y=b'), 'https://localhost');
    expect(url.pathname).toBe('/login');
    expect(safeReturnPath(url.searchParams.get('next'))).toBe('/recordings/7?x=a&y=b');
  });
});
