import { readFile, writeFile } from 'node:fs/promises';
import { confirmTotp, login, logout, registerAccount, sealBundle, type NewAccount } from '../../../accounts/account.ts';
import { GraphQLRequestError } from '../../../client/request-errors.ts';
import { foreignCertificatesInLog } from '../../../transparency/own-certificates.ts';
import { CliError, usageError } from '../cli-error.ts';
import { deleteSessionState } from '../state-file.ts';
import { onePositional, stringOption, type Command, type OptionValues } from '../command.ts';
import type { CliContext } from '../cli-context.ts';

function required(values: OptionValues, name: string): string {
  const value = stringOption(values, name);
  if (value === undefined) throw usageError(`--${name} is required`);
  return value;
}

function newAccount(values: OptionValues): NewAccount {
  const role = required(values, 'role');
  const username = required(values, 'username');
  const email = required(values, 'email');
  if (role === 'driver') return { username, email, role };
  if (role !== 'dispatcher') throw usageError('--role is driver or dispatcher');
  return {
    username,
    email,
    role,
    fullName: required(values, 'full-name'),
    organisation: required(values, 'organisation'),
    country: required(values, 'country'),
  };
}

async function newPassword(ctx: CliContext): Promise<string> {
  if (ctx.env.bundlePassword !== undefined) return ctx.env.bundlePassword;
  const first = await ctx.io.prompt('New bundle password: ');
  if (first.length < 12) throw new CliError('use a bundle password of at least 12 characters');
  if ((await ctx.io.prompt('Repeat the password: ')) !== first) throw new CliError('the passwords differ');
  return first;
}

export const registerCommand: Command = {
  name: 'register',
  summary: 'create an account; keys are made here and sealed into a new bundle',
  usage:
    '--username U --email E --role driver|dispatcher [--full-name N --organisation O --country CC] --bundle new.sec.json --ca root.pem',
  options: {
    username: { type: 'string' },
    email: { type: 'string' },
    role: { type: 'string' },
    'full-name': { type: 'string' },
    organisation: { type: 'string' },
    country: { type: 'string' },
  },
  async run(ctx, _positionals, values) {
    const account = newAccount(values);
    const bundlePath = ctx.bundlePath();
    const password = await newPassword(ctx);
    const client = await ctx.client({ withSession: false, useBundleRoot: false });
    const registered = await registerAccount(client, account);
    if (
      ctx.flags.ca !== undefined &&
      ctx.flags.ca !== 'system' &&
      (await readFile(ctx.flags.ca, 'utf8')).trim() !== registered.contents.rootPem.trim()
    ) {
      throw new CliError('the server returned another platform root than --ca: refusing to pin it (nothing was saved)');
    }
    const bundle = await sealBundle(registered.contents, password);
    await writeFile(bundlePath, `${JSON.stringify(bundle)}\n`, { mode: 0o600, flag: 'wx' });
    ctx.print(`registered ${account.username} (${account.role}); bundle written to ${bundlePath}`);
    ctx.print(`1. open the verification link mailed to ${account.email}`);
    ctx.print(`2. add this to your authenticator app: ${registered.registration.totpUri}`);
    ctx.print(`3. run: confirm-totp --username ${account.username} <code>`);
    ctx.print(`4. run: login --bundle ${bundlePath}`);
  },
};

export const confirmTotpCommand: Command = {
  name: 'confirm-totp',
  summary: 'confirm the authenticator app with its current code',
  usage: '--username U <code> --ca root.pem',
  options: { username: { type: 'string' } },
  async run(ctx, positionals, values) {
    const code = onePositional(positionals, 'the 6-digit code', this.usage);
    const client = await ctx.client({ withSession: false, useBundleRoot: false });
    await confirmTotp(client, required(values, 'username'), code);
    ctx.print('authenticator confirmed: you can log in');
  },
};

export const loginCommand: Command = {
  name: 'login',
  summary: 'sign the server challenge with the bundle key and log in with a TOTP code',
  usage: '--bundle me.sec.json [--totp CODE] [--server URL]',
  options: { totp: { type: 'string' } },
  async run(ctx, _positionals, values) {
    const contents = await ctx.bundle();
    const client = await ctx.client({ withSession: false, useBundleRoot: true });
    const totp = stringOption(values, 'totp') ?? (await ctx.io.prompt('TOTP code: '));
    const me = await login(client, contents, totp.trim());
    if (!client.cookies.size)
      throw new CliError('the server set no session cookie: is --server the API (or an edge that forwards cookies)?');
    await ctx.saveSession(client, me.username, client.options.ca);
    ctx.print(`logged in as ${me.username} (${me.role}); session saved to ${ctx.stateFile} (mode 0600, expires after 15 idle minutes)`);
    const foreign = await foreignCertificatesInLog(client, me.username, [contents.sigCertPem, contents.encCertPem]);
    for (const entry of foreign) {
      ctx.note(
        `WARNING: the transparency log holds a certificate in your name that this bundle does not: serial ${entry.serialHex}, ` +
          `log entry ${entry.leafIndex}${entry.revokedAt ? `, revoked ${entry.revokedAt}` : ''}. If you did not create it, ` +
          'someone can sign or receive keys as you: tell your platform operator and your dispatchers now.',
      );
    }
    if (foreign.length === 0) ctx.print('transparency log: every certificate in your name is one this bundle holds');
  },
};

export const logoutCommand: Command = {
  name: 'logout',
  summary: 'end the saved session on the server and delete it here',
  usage: '',
  options: {},
  async run(ctx) {
    const session = await ctx.session();
    if (session !== null) {
      const client = await ctx.client({ withSession: true, useBundleRoot: false });
      await logout(client).catch((error: unknown) => {
        if (!(error instanceof GraphQLRequestError && error.code === 'UNAUTHENTICATED')) throw error; // an expired session has ended already
      });
    }
    await deleteSessionState(ctx.stateFile);
    ctx.print('logged out');
  },
};
