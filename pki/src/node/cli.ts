/**
 * Platform PKI command line.
 *
 *   tsx pki/src/node/cli.ts init [--dir data/pki] [--hostname api.example]...
 *   tsx pki/src/node/cli.ts show [--dir data/pki]
 *
 * `init` creates or repairs the store exactly as the API does on start ({@link ensurePki});
 * `show` prints what is in it. Exit codes: 0 ok, 1 failure, 2 usage error.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { describeCertificate } from '../certificate-info.ts';
import { splitPemBlocks } from '../pem.ts';
import { isPkiError } from '../pki-error.ts';
import { ensurePki, pkiPaths } from './ensure-pki.ts';

const USAGE = `usage: cli.ts <init|show> [--dir DIR] [--hostname NAME]...
  init   create the CA and service certificates in DIR (default data/pki), or reuse them
  show   describe the certificates in DIR`;

async function show(dir: string): Promise<void> {
  const paths = pkiPaths(dir);
  const files = [paths.rootCert, paths.intermediateCert, paths.apiCert, paths.edgeCert, paths.nginxClientCert];
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch(() => null);
    const leaf = text === null ? undefined : splitPemBlocks(text)[0];
    if (leaf === undefined) {
      process.stdout.write(`${file}: missing\n`);
      continue;
    }
    const info = await describeCertificate(leaf);
    process.stdout.write(
      [
        file,
        `  subject   ${info.subjectText}`,
        `  issuer    ${info.issuerText}`,
        `  serial    ${info.serialHex}`,
        `  valid     ${info.notBefore.toISOString()} .. ${info.notAfter.toISOString()}`,
        ...(info.altNames.length > 0 ? [`  names     ${info.altNames.join(', ')}`] : []),
        ...(info.holder === null ? [] : [`  policy    ${info.holder}`]),
        `  spki      sha256:${info.spkiSha256Hex}`,
        '',
      ].join('\n'),
    );
  }
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { dir: { type: 'string', default: 'data/pki' }, hostname: { type: 'string', multiple: true } },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const [command, ...rest] = parsed.positionals;
  const dir = parsed.values.dir;
  if (rest.length > 0 || (command !== 'init' && command !== 'show')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (command === 'show') {
    await show(dir);
    return 0;
  }
  const log = (message: string): void => {
    process.stdout.write(`${message}\n`);
  };
  log(`PKI: preparing ${dir} (the first run generates keys)…`);
  const material = await ensurePki(dir, { hostnames: parsed.values.hostname ?? [], log });
  log(`PKI: ready. Clients pin ${material.paths.rootCert}; nginx trusts ${material.paths.chain}.`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${isPkiError(error) ? `${error.code}: ${error.message}` : String(error)}\n`);
    process.exitCode = 1;
  },
);
