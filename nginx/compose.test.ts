/**
 * The container deployment, checked without a Docker engine: docker-compose.yml parsed and
 * asserted, the Dockerfile's build inputs present, and the image's render hook run with the
 * compose environment to prove it yields exactly what renderNginxConfig yields and that nginx
 * accepts the result.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { testNginxConfig } from './nginx-process.ts';
import { NGINX_INPUT_VARS, NGINX_TEMPLATE_PATH, readNginxTemplate, renderNginxConfig, type NginxVars } from './render.ts';
import { createTestPki, type TestPki } from './test-pki.ts';

const run = promisify(execFile);
const ROOT = new URL('../', import.meta.url).pathname;
const RENDER_HOOK = join(ROOT, 'docker/nginx/40-seccam-render.sh');

interface Service {
  readonly image?: string;
  readonly build?: { readonly target?: string };
  readonly environment?: Readonly<Record<string, string>>;
  readonly healthcheck?: { readonly test: readonly string[] };
  readonly ports?: readonly string[];
  readonly volumes?: readonly string[];
  readonly depends_on?: Readonly<Record<string, { readonly condition: string }>>;
  readonly command?: readonly string[];
}
interface Compose {
  readonly services: Readonly<Record<string, Service>>;
  readonly volumes: Readonly<Record<string, unknown>>;
}

/** Compose's `${VAR}`, `${VAR:-default}` and `${VAR:?message}` against `env` (`$$` is a literal `$`). */
function interpolate(value: string, env: Readonly<Record<string, string>>): string {
  return value.replace(/\$\$|\$\{([A-Z_][A-Z0-9_]*)(?::([-?])([^}]*))?\}/g, (match, name?: string, op?: string, arg?: string) => {
    if (name === undefined) return '$';
    const set = env[name];
    if (set !== undefined && set !== '') return set;
    if (op === '-') return arg ?? '';
    throw new Error(`${match}: ${arg ?? 'unset'}`);
  });
}

let compose: Compose;
let dir: string;
let pki: TestPki;

const service = (name: string): Service => {
  const found = compose.services[name];
  if (found === undefined) throw new Error(`no service ${name}`);
  return found;
};

/** The nginx service's environment as compose would hand it over (no overrides set). */
function nginxEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(service('nginx').environment ?? {}).map(([k, v]) => [k, interpolate(v, {})]));
}

beforeAll(async () => {
  compose = parse(await readFile(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as Compose;
  dir = await mkdtemp(join(tmpdir(), 'seccam-compose-'));
  await mkdir(join(dir, 'pki'));
  pki = await createTestPki(join(dir, 'pki'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('docker-compose.yml', () => {
  it('runs postgres, nats, mailpit, the PKI bootstrap, the API and the nginx edge, each with a health check', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'mailpit', 'nats', 'nginx', 'pki-init', 'postgres']);
    expect(service('postgres').image).toBe('postgres:16');
    expect(service('mailpit').image).toMatch(/^axllent\/mailpit:/);
    expect(service('nats').image).toMatch(/^nats:2\./);
    expect(service('nats').command).toContain('-js');
    for (const name of ['postgres', 'nats', 'mailpit', 'api', 'nginx'])
      expect(service(name).healthcheck?.test.length, name).toBeGreaterThan(1);
    expect(service('postgres').healthcheck?.test.join(' ')).toContain('pg_isready');
  });

  it('gives the API its database, mail and a master secret that must come from the environment', () => {
    const env = service('api').environment ?? {};
    expect(env.DATABASE_URL).toMatch(/^postgres:\/\/seccam:\$\{POSTGRES_PASSWORD:\?[^}]+\}@postgres:5432\/seccam$/);
    expect(env.SECCAM_MASTER_SECRET).toMatch(/^\$\{SECCAM_MASTER_SECRET:\?[^}]+\}$/);
    expect(service('postgres').environment?.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?[^}]+\}$/);
    expect(env).toMatchObject({
      SMTP_URL: 'smtp://mailpit:1025',
      NATS_URL: 'nats://nats:4222',
      HOST: '0.0.0.0',
      PORT: '3443',
      TRUST_PROXY: 'true',
    });
    expect(() => interpolate(env.SECCAM_MASTER_SECRET ?? '', {})).toThrow(/SECCAM_MASTER_SECRET/);
    expect(service('api').build?.target).toBe('api');
  });

  it('bootstraps the PKI once, before the API and the edge start', () => {
    expect(service('pki-init').command?.join(' ')).toContain('npx tsx pki/src/node/cli.ts init --dir /pki --hostname api');
    for (const name of ['api', 'nginx']) {
      expect(service(name).depends_on?.['pki-init']?.condition, name).toBe('service_completed_successfully');
    }
    expect(service('api').depends_on?.postgres?.condition).toBe('service_healthy');
    expect(service('api').depends_on?.nats?.condition).toBe('service_healthy');
    expect(service('nginx').depends_on?.api?.condition).toBe('service_healthy');
  });

  it('keeps data in named volumes and gives the edge only its own PKI files, read-only', () => {
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(['pgdata', 'pki', 'edge-pki']));
    expect(service('postgres').volumes).toContain('pgdata:/var/lib/postgresql/data');
    expect(service('api').volumes).toEqual(['api-data:/data', 'pki:/data/pki']);
    expect(service('pki-init').volumes).toEqual(['pki:/pki', 'edge-pki:/edge-pki']);
    expect(service('nginx').volumes).toEqual([`edge-pki:${nginxEnv().PKI_DIR ?? ''}:ro`]);
    const copied = /for f in ([^;]+);/.exec(service('pki-init').command?.join('\n') ?? '')?.[1]?.split(' ') ?? [];
    expect(copied.sort()).toEqual(['chain.pem', 'edge.crt', 'edge.key', 'nginx-client.crt', 'nginx-client.key', 'root.pem']);
  });

  it('publishes only the edge (443 and the HTTP redirect) and the mail UI on loopback', () => {
    expect(service('nginx').ports?.map((p) => interpolate(p, {}))).toEqual(['443:443', '80:80']);
    expect(service('mailpit').ports).toEqual(['127.0.0.1:8025:8025']);
    for (const name of ['postgres', 'nats', 'api', 'pki-init']) expect(service(name).ports, name).toBeUndefined();
  });
});

