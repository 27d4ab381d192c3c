import { describe, expect, it } from 'vitest';
import { securityHeaders } from '@seccam/schema';
import { NGINX_TEMPLATE_VARS, NginxConfigError, readNginxTemplate, renderNginxConfig, type NginxVars } from './render.ts';

const VARS: NginxVars = {
  HTTPS_LISTEN: '443',
  HTTP_LISTEN: '127.0.0.1:80',
  SERVER_NAME: 'localhost',
  PUBLIC_ORIGIN: 'https://seccam.example:8443',
  PKI_DIR: '/etc/seccam/pki',
  API_UPSTREAM: 'api:3443',
  API_TLS_NAME: 'api',
  WEB_ROOT: '/usr/share/seccam/web',
  ACCESS_LOG: '/dev/stdout',
};

describe('renderNginxConfig', () => {
  it('fills every placeholder of the template and leaves nginx variables alone', () => {
    const config = renderNginxConfig(VARS, readNginxTemplate());
    expect(config).not.toMatch(/\$\{[A-Z]/);
    expect(config).toContain('proxy_ssl_certificate         /etc/seccam/pki/nginx-client.crt;');
    expect(config).toContain("connect-src 'self' wss://seccam.example:8443;");
    expect(config).toContain('return 301 https://seccam.example:8443$request_uri;');
    expect(config).toContain('proxy_set_header X-Forwarded-For            $remote_addr;');
    expect(config).not.toMatch(/^user /m);
  });

  it('sends exactly the security headers the API sends ([Note: one header policy, two servers])', () => {
    const config = renderNginxConfig(VARS, readNginxTemplate());
    const edge = Object.fromEntries(
      [...config.matchAll(/^\s*add_header (\S+) "([^"]*)" always;$/gm)].map((m): [string, string] => [m[1] ?? '', m[2] ?? '']),
    );
    expect(edge).toEqual(securityHeaders(VARS.PUBLIC_ORIGIN));
  });

  it('uses exactly the placeholders it knows', () => {
    const used = new Set([...readNginxTemplate().matchAll(/\$\{([A-Z][A-Z0-9_]*)\}/g)].map((m) => m[1]));
    expect([...used].sort()).toEqual([...NGINX_TEMPLATE_VARS].sort());
    expect(() => renderNginxConfig(VARS, 'x ${NOT_A_VAR};')).toThrow(/unknown placeholder \$\{NOT_A_VAR\}/);
  });

  it('adds a user directive only when asked', () => {
    expect(renderNginxConfig({ ...VARS, WORKER_USER: 'nginx' }, 'daemon off;\n')).toBe('user nginx;\ndaemon off;\n');
  });

  it('lists every missing or unsafe value at once', () => {
    const bad = {
      ...VARS,
      SERVER_NAME: 'localhost; include /etc/shadow',
      PKI_DIR: 'relative/pki',
      PUBLIC_ORIGIN: 'https://localhost/app',
      API_UPSTREAM: 'api',
      WEB_ROOT: '/srv/$document_root',
      HTTP_LISTEN: '',
      WORKER_USER: 'root;',
    };
    try {
      renderNginxConfig(bad, readNginxTemplate());
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(NginxConfigError);
      const names = (error as NginxConfigError).problems.map((p) => p.split(':')[0]);
      expect(names).toEqual(['HTTP_LISTEN', 'SERVER_NAME', 'PUBLIC_ORIGIN', 'PKI_DIR', 'API_UPSTREAM', 'WEB_ROOT', 'WORKER_USER']);
    }
  });

  it('accepts the listen and origin forms operators use', () => {
    for (const listen of ['443', '0.0.0.0:443', '[::]:443', '127.0.0.1:8443']) {
      expect(() => renderNginxConfig({ ...VARS, HTTPS_LISTEN: listen }, '')).not.toThrow();
    }
    for (const origin of ['http://localhost', 'https://localhost/', 'https://user@localhost', 'wss://localhost']) {
      expect(() => renderNginxConfig({ ...VARS, PUBLIC_ORIGIN: origin }, ''), origin).toThrow(NginxConfigError);
    }
  });
});
