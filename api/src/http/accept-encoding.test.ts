import { describe, expect, it } from 'vitest';
import { chooseStaticCoding, parseAcceptEncoding } from './accept-encoding.ts';

const both = ['br', 'gzip'] as const;

describe('chooseStaticCoding', () => {
  it('prefers brotli when the browser offers both (what Chromium sends)', () => {
    expect(chooseStaticCoding('gzip, deflate, br, zstd', both)).toBe('br');
  });

  it('follows the q-values, and q=0 refuses a coding', () => {
    expect(chooseStaticCoding('br;q=0.5, gzip', both)).toBe('gzip');
    expect(chooseStaticCoding('br;q=0, gzip;q=0.1', both)).toBe('gzip');
    expect(chooseStaticCoding('br;q=0, gzip;q=0', both)).toBeUndefined();
    expect(chooseStaticCoding('*;q=0', both)).toBeUndefined();
  });

  it('sends identity without a header, with identity only, or for codings it has no copy of', () => {
    expect(chooseStaticCoding(undefined, both)).toBeUndefined();
    expect(chooseStaticCoding('identity', both)).toBeUndefined();
    expect(chooseStaticCoding('deflate, zstd', both)).toBeUndefined();
    expect(chooseStaticCoding('br', ['gzip'])).toBeUndefined();
  });

  it('takes * for codings not named, and x-gzip for gzip', () => {
    expect(chooseStaticCoding('*', both)).toBe('br');
    expect(chooseStaticCoding('br;q=0, *', both)).toBe('gzip');
    expect(chooseStaticCoding('x-gzip', both)).toBe('gzip');
  });

  it('treats malformed entries as not offered', () => {
    expect(chooseStaticCoding('br;q=2', both)).toBeUndefined();
    expect(chooseStaticCoding('br;q=abc, gzip', both)).toBe('gzip');
    expect(chooseStaticCoding('b r, <gzip>', both)).toBeUndefined();
    expect(chooseStaticCoding(`${'x,'.repeat(600)}br`, both)).toBeUndefined();
    expect(parseAcceptEncoding('GZIP;Q=0.8').get('gzip')).toBe(0.8);
  });
});