describe('the edge image', () => {
  it('renders at start exactly what renderNginxConfig renders, from the compose environment', async () => {
    const env = nginxEnv();
    expect(Object.keys(env).sort()).toEqual([...NGINX_INPUT_VARS].sort());
    const out = join(dir, 'hook.conf');
    await run('sh', [RENDER_HOOK], {
      env: { PATH: process.env.PATH, ...env, SECCAM_NGINX_TEMPLATE: NGINX_TEMPLATE_PATH.pathname, SECCAM_NGINX_CONF: out },
    });
    expect(await readFile(out, 'utf8')).toBe(renderNginxConfig(env as NginxVars, readNginxTemplate()));
  });

  it('refuses to render with a missing or unsafe value', async () => {
    const env = { ...nginxEnv(), SERVER_NAME: 'x; include /etc/shadow', API_TLS_NAME: '' };
    await expect(
      run('sh', [RENDER_HOOK], { env: { PATH: process.env.PATH, ...env, SECCAM_NGINX_CONF: join(dir, 'never.conf') } }),
    ).rejects.toThrow(/SERVER_NAME\(bad characters\) API_TLS_NAME\(missing\)/);
    expect(existsSync(join(dir, 'never.conf'))).toBe(false);
  });

  it('lists the same variables in the hook, the Dockerfile defaults and render.ts', async () => {
    const hook = await readFile(RENDER_HOOK, 'utf8');
    expect(/^SECCAM_NGINX_VARS="([^"]+)"$/m.exec(hook)?.[1]?.split(' ')).toEqual([...NGINX_INPUT_VARS]);
    const dockerfile = await readFile(join(ROOT, 'Dockerfile'), 'utf8');
    const edgeStage = dockerfile.slice(dockerfile.indexOf(' AS edge'));
    for (const name of NGINX_INPUT_VARS) expect(edgeStage, name).toMatch(new RegExp(`\\b${name}=\\S`));
  });

  // nginx -t loads the certificates and resolves the upstream name, so those two point at
  // stand-ins; every other value is the compose one.
  it('passes nginx -t with the compose values', async () => {
    const env = nginxEnv();
    const config = renderNginxConfig({ ...(env as NginxVars), PKI_DIR: pki.dir, API_UPSTREAM: '127.0.0.1:3443' }, readNginxTemplate());
    const prefix = join(dir, 'nginx-t');
    await mkdir(prefix);
    await writeFile(join(prefix, 'nginx.conf'), config);
    expect(await testNginxConfig(prefix, join(prefix, 'nginx.conf'))).toMatch(/test is successful/);
  });
});

describe('Dockerfile', () => {
  it('builds from files that exist and runs the API as a non-root user', async () => {
    const dockerfile = await readFile(join(ROOT, 'Dockerfile'), 'utf8');
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+)$/gm)].flatMap((m) =>
      (m[1] ?? '')
        .split(' ')
        .filter((token) => !token.startsWith('--'))
        .slice(0, -1),
    );
    // npm ci needs every workspace's manifest before the sources are copied.
    const { workspaces } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { workspaces: string[] };
    const manifests = workspaces.map((w) => `${w}/package.json`);
    expect(sources).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', ...manifests, 'nginx/nginx.conf.template']));
    for (const source of sources) if (source !== '.') expect(existsSync(join(ROOT, source)), source).toBe(true);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
    const apiStage = dockerfile.slice(dockerfile.indexOf(' AS api'), dockerfile.indexOf(' AS edge'));
    expect(apiStage).toMatch(/^USER node$/m);
    expect(apiStage).toContain('CMD ["npx", "tsx", "api/src/main.ts"]');
    expect(dockerfile).toMatch(/^RUN npm ci\b/m);
    expect(dockerfile).toMatch(/^RUN npm run build:web$/m);
  });
});
