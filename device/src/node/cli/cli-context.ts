import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { openBundle, parseSecBundle, type BundleContents } from '@seccam/pki';
import { FileRevokedGrantStore } from '../file-revoked-grant-store.ts';
import { FileContactStore } from '../file-contact-store.ts';
import { FileTransparencyStore } from '../file-transparency-store.ts';
import { HttpsClient } from '../https-client.ts';
import { identityFromBundle, type Identity } from '../../streaming/identity.ts';
import type { RequiredWitness } from '../../transparency/witness-requirement.ts';
import type { CliEnv } from './cli-env.ts';
import { CliError, usageError } from './cli-error.ts';
import { promptHidden } from './password-prompt.ts';
import { readSessionState, writeSessionState, type SessionState } from './state-file.ts';

export const DEFAULT_SERVER = 'https://localhost:3443';

/** Options every command accepts (node:util parseArgs form). */
export const GLOBAL_OPTIONS = {
  server: { type: 'string' },
  ca: { type: 'string' },
  bundle: { type: 'string' },
  state: { type: 'string' },
  origin: { type: 'string' },
  'require-witness': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface GlobalValues {
  readonly server?: string | undefined;
  readonly ca?: string | undefined;
  readonly bundle?: string | undefined;
  readonly state?: string | undefined;
  readonly origin?: string | undefined;
  /** `name=<base64 SPKI DER>` of each witness whose cosignature every tree head must carry ([Note: requiring witnesses]). */
  readonly 'require-witness'?: readonly string[] | undefined;
}

export interface CliIo {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
  readonly prompt: (question: string) => Promise<string>;
}

export const processIo: CliIo = { out: process.stdout, err: process.stderr, prompt: (question) => promptHidden(question) };

/**
 * What a command needs from the outside world, resolved lazily from flags, environment and the
 * saved session: the bundle (password from SECCAM_BUNDLE_PASSWORD or a prompt), the HTTPS
 * client (server, pinned CA, session cookie) and output streams.
 */
export class CliContext {
  #bundle: BundleContents | undefined;
  #identity: Identity | undefined;
  #state: SessionState | null | undefined;

  constructor(
    readonly env: CliEnv,
    readonly flags: GlobalValues,
    readonly io: CliIo = processIo,
  ) {}

  get stateFile(): string {
    return this.flags.state ?? this.env.stateFile;
  }

  print(line: string): void {
    this.io.out.write(`${line}\n`);
  }

  note(line: string): void {
    this.io.err.write(`${line}\n`);
  }

  bundlePath(): string {
    const path = this.flags.bundle ?? this.env.bundle;
    if (path === undefined) throw usageError('which bundle? pass --bundle <file.sec.json> or set SECCAM_BUNDLE');
    return path;
  }

  async bundle(): Promise<BundleContents> {
    if (this.#bundle) return this.#bundle;
    const path = this.bundlePath();
    const sealed = parseSecBundle(JSON.parse(await readFile(path, 'utf8')) as unknown);
    const password = this.env.bundlePassword ?? (await this.io.prompt(`Password for ${path}: `));
    this.#bundle = await openBundle(sealed, { username: sealed.aad.username, password });
    return this.#bundle;
  }

  async identity(): Promise<Identity> {
    this.#identity ??= await identityFromBundle(await this.bundle());
    return this.#identity;
  }

  async session(): Promise<SessionState | null> {
    if (this.#state === undefined) this.#state = await readSessionState(this.stateFile);
    return this.#state;
  }

  serverUrl(state: SessionState | null): string {
    const server = this.flags.server ?? this.env.server ?? state?.server ?? DEFAULT_SERVER;
    try {
      const url = new URL(server);
      if (url.protocol !== 'https:') throw usageError(`--server must be an https:// URL, got ${server}`);
      return url.origin;
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw usageError(`--server is not a URL: ${server}`);
    }
  }

  /**
   * An HTTPS client for the server, trusting `--ca` (a PEM file, or `system` for the public
   * roots), else the root pinned in the bundle (`useBundleRoot`) or saved at login. With
   * `withSession`, the saved session cookie is loaded (and must belong to this server).
   */
  async client(options: { withSession: boolean; useBundleRoot: boolean }): Promise<HttpsClient> {
    const state = await this.session();
    const baseUrl = this.serverUrl(state);
    const session = state?.server === baseUrl ? state : null;
    if (options.withSession && session === null) throw new CliError(`not logged in to ${baseUrl}: run \`login\` first`);
    const ca = await this.#caFor(options.useBundleRoot, session);
    const transparency = {
      store: new FileTransparencyStore(join(dirname(this.stateFile), 'transparency.json'), baseUrl),
      requireWitnesses: this.#requiredWitnesses(),
    };
    const revokedGrants = new FileRevokedGrantStore(join(dirname(this.stateFile), 'revoked-grants.json'));
    const client = new HttpsClient({
      baseUrl,
      ca,
      transparency,
      revokedGrants,
      contacts: this.contactStore(),
      ...(this.flags.origin ? { origin: this.flags.origin } : {}),
    });
    for (const [name, value] of Object.entries(options.withSession ? (session?.cookies ?? {}) : {})) client.cookies.set(name, value);
    return client;
  }

  /** The people this user verified, in `contacts.json` beside the session file ([Note: verified contacts]). */
  contactStore(): FileContactStore {
    return new FileContactStore(join(dirname(this.stateFile), 'contacts.json'));
  }

  /** Saves the client's session cookie (after login, or refreshed by later requests). */
  async saveSession(client: HttpsClient, username: string, caPem: string | readonly string[]): Promise<void> {
    const state = {
      server: client.options.baseUrl,
      username,
      cookies: Object.fromEntries(client.cookies),
      caPem: typeof caPem === 'string' ? caPem : caPem.join(''),
    };
    await writeSessionState(this.stateFile, state);
    this.#state = { v: 1, ...state, savedAt: new Date().toISOString() };
  }

  #requiredWitnesses(): RequiredWitness[] {
    return (this.flags['require-witness'] ?? []).map((entry) => {
      const at = entry.indexOf('=');
      if (at < 1) throw usageError(`--require-witness is name=<base64 public key> (as \`witness init\` prints it), got ${entry}`);
      return { name: entry.slice(0, at), publicKey: entry.slice(at + 1) };
    });
  }

  async #caFor(useBundleRoot: boolean, state: SessionState | null): Promise<string | string[]> {
    if (this.flags.ca === 'system') return [...rootCertificates];
    if (this.flags.ca !== undefined) return readFile(this.flags.ca, 'utf8');
    if (useBundleRoot) return (await this.bundle()).rootPem;
    if (state?.caPem) return state.caPem;
    throw usageError('which CA signs the server certificate? pass --ca <root.pem> (or --ca system), or --bundle to use its pinned root');
  }
}
