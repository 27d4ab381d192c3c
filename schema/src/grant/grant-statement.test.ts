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
