/**
 * The system tools the test suite drives for real: nginx (the edge), Chromium (browser tests),
 * ffmpeg/ffprobe (independent media checks), oathtool (independent TOTP), openssl (independent
 * certificate checks), envsubst (the nginx container's render hook), nats-server (the tests of
 * several instances joined by NATS start their own).
 *
 * `npm run prerequisites` (tsx tools/prerequisites.ts) (run by `npm test` before vitest, and by `.ci/run`):
 * - everything present → one line, exit 0;
 * - something missing, running as root with apt-get → installs it with Debian's packages,
 *   showing apt's progress, then checks again;
 * - otherwise → names what is missing and the one command that installs it, exit 1, in well
 *   under a second. Never a silent skip: a test that needs a tool fails without it.
 *
 * `--check` (used by the vitest global setup) never installs, so a bare `npx vitest` also stops
 * at once with the command instead of hanging in a hook.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Command → the Debian package that provides it. */
export const SYSTEM_TOOLS: Readonly<Record<string, string>> = Object.freeze({
  nginx: 'nginx',
  chromium: 'chromium',
  ffmpeg: 'ffmpeg',
  ffprobe: 'ffmpeg',
  oathtool: 'oathtool',
  openssl: 'openssl',
  envsubst: 'gettext-base',
  'nats-server': 'nats-server',
});

/**
 * Files the tests need that are no command → their Debian package: nginx's brotli_static module
 * (the edge test serves precompressed `.br` files through it).
 */
export const SYSTEM_FILES: Readonly<Record<string, string>> = Object.freeze({
  '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so': 'libnginx-mod-http-brotli-static',
});

/** Debian installs daemons under sbin, which is not on every user's PATH. */
const EXTRA_DIRS = ['/usr/sbin', '/sbin', '/usr/local/sbin'];

export function findCommand(command: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const dir of dirs) {
    const path = join(dir, command);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

export interface MissingTool {
  /** The command, or the path of a needed file. */
  readonly command: string;
  readonly pkg: string;
}

export function missingTools(): MissingTool[] {
  const commands = Object.entries(SYSTEM_TOOLS)
    .filter(([command]) => findCommand(command) === undefined)
    .map(([command, pkg]) => ({ command, pkg }));
  const files = Object.entries(SYSTEM_FILES)
    .filter(([path]) => !existsSync(path))
    .map(([path, pkg]) => ({ command: path, pkg }));
  return [...commands, ...files];
}

function packagesOf(missing: readonly MissingTool[]): string[] {
  return [...new Set(missing.map((m) => m.pkg))];
}

export function installCommand(missing: readonly MissingTool[]): string {
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  return `${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${packagesOf(missing).join(' ')}`;
}

function apt(args: readonly string[]): boolean {
  const result = spawnSync('apt-get', [...args], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

function install(missing: readonly MissingTool[]): boolean {
  const pkgs = packagesOf(missing);
  process.stdout.write(
    `prerequisites: installing ${pkgs.join(', ')} with apt-get (for ${missing.map((m) => m.command).join(', ')}); ` +
      `Chromium is the large one, about a minute…\n`,
  );
  process.stdout.write('prerequisites: [1/2] apt-get update\n');
  if (!apt(['update', '-q'])) return false;
  process.stdout.write(`prerequisites: [2/2] apt-get install ${pkgs.join(' ')}\n`);
  return apt(['install', '-y', '-q', '--no-install-recommends', ...pkgs]);
}

function canInstall(): boolean {
  return process.getuid?.() === 0 && findCommand('apt-get') !== undefined && process.env.SECCAM_NO_INSTALL !== '1';
}

function refusal(missing: readonly MissingTool[]): string {
  return (
    `prerequisites: missing ${missing.map((m) => m.command).join(', ')} — the tests use the real tools.\n` +
    `Install them with:\n\n  ${installCommand(missing)}\n\nthen run npm test again.\n`
  );
}

/**
 * Checks (and, where allowed, installs) the system tools.
 * @returns true when every tool is present
 */
export function ensurePrerequisites(options: { readonly installIfMissing: boolean }): boolean {
  let missing = missingTools();
  if (missing.length === 0) return true;
  if (options.installIfMissing && canInstall()) {
    if (!install(missing)) process.stderr.write('prerequisites: apt-get failed (its output is above).\n');
    missing = missingTools();
    if (missing.length === 0) {
      process.stdout.write('prerequisites: installed; every system tool the tests use is present.\n');
      return true;
    }
  }
  process.stderr.write(refusal(missing));
  return false;
}

if (import.meta.filename === process.argv[1]) {
  const checkOnly = process.argv.includes('--check');
  if (!ensurePrerequisites({ installIfMissing: !checkOnly })) process.exit(1);
  if (!checkOnly) process.stdout.write(`prerequisites: ${Object.keys(SYSTEM_TOOLS).join(', ')} present.\n`);
}
