import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { createFormatError } from './format-error.ts';

describe('formatError', () => {
  const lines: string[] = [];
  const formatError = createFormatError(createLogger('warn', (l) => lines.push(l)));

  it('answers an unreachable database as SERVICE_UNAVAILABLE, retryable, without the driver’s text', () => {
    const error = new GraphQLError('Connection terminated unexpectedly', {
      path: ['me'],
      originalError: new Error('Connection terminated unexpectedly'),
    });
    expect(formatError(error.toJSON(), error)).toEqual({
      message: expect.stringMatching(/temporarily unavailable/) as unknown,
      path: ['me'],
      extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true, retryAfterSeconds: 1 },
    });
    expect(lines.at(-1)).toMatch(/WARN database unreachable in resolver/);
  });

  it('still masks any other unexpected error', () => {
    const error = new GraphQLError('relation "users" does not exist', {
      originalError: Object.assign(new Error('relation "users" does not exist'), { code: '42P01' }),
    });
    expect(formatError(error.toJSON(), error)).toEqual({
      message: 'Internal server error.',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it('passes input validation failures with the property and rule only, never the input itself', () => {
    const failure = {
      target: { sigCsrPem: '-----BEGIN CERTIFICATE REQUEST-----', email: 'not-an-address' },
      value: 'not-an-address',
      property: 'email',
      constraints: { isEmail: 'email must be an email' },
      children: [{ target: {}, value: 'x', property: 'inner', constraints: { isLength: 'too long' }, children: [] }],
    };
    const error = new GraphQLError('Argument Validation Error', {
      extensions: { code: 'BAD_USER_INPUT', validationErrors: [failure] },
    });
    const formatted = formatError(error.toJSON(), error);
    expect(formatted.extensions?.validationErrors).toEqual([
      {
        property: 'email',
        constraints: { isEmail: 'email must be an email' },
        children: [{ property: 'inner', constraints: { isLength: 'too long' } }],
      },
    ]);
    expect(JSON.stringify(formatted)).not.toContain('not-an-address');
  });
});
