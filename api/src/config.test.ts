import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('gives the embedded defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3443, host: '127.0.0.1', databaseUrl: undefined, publicOrigin: 'https://localhost:3443' });
    expect(c.allowedOrigins).toEqual(['https://localhost:3443']);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('reports every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SECCAM_MASTER_SECRET: 'short', SMTP_URL: 'http://mail' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'SECCAM_MASTER_SECRET', 'SMTP_URL']) expect(problems).toContain(name);
    expect(problems).toContain('openssl rand -base64 32');
  });

  it('normalises origins and keeps the public one allowed', () => {
    const c = loadConfig({
      PUBLIC_ORIGIN: 'https://cam.example.com/app',
      ALLOWED_ORIGINS: 'https://ops.example.com/, https://cam.example.com',
    });
    expect(c.publicOrigin).toBe('https://cam.example.com');
    expect(c.allowedOrigins).toEqual(['https://cam.example.com', 'https://ops.example.com']);
  });
});
