/**
 * Renders the edge configuration `nginx/nginx.conf.template`.
 *
 * [Note: one template, two renderers]
 * The template holds `${NAME}` placeholders. Tests and local runs render it with
 * {@link renderNginxConfig}; the nginx container renders the very same file at start with
 * `envsubst` restricted to the same names (`docker/nginx/40-seccam-render.sh`), because the
 * nginx image has no Node. A test checks that both produce identical bytes, so the list of
 * names lives here and is repeated once in that script.
 */
import { readFileSync } from 'node:fs';

/** Every placeholder the operator sets (PUBLIC_WS_ORIGIN is derived from PUBLIC_ORIGIN). */
export const NGINX_INPUT_VARS = [
  'HTTPS_LISTEN',
  'HTTP_LISTEN',
  'SERVER_NAME',
  'PUBLIC_ORIGIN',
  'PKI_DIR',
  'API_UPSTREAM',
  'API_TLS_NAME',
  'WEB_ROOT',
  'ACCESS_LOG',
] as const;

/** Every placeholder that may appear in the template (the last three are derived). */
export const NGINX_TEMPLATE_VARS = [...NGINX_INPUT_VARS, 'PUBLIC_WS_ORIGIN', 'BROTLI_LOAD_MODULE', 'BROTLI_STATIC'] as const;

/** Where Debian's libnginx-mod-http-brotli-static installs the module (tools/prerequisites.ts installs it). */
export const DEBIAN_BROTLI_STATIC_MODULE = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';

/**
 * The two brotli lines without the module. The nginx.org image has no brotli module, so its
 * render script (docker/nginx/40-seccam-render.sh) writes these same comments; there, clients
 * that accept only brotli get the gzip copy.
 */
export const NO_BROTLI_LOAD_MODULE = '# brotli: no module loaded';
export const NO_BROTLI_STATIC = '# brotli_static: needs the module';

export type NginxInputVar = (typeof NGINX_INPUT_VARS)[number];

/**
 * Values for the template. Listen values are a port or `address:port`; paths are absolute.
 * `WORKER_USER` adds a `user` directive (only meaningful when nginx starts as root; nginx
 * warns about it otherwise, so leave it out for unprivileged runs).
 */
export type NginxVars = Readonly<Record<NginxInputVar, string>> & {
  readonly WORKER_USER?: string;
  /** Absolute path of ngx_http_brotli_static_module.so: loads it and turns `brotli_static` on. */
  readonly BROTLI_STATIC_MODULE?: string;
};

/** Thrown when values are missing or unsafe; `problems` lists every one of them. */
export class NginxConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid nginx configuration values:\n  - ${problems.join('\n  - ')}`);
    this.name = 'NginxConfigError';
  }
}

const HOST = String.raw`(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\d{1,3}(?:\.\d{1,3}){3}|\[[0-9A-Fa-f:.]+\])`;
const PORT = String.raw`\d{1,5}`;
const ABSOLUTE_PATH = /^\/[A-Za-z0-9._/-]*$/;
const LISTEN = new RegExp(`^(?:${HOST}:)?${PORT}$`);
const HOST_PORT = new RegExp(`^${HOST}:${PORT}$`);
const HOSTNAME = new RegExp(`^${HOST}$`);

// [Note: values are data, never syntax]
// Every value lands inside an nginx directive. The patterns admit no whitespace, quotes,
// `;`, braces or `$`, so no value can end a directive, open a block or name a variable.
const RULES: Readonly<Record<NginxInputVar, { readonly test: (v: string) => boolean; readonly hint: string }>> = {
  HTTPS_LISTEN: { test: (v) => LISTEN.test(v), hint: 'a port or address:port' },
  HTTP_LISTEN: { test: (v) => LISTEN.test(v), hint: 'a port or address:port' },
  SERVER_NAME: { test: (v) => v === '_' || HOSTNAME.test(v), hint: 'a host name or _' },
  PUBLIC_ORIGIN: { test: isHttpsOrigin, hint: 'an https origin without path, e.g. https://localhost' },
  PKI_DIR: { test: (v) => ABSOLUTE_PATH.test(v), hint: 'an absolute path' },
  API_UPSTREAM: { test: (v) => HOST_PORT.test(v), hint: 'host:port' },
  API_TLS_NAME: { test: (v) => HOSTNAME.test(v), hint: 'the DNS name in the API certificate' },
  WEB_ROOT: { test: (v) => ABSOLUTE_PATH.test(v), hint: 'an absolute path' },
  ACCESS_LOG: { test: (v) => ABSOLUTE_PATH.test(v), hint: 'an absolute path such as /dev/stdout' },
};

function isHttpsOrigin(value: string): boolean {
  if (!/^https:\/\/[A-Za-z0-9.:[\]-]+$/.test(value)) return false;
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}

const PLACEHOLDER = /\$\{([A-Z][A-Z0-9_]*)\}/g;

/**
 * Fills the template's `${NAME}` placeholders. Pure: no I/O, throws {@link NginxConfigError}
 * listing every bad or missing value, and an `Error` for a placeholder it does not know.
 */
export function renderNginxConfig(vars: NginxVars, template: string): string {
  const problems = NGINX_INPUT_VARS.flatMap((name) => {
    const rule = RULES[name];
    const value = vars[name] as string | undefined;
    if (value === undefined || value === '') return [`${name}: missing (${rule.hint})`];
    return rule.test(value) ? [] : [`${name}: ${JSON.stringify(value)} is not ${rule.hint}`];
  });
  if (vars.WORKER_USER !== undefined && !/^[a-z_][a-z0-9_-]*$/.test(vars.WORKER_USER)) {
    problems.push(`WORKER_USER: ${JSON.stringify(vars.WORKER_USER)} is not a user name`);
  }
  if (vars.BROTLI_STATIC_MODULE !== undefined && !/^\/[A-Za-z0-9._/-]*\.so$/.test(vars.BROTLI_STATIC_MODULE)) {
    problems.push(`BROTLI_STATIC_MODULE: ${JSON.stringify(vars.BROTLI_STATIC_MODULE)} is not an absolute path to a .so file`);
  }
  if (problems.length > 0) throw new NginxConfigError(problems);
  const brotli = vars.BROTLI_STATIC_MODULE;

  const values: Readonly<Record<string, string>> = {
    ...vars,
    PUBLIC_WS_ORIGIN: vars.PUBLIC_ORIGIN.replace(/^https:/, 'wss:'),
    BROTLI_LOAD_MODULE: brotli === undefined ? NO_BROTLI_LOAD_MODULE : `load_module ${brotli};`,
    BROTLI_STATIC: brotli === undefined ? NO_BROTLI_STATIC : 'brotli_static on;',
  };
  const body = template.replace(PLACEHOLDER, (_match, name: string) => {
    if (!(NGINX_TEMPLATE_VARS as readonly string[]).includes(name)) {
      throw new Error(`nginx template: unknown placeholder \${${name}}`);
    }
    return values[name] ?? '';
  });
  return vars.WORKER_USER === undefined ? body : `user ${vars.WORKER_USER};\n${body}`;
}

/** Path of the template in this repository. */
export const NGINX_TEMPLATE_PATH = new URL('./nginx.conf.template', import.meta.url);

/** Reads the template shipped beside this module. */
export function readNginxTemplate(): string {
  return readFileSync(NGINX_TEMPLATE_PATH, 'utf8');
}
