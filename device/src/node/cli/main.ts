#!/usr/bin/env tsx
/**
 * `seccam-device`: the headless dashcam client. Register, log in, stream a WebM file or the test
 * source, watch, share and revoke, export and verify evidence. Each command is one module under
 * `commands/`; this file only dispatches.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readCliEnv, type CliEnv } from './cli-env.ts';
import { CliContext, GLOBAL_OPTIONS, processIo, type CliIo } from './cli-context.ts';
import { CliError, describeError, usageError } from './cli-error.ts';
import type { Command, OptionValues } from './command.ts';
import { confirmTotpCommand, loginCommand, logoutCommand, registerCommand } from './commands/account-commands.ts';
import { contactsCommand } from './commands/contact-commands.ts';
import { exportCommand, logKeyCommand, verifyExportCommand } from './commands/export-commands.ts';
import { dispatchersCommand, grantCommand, grantsCommand, revokeCommand, streamsCommand } from './commands/sharing-commands.ts';
import { streamCommand } from './commands/stream-command.ts';
import { watchCommand } from './commands/watch-command.ts';
import { witnessCommand } from './commands/witness-command.ts';

export const COMMANDS: readonly Command[] = [
  registerCommand,
  confirmTotpCommand,
  loginCommand,
  logoutCommand,
  streamCommand,
  watchCommand,
  streamsCommand,
  dispatchersCommand,
  grantCommand,
  grantsCommand,
  revokeCommand,
  contactsCommand,
  exportCommand,
  verifyExportCommand,
  logKeyCommand,
  witnessCommand,
];

const GLOBAL_HELP = [
  'global options:',
  '  --server URL      API base URL (default: the one you logged in to, else https://localhost:3443; env SECCAM_SERVER)',
  '  --bundle FILE     your .sec.json bundle (env SECCAM_BUNDLE); password from SECCAM_BUNDLE_PASSWORD or a prompt',
  '  --ca FILE|system  CA for the TLS connection (default: the root pinned in your bundle)',
  '  --state FILE      session file written by login (default ~/.seccam/device-session.json; env SECCAM_STATE)',
  '  --origin URL      Origin header to send (none by default)',
  '  --require-witness NAME=KEY  accept only tree heads this witness cosigned (repeatable; KEY as `witness init` prints it)',
];

export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'usage: seccam-device <command> [options]',
    '',
    'commands:',
    ...lines,
    '',
    ...GLOBAL_HELP,
    '',
    'seccam-device <command> --help shows its options.',
  ].join('\n');
}

/** Runs one invocation; resolves with the exit code (0 ok, 1 failure, 2 usage). */
export async function runCli(argv: readonly string[], env: CliEnv = readCliEnv(), io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.out.write(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  try {
    const command = COMMANDS.find((c) => c.name === name);
    if (command === undefined) throw usageError(`unknown command '${name}'; commands: ${COMMANDS.map((c) => c.name).join(', ')}`);
    const { values, positionals } = parse(command, rest);
    if (values.help === true) {
      io.out.write(`usage: seccam-device ${command.name} ${command.usage}\n${command.summary}\n\n${GLOBAL_HELP.join('\n')}\n`);
      return 0;
    }
    await command.run(new CliContext(env, values, io), positionals, values);
    return 0;
  } catch (error) {
    io.err.write(`error: ${describeError(error)}\n`);
    return error instanceof CliError ? error.exitCode : 1;
  }
}

function parse(command: Command, args: readonly string[]): { values: OptionValues; positionals: string[] } {
  try {
    return parseArgs({ args: [...args], options: { ...GLOBAL_OPTIONS, ...command.options }, allowPositionals: true, strict: true });
  } catch (error) {
    if (error instanceof TypeError) throw usageError(`${error.message}; usage: seccam-device ${command.name} ${command.usage}`);
    throw error;
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false; // not a file path (e.g. a REPL): not run as the CLI
  }
}

if (isEntryPoint()) {
  const code = await runCli(process.argv.slice(2));
  process.exit(code);
}
