import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

describe('logger', () => {
  it('redacts secret-looking fields, strips URL queries and keeps one line per event', () => {
    const lines: string[] = [];
    const log = createLogger('debug', (l) => lines.push(l));
    log.info('login\nforged line', { user: 'alice', totp: '123456', sessionToken: 'abc', link: 'https://x/verify-email?token=SECRET' });
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? '';
    expect(line).not.toContain('\n');
    expect(line).not.toContain('123456');
    expect(line).not.toContain('abc');
    expect(line).not.toContain('SECRET');
    expect(line).toContain('"user":"alice"');
  });

  it('respects the level', () => {
    const lines: string[] = [];
    const log = createLogger('warn', (l) => lines.push(l));
    log.info('quiet');
    log.error('loud');
    expect(lines).toHaveLength(1);
  });
});
