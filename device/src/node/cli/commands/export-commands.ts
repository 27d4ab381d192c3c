import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { importStatementPublicKey, isPkiError } from '@seccam/pki';
import type { EvidenceLogStatus } from '../../../evidence/evidence-log.ts';
import { verifyEvidenceExport, type EvidenceReport, type EvidenceVerification } from '../../../evidence/verify-evidence.ts';
import { fetchPlatformLogKey } from '../../../transparency/platform-log.ts';
import { FileTransparencyStore } from '../../file-transparency-store.ts';
import { writeWebm } from '../../../media/write-webm.ts';
import { exportStream } from '../../../streaming/stream-export.ts';
import { CliError, usageError } from '../cli-error.ts';
import type { CliContext } from '../cli-context.ts';
import { booleanOption, formatBytes, onePositional, stringOption, type Command, type OptionValues } from '../command.ts';

function requiredPath(values: OptionValues, name: string, usage: string): string {
  const value = stringOption(values, name);
  if (value === undefined) throw usageError(`--${name} is required; usage: ${usage}`);
  return value;
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'export a stream as an evidence file: signed frames, key material, certificate chain',
  usage: '<streamId> --out file.scex [--disclose-keys] [--without-known-certificates]',
  options: { out: { type: 'string' }, 'disclose-keys': { type: 'boolean' }, 'without-known-certificates': { type: 'boolean' } },
  async run(ctx, positionals, values) {
    const streamId = onePositional(positionals, 'a stream id', `export ${this.usage}`);
    const out = requiredPath(values, 'out', `export ${this.usage}`);
    const discloseKeys = booleanOption(values, 'disclose-keys');
    const identity = await ctx.identity();
    const client = await ctx.client({ withSession: true, useBundleRoot: true });
    // Your own stream carries the signed list of the certificates you hold, unless you leave it out
    // (a recording made under a certificate from before a renewal).
    const knownCertificates = !booleanOption(values, 'without-known-certificates');
    const result = await exportStream(client, identity, streamId, { discloseKeys, knownCertificates });
    // Disclosed keys open the video for anyone holding the file: keep it private on disk.
    await writeFile(out, result.bytes, { mode: discloseKeys ? 0o600 : 0o644, flag: 'wx' });
    const ending = result.ended === 'signed' ? 'closed by the signed END frame' : `ended unsigned at seq ${result.frames - 1}`;
    ctx.print(
      `wrote ${out}: ${result.frames} frames (${ending}), epochs ${result.epochs.join(', ')}, ${formatBytes(result.bytes.byteLength)}`,
    );
    ctx.print(
      discloseKeys
        ? 'the content keys are IN the file: anyone holding it can watch the video'
        : `keys are wrapped to your certificate ${identity.encSerialHex}: verify-export needs your bundle to decrypt`,
    );
  },
};

async function optionalEncKey(ctx: CliContext): Promise<CryptoKey | undefined> {
  if (ctx.flags.bundle === undefined && ctx.env.bundle === undefined) return undefined;
  return (await ctx.identity()).encPrivateKey;
}

/**
 * The log id verify-export trusts: `--log-key` (the log's public key, PEM), else the log this
 * CLI pinned for the server while following it ([Note: following the log]); never the file's.
 */
async function pinnedLogId(ctx: CliContext, logKeyPath: string | undefined): Promise<string | undefined> {
  if (logKeyPath !== undefined) {
    try {
      return (await importStatementPublicKey(await readFile(logKeyPath, 'utf8'))).keyIdHex;
    } catch (error) {
      if (isPkiError(error)) throw usageError(`--log-key ${logKeyPath} is not an ECDSA P-256 public key (PEM): ${error.message}`);
      throw error;
    }
  }
  const server = ctx.serverUrl(await ctx.session());
  return (await new FileTransparencyStore(join(dirname(ctx.stateFile), 'transparency.json'), server).load())?.logIdHex;
}

function describeLog(log: EvidenceLogStatus): string {
  if (log.status === 'none')
    return 'log: NO LOG PROOF in the file (an export older than format version 2, or made without one): the certificate is not shown to be public';
  const e = log.entry;
  const where = `entry ${e.leafIndex} of transparency log ${e.logIdHex}, in its tree head of size ${e.treeSize} signed at ${e.headTimestamp}`;
  return log.status === 'verified'
    ? `log: the driver's certificate is ${where}; inclusion proof verified`
    : `log: the file says the driver's certificate is ${where}; NOT CHECKED against a log you trust (pass --log-key, or log in to the server once)`;
}

