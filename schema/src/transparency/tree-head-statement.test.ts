import { describe, expect, it } from 'vitest';
import {
  decodeTreeHeadStatement,
  encodeTreeHeadStatement,
  MAX_TREE_HEAD_STATEMENT_BYTES,
  type TreeHeadFields,
} from './tree-head-statement.ts';

const utf8 = new TextEncoder();
const fields: TreeHeadFields = {
  logIdHex: 'a1'.repeat(32),
  treeSize: 8,
  // The RFC 6962 test tree of eight entries (pki/src/transparency/rfc6962-vectors.test-support.ts).
  rootHashHex: '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  timestamp: new Date('2026-12-01T21:40:00Z'),
};
const pinned = [
  'seccam-tree-head/v1',
  `log=${'a1'.repeat(32)}`,
  'size=8',
  'root=5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  'time=2026-12-01T21:40:00.000Z',
].join('\n');

describe('tree head statement', () => {
  it('is five lines in a fixed order (pinned bytes) and decodes back to the same fields', () => {
    const bytes = encodeTreeHeadStatement(fields);
    expect(new TextDecoder().decode(bytes)).toBe(pinned);
    expect(decodeTreeHeadStatement(bytes)).toEqual(fields);
  });

  it('encodes the empty tree and the largest size', () => {
    const empty = { ...fields, treeSize: 0, rootHashHex: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' };
    expect(decodeTreeHeadStatement(encodeTreeHeadStatement(empty))).toEqual(empty);
    const largest = { ...fields, treeSize: Number.MAX_SAFE_INTEGER };
    expect(new TextDecoder().decode(encodeTreeHeadStatement(largest))).toContain('\nsize=9007199254740991\n');
    expect(decodeTreeHeadStatement(encodeTreeHeadStatement(largest))).toEqual(largest);
  });

  it.each([
    ['an upper-case log id', { logIdHex: 'A1'.repeat(32) }, /logIdHex/],
    ['a short log id', { logIdHex: 'a1'.repeat(31) }, /logIdHex/],
    ['a log id smuggling a line', { logIdHex: `${'a1'.repeat(31)}\n1` }, /logIdHex/],
    ['a negative size', { treeSize: -1 }, /treeSize/],
    ['a fractional size', { treeSize: 1.5 }, /treeSize/],
    ['a size beyond 2^53 - 1', { treeSize: 2 ** 53 }, /treeSize/],
    ['a 31-byte root', { rootHashHex: 'ab'.repeat(31) }, /rootHashHex/],
    ['an invalid date', { timestamp: new Date(Number.NaN) }, /timestamp/],
    ['a year beyond 9999', { timestamp: new Date('+010000-01-01T00:00:00.000Z') }, /timestamp/],
  ])('refuses %s', (_label, change, message) => {
    expect(() => encodeTreeHeadStatement({ ...fields, ...change })).toThrow(message);
  });

  it.each([
    ['another version', pinned.replace('/v1', '/v2')],
    ['a trailing newline', `${pinned}\n`],
    ['CRLF line ends', pinned.replaceAll('\n', '\r\n')],
    ['a missing line', pinned.split('\n').slice(0, 4).join('\n')],
    ['reordered lines', pinned.split('\n').reverse().join('\n')],
    ['a leading zero', pinned.replace('size=8', 'size=08')],
    ['a plus sign', pinned.replace('size=8', 'size=+8')],
    ['an exponent', pinned.replace('size=8', 'size=8e0')],
    ['a size beyond 2^53 - 1', pinned.replace('size=8', 'size=9007199254740992')],
    ['upper-case hex', pinned.replace('root=5dc9', 'root=5DC9')],
    ['a time without milliseconds', pinned.replace('21:40:00.000Z', '21:40:00Z')],
    ['a time with an offset', pinned.replace('21:40:00.000Z', '21:40:00.000+00:00')],
    ['an impossible date', pinned.replace('2026-12-01', '2026-02-30')],
    ['a space after a label', pinned.replace('size=8', 'size= 8')],
    ['an unknown label', pinned.replace('size=', 'count=')],
  ])('refuses to decode %s', (_label, text) => {
    expect(() => decodeTreeHeadStatement(utf8.encode(text))).toThrow(TypeError);
  });

  it('refuses to decode oversized, non-UTF-8 and empty input', () => {
    expect(() => decodeTreeHeadStatement(new Uint8Array(MAX_TREE_HEAD_STATEMENT_BYTES + 1))).toThrow(TypeError);
    expect(() => decodeTreeHeadStatement(Uint8Array.of(0xff, 0xfe))).toThrow(TypeError);
    expect(() => decodeTreeHeadStatement(new Uint8Array(0))).toThrow(TypeError);
    expect(() => decodeTreeHeadStatement(utf8.encode(`\ufeff${pinned}`))).toThrow(TypeError);
  });
});
