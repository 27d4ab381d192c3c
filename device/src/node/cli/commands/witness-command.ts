import { homedir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isWitnessError, Witness } from '../../../transparency/witness.ts';
import { FileWitnessStore, witnessPublicKeyB64 } from '../../file-witness-store.ts';
import type { CliContext } from '../cli-context.ts';
import { CliError, describeError, usageError } from '../cli-error.ts';
import { booleanOption, numberOption, stringOption, type Command, type OptionValues } from '../command.ts';

/** Default seconds between rounds: the log re-signs its head every 60 s. */
const DEFAULT_INTERVAL_S = 60;
const USAGE = 'init --name NAME [--log-id HEX] [--dir DIR] | run --server URL --ca root.pem [--interval s] [--once] [--dir DIR]';

function witnessDir(values: OptionValues): string {
  return stringOption(values, 'dir') ?? join(homedir(), '.seccam', 'witness');
}

async function init(ctx: CliContext, values: OptionValues): Promise<void> {
  const name = stringOption(values, 'name');
  if (name === undefined) throw usageError(`which witness name? pass --name; usage: witness ${USAGE}`);
  const store = new FileWitnessStore(witnessDir(values));
  let key;
  try {
    key = await store.init(name, stringOption(values, 'log-id') ?? null);
  } catch (error) {
    throw new CliError(describeError(error));
  }
  ctx.print(`witness ${name} created in ${store.dir} (key id ${key.keyIdHex})`);
  ctx.print('give the log operator this entry for TRANSPARENCY_WITNESSES, and clients this name and key:');
  ctx.print(`${name}=${await witnessPublicKeyB64(key)}`);
}

async function run(ctx: CliContext, values: OptionValues): Promise<void> {
  const store = new FileWitnessStore(witnessDir(values));
  const witness = new Witness({ key: await store.key(), store });
  const client = await ctx.client({ withSession: false, useBundleRoot: false });
  const once = booleanOption(values, 'once');
  const intervalMs = numberOption(values, 'interval', DEFAULT_INTERVAL_S) * 1000;
  for (;;) {
    try {
      const round = await witness.round(client);
      ctx.print(
        `${round.cosignedAt.toISOString()} cosigned tree head of size ${round.treeSize} root ${round.rootHashB64}${round.grew ? '' : ' (unchanged)'}`,
      );
    } catch (error) {
      if (isWitnessError(error)) {
        ctx.note(`ALARM: ${error.message}`);
        ctx.note('this witness will not cosign this log again until the operator has looked at the evidence');
        throw new CliError(`refused to cosign: ${error.code}`);
      }
      if (once) throw error;
      ctx.note(`round failed, trying again in ${intervalMs / 1000} s: ${describeError(error)}`);
    }
    if (once) return;
    await sleep(intervalMs);
  }
}

/**
 * `witness`: an independent witness of the server's transparency log (docs/PROTOCOL.md §10,
 * "Witness"): `init` makes its key and state, `run` checks and cosigns the log's heads.
 */
export const witnessCommand: Command = {
  name: 'witness',
  summary: 'run an independent witness of the transparency log: check each new head is consistent, cosign it',
  usage: USAGE,
  options: {
    dir: { type: 'string' },
    name: { type: 'string' },
    'log-id': { type: 'string' },
    interval: { type: 'string' },
    once: { type: 'boolean' },
  },
  async run(ctx, positionals, values) {
    const [sub, ...rest] = positionals;
    if (rest.length > 0) throw usageError(`unexpected ${rest.join(' ')}; usage: witness ${USAGE}`);
    if (sub === 'init') return init(ctx, values);
    if (sub === 'run') return run(ctx, values);
    throw usageError(`witness init or witness run; usage: witness ${USAGE}`);
  },
};