function describeKnown(report: EvidenceReport): string {
  const known = report.knownCertificates;
  if (known === null) return `known certificates: none in the file (only ${report.driver}'s own export carries her list)`;
  const signer = known.signedByExporter ? 'the exporter’s certificate' : 'certificate';
  return `known certificates: the frames' certificate is on ${report.driver}'s list of ${known.count}, signed at ${known.at} with ${signer} ${known.signerCertSerial}`;
}

function describeReport(result: Extract<EvidenceVerification, { ok: true }>): string[] {
  const r = result.report;
  const ending =
    r.ended === 'signed' ? `closed by the driver's signed END frame at seq ${r.lastSeq}` : `ended unsigned at seq ${r.lastSeq}`;
  const headline = r.ended === 'signed' ? 'VERIFIED' : `INCOMPLETE (no signed END; last signed seq ${r.lastSeq})`;
  return [
    `${headline} stream ${r.streamId}, recorded by ${r.driver} (sig certificate ${r.driverCertSerial})`,
    `frames ${r.firstSeq}..${r.lastSeq} (${r.frames}), one unbroken signed chain from the genesis, ${ending}`,
    `captured ${new Date(r.firstCaptureTs).toISOString()} .. ${new Date(r.lastCaptureTs).toISOString()}, epochs ${r.epochs.join(', ')}`,
    `exported by ${r.exporter} (certificate ${r.exporterCertSerial}) at ${r.exportedAt}; keys ${r.keys}; ${r.decrypted ? 'every frame decrypted' : 'not decrypted (wrapped keys: pass the recipient’s --bundle)'}`,
    describeLog(r.log),
    describeKnown(r),
    ...(result.info === null
      ? []
      : [`signed by the driver: title “${result.info.title}”, started ${new Date(result.info.startedAtMs).toISOString()}`]),
  ];
}

export const logKeyCommand: Command = {
  name: 'log-key',
  summary: 'save the transparency log key this server publishes, to pin for verify-export --log-key',
  usage: '--out log.pem',
  options: { out: { type: 'string' } },
  async run(ctx, _positionals, values) {
    const out = requiredPath(values, 'out', `log-key ${this.usage}`);
    const key = await fetchPlatformLogKey(await ctx.client({ withSession: false, useBundleRoot: false }));
    await writeFile(out, `${key.logPublicKeyPem.trim()}\n`, { flag: 'wx' });
    ctx.print(`wrote ${out}: log key id ${key.logIdHex} (compare it out of band, as you would the root's verification code)`);
  },
};

export const verifyExportCommand: Command = {
  name: 'verify-export',
  summary: 'verify an evidence file offline against a root you trust; optionally write the video',
  usage: '<file> --root root.pem [--log-key log.pem] [--crl crl.pem] [--bundle recipient.sec.json] [--out video.webm]',
  options: { root: { type: 'string' }, 'log-key': { type: 'string' }, crl: { type: 'string' }, out: { type: 'string' } },
  async run(ctx, positionals, values) {
    const file = onePositional(positionals, 'an evidence file', `verify-export ${this.usage}`);
    const rootPem = await readFile(requiredPath(values, 'root', `verify-export ${this.usage}`), 'utf8');
    const crlPath = stringOption(values, 'crl');
    const encPrivateKey = await optionalEncKey(ctx);
    const logIdHex = await pinnedLogId(ctx, stringOption(values, 'log-key'));
    const result = await verifyEvidenceExport(new Uint8Array(await readFile(file)), {
      rootPem,
      ...(logIdHex === undefined ? {} : { logIdHex }),
      ...(crlPath === undefined ? {} : { crlPems: [await readFile(crlPath, 'utf8')] }),
      ...(encPrivateKey === undefined ? {} : { encPrivateKey }),
    });
    if (!result.ok)
      throw new CliError(`NOT VERIFIED (${result.reason}${result.seq === undefined ? '' : ` at seq ${result.seq}`}): ${result.detail}`);
    for (const line of describeReport(result)) ctx.print(line);
    const out = stringOption(values, 'out');
    // [Note: incomplete evidence] A chain without the driver's signed END may have lost its tail
    // (server-side truncation looks the same): never VERIFIED, and a distinct exit code 3.
    if (result.report.ended !== 'signed') {
      if (out !== undefined && result.report.decrypted) await writeFile(out, await writeWebm(result.tracks, result.packets));
      throw new CliError(`INCOMPLETE: no signed END frame; last signed seq ${result.report.lastSeq}`, 3);
    }
    if (out === undefined) return;
    if (!result.report.decrypted)
      throw new CliError(`cannot write ${out}: the keys are wrapped; pass --bundle of the recipient the export was made for`);
    await writeFile(out, await writeWebm(result.tracks, result.packets));
    ctx.print(`wrote the video to ${out} (${result.packets.length} packets)`);
  },
};
