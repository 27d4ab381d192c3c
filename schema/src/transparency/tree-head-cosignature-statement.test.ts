import { describe, expect, it } from 'vitest';
import {
  decodeTreeHeadCosignatureStatement,
  encodeTreeHeadCosignatureStatement,
  MAX_TREE_HEAD_COSIGNATURE_STATEMENT_BYTES,
  type TreeHeadCosignatureFields,
} from './tree-head-cosignature-statement.ts';
import { encodeTreeHeadStatement } from './tree-head-statement.ts';

const utf8 = new TextEncoder();
const fields: TreeHeadCosignatureFields = {
  witnessName: 'witness.example.org',
  witnessKeyIdHex: 'f764464d3a9febfec89a4ec7f33112015b8e6411cc7ae963dc8a4978c7d6131b',
  logIdHex: 'a1'.repeat(32),
  treeSize: 8,
  // The RFC 6962 test tree of eight entries (pki/src/transparency/rfc6962-vectors.test-support.ts).
  rootHashHex: '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  cosignedAt: new Date('2026-12-01T21:41:00Z'),
};
const pinned = [
  'seccam-tree-head-cosignature/v1',
  'witness=witness.example.org',
  'witness-key=f764464d3a9febfec89a4ec7f33112015b8e6411cc7ae963dc8a4978c7d6131b',
  `log=${'a1'.repeat(32)}`,
  'size=8',
  'root=5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  'time=2026-12-01T21:41:00.000Z',
].join('\n');

describe('tree head cosignature statement', () => {
  it('is seven lines in a fixed order (pinned bytes) and decodes back to the same fields', () => {
    const bytes = encodeTreeHeadCosignatureStatement(fields);
    expect(new TextDecoder().decode(bytes)).toBe(pinned);
    expect(decodeTreeHeadCosignatureStatement(bytes)).toEqual(fields);
  });

  it('never has the bytes of a log tree head statement: its own first line', () => {
    const head = encodeTreeHeadStatement({ ...fields, timestamp: fields.cosignedAt });
    expect(new TextDecoder().decode(head).split('\n')[0]).not.toBe(pinned.split('\n')[0]);
    expect(() => decodeTreeHeadCosignatureStatement(head)).toThrow(/starts with "seccam-tree-head-cosignature\/v1"/);
  });

  it('accepts the longest name and the largest size', () => {
    const largest = { ...fields, witnessName: `w${'-'.repeat(63)}`, treeSize: Number.MAX_SAFE_INTEGER };
    expect(decodeTreeHeadCosignatureStatement(encodeTreeHeadCosignatureStatement(largest))).toEqual(largest);
  });

  it.each([
    ['an empty witness name', { witnessName: '' }, /witnessName/],
    ['a witness name with upper case', { witnessName: 'Witness' }, /witnessName/],
    ['a witness name starting with a dot', { witnessName: '.w' }, /witnessName/],
    ['a witness name of 65 characters', { witnessName: 'w'.repeat(65) }, /witnessName/],
    ['a witness name smuggling a line', { witnessName: 'w\nsize=9' }, /witnessName/],
    ['a short witness key id', { witnessKeyIdHex: 'ab'.repeat(31) }, /witnessKeyIdHex/],
    ['an upper-case log id', { logIdHex: 'A1'.repeat(32) }, /logIdHex/],
    ['a negative size', { treeSize: -1 }, /treeSize/],
    ['a fractional size', { treeSize: 1.5 }, /treeSize/],
    ['a size beyond 2^53 - 1', { treeSize: 2 ** 53 }, /treeSize/],
    ['a 33-byte root', { rootHashHex: 'ab'.repeat(33) }, /rootHashHex/],
    ['an invalid date', { cosignedAt: new Date(Number.NaN) }, /cosignedAt/],
    ['a time given as a string', { cosignedAt: '2026-12-01T21:41:00.000Z' }, /cosignedAt/],
  ])('refuses %s', (_label, change, message) => {
    expect(() => encodeTreeHeadCosignatureStatement({ ...fields, ...change } as TreeHeadCosignatureFields)).toThrow(message);
  });

  it.each([
    ['another version', pinned.replace('/v1', '/v2')],
    ['a trailing newline', `${pinned}\n`],
    ['CRLF line ends', pinned.replaceAll('\n', '\r\n')],
    ['a missing line', pinned.split('\n').slice(0, 6).join('\n')],
    [
      'swapped lines',
      pinned.replace('witness=witness.example.org\nwitness-key=', 'witness-key=').replace('\nlog=', '\nwitness=witness.example.org\nlog='),
    ],
    ['a leading zero', pinned.replace('size=8', 'size=08')],
    ['upper-case hex', pinned.replace('root=5dc9', 'root=5DC9')],
    ['a time without milliseconds', pinned.replace('21:41:00.000Z', '21:41:00Z')],
    ['an impossible date', pinned.replace('2026-12-01', '2026-02-30')],
    ['a bad witness name', pinned.replace('witness=witness.example.org', 'witness=Witness')],
  ])('refuses to decode %s', (_label, text) => {
    expect(() => decodeTreeHeadCosignatureStatement(utf8.encode(text))).toThrow(TypeError);
  });

  it('refuses to decode oversized, non-UTF-8 and empty input', () => {
    expect(() => decodeTreeHeadCosignatureStatement(new Uint8Array(MAX_TREE_HEAD_COSIGNATURE_STATEMENT_BYTES + 1))).toThrow(TypeError);
    expect(() => decodeTreeHeadCosignatureStatement(Uint8Array.of(0xff, 0xfe))).toThrow(TypeError);
    expect(() => decodeTreeHeadCosignatureStatement(new Uint8Array(0))).toThrow(TypeError);
  });
});
