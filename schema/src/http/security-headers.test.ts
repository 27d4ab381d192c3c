import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, securityHeaders, webSocketOriginOf } from './security-headers.ts';

describe('security headers', () => {
  it('let the web app talk to its own origin only, over HTTPS and WebSockets', () => {
    expect(webSocketOriginOf('https://seccam.example:8443')).toBe('wss://seccam.example:8443');
    expect(webSocketOriginOf('http://localhost:3000')).toBe('ws://localhost:3000');
    const policy = contentSecurityPolicy('https://seccam.example');
    expect(policy).toContain("connect-src 'self' wss://seccam.example;");
    expect(policy).toContain("script-src 'self';");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toMatch(/unsafe|\*/);
  });

  it('carry the policy among every header, each fitting in one header line', () => {
    const headers = securityHeaders('https://seccam.example');
    expect(headers['Content-Security-Policy']).toBe(contentSecurityPolicy('https://seccam.example'));
    for (const [name, value] of Object.entries(headers)) expect(`${name}: ${value}`).not.toMatch(/[\r\n"]/);
  });
});
