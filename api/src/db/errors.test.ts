import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnreachable, isUniqueViolation } from './errors.ts';

const withCode = (message: string, code: string): Error => Object.assign(new Error(message), { code });

describe('isDatabaseUnreachable', () => {
  it('recognises a lost or unreachable server, through drizzle, GraphQL and dual-stack wrapping', () => {
    const reachable = [
      withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      withCode('read ECONNRESET', 'ECONNRESET'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Query read timeout'),
      withCode('terminating connection due to administrator command', '57P01'),
      withCode('the database system is starting up', '57P03'),
      withCode('connection failure', '08006'),
      new Error('Failed query: select 1\nparams: ', { cause: new Error('Connection terminated unexpectedly') }),
      new GraphQLError('wrapped', { originalError: new Error('x', { cause: withCode('read ECONNRESET', 'ECONNRESET') }) }),
      new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], 'all addresses failed'),
    ];
    for (const e of reachable) expect(isDatabaseUnreachable(e), String(e)).toBe(true);
  });

  it('leaves errors the server answered, bugs and non-errors alone', () => {
    const other = [
      withCode('duplicate key value violates unique constraint', '23505'),
      withCode('syntax error at or near "selec"', '42601'),
      new Error('Connection terminated unexpectedly, really?'),
      new TypeError('Cannot read properties of undefined'),
      'Connection terminated',
      undefined,
    ];
    for (const e of other) expect(isDatabaseUnreachable(e), String(e)).toBe(false);
    expect(isUniqueViolation(other[0])).toBe(true);
  });

  it('stops on a cause cycle', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    Object.assign(a, { cause: b });
    expect(isDatabaseUnreachable(a)).toBe(false);
  });
});
