import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeGrantStatement, grantStatementProblem, type GrantStatementFields } from './grant-statement.ts';

const base: GrantStatementFields = {
  grantId: '0b6f4c1e-9a55-4c0d-8f7e-2a3b4c5d6e7f',
  driver: 'alice',
  dispatcher: 'acmeops',
  dispatcherEncSerial: '7f3a',
  scope: 'streams',
  streamIds: ['22222222-2222-4222-8222-222222222222', '11111111-1111-4111-8111-111111111111'],
  expiresAt: null,
  createdAt: new Date('2026-01-02T03:04:05.000Z'),
};

describe('grant statement', () => {
  it('encodes canonically, whatever the order of stream ids', () => {
    const text = new TextDecoder().decode(encodeGrantStatement(base));
    expect(text).toBe(
      [
        'seccam-grant/v1',
        'grant=0b6f4c1e-9a55-4c0d-8f7e-2a3b4c5d6e7f',
        'driver=alice',
        'dispatcher=acmeops',
        'dispatcher-enc-serial=7f3a',
        'scope=streams',
        'streams=11111111-1111-4111-8111-111111111111,22222222-2222-4222-8222-222222222222',
        'expires=-',
        'created=2026-01-02T03:04:05.000Z',
      ].join('\n'),
    );
    expect(encodeGrantStatement({ ...base, streamIds: [...base.streamIds].reverse() })).toEqual(encodeGrantStatement(base));
  });

  // The vectors docs/PROTOCOL.md §17 shows: byte length and SHA-256 of the exact bytes a driver signs.
  it.each([
    ['scope streams, no expiry', base, 256, 'e1543e6478af8f422835f76d423b8af9a71171d1bc864cb409d96296a6926287'],
    [
      'scope all, with expiry',
      { ...base, scope: 'all' as const, streamIds: [], expiresAt: new Date('2026-02-01T00:00:00.000Z') },
      202,
      '35f8364e38eb504b6f8751251cab3857f6da57ee972c90d9d066821bb6ea6840',
    ],
  ])('pins the documented vector: %s', (_name, fields, length, sha256) => {
    const bytes = encodeGrantStatement(fields);
    expect(bytes.length).toBe(length);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha256);
  });

  it.each([
    [{ driver: 'Alice' }, /usernames/],
    [{ dispatcher: 'alice' }, /itself/],
    [{ dispatcherEncSerial: '7F3A' }, /hex/],
    [{ scope: 'all' as const }, /no stream ids/],
    [{ streamIds: [] }, /1 to 1000/],
    [{ streamIds: ['x'] }, /UUIDs/],
    [{ grantId: 'nope' }, /grantId/],
    [{ expiresAt: new Date('2025-01-01T00:00:00Z') }, /after createdAt/],
    [{ dispatcher: 'acme\nscope=all' }, /usernames/],
  ])('refuses %j', (patch, message) => {
    const f = { ...base, ...patch };
    expect(grantStatementProblem(f)).toMatch(message);
    expect(() => encodeGrantStatement(f)).toThrow(message);
  });
});
