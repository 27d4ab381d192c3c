/**
 * The witness over real servers, as a compromised operator would fork the log: two API
 * instances with the one log key but two databases, each showing its own history. The witness
 * runs through the CLI (`seccam-device witness init / run --once`); clients follow the log with
 * and without requiring the witness.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadyAccount, driverAccount, startTestApi, type TestApi } from '@seccam/testkit';
import { printDocument } from '../client/print-document.ts';
import { HttpsClient } from '../node/https-client.ts';
import { CliContext, type CliIo } from '../node/cli/cli-context.ts';
import { readCliEnv } from '../node/cli/cli-env.ts';
import { runCli } from '../node/cli/main.ts';
import type { SignedTreeHeadInfo } from './log-follower.ts';
import { TreeHeadDocument } from './log-operations.ts';
import { isTransparencyError } from './transparency-error.ts';
import { MemoryTransparencyStore, type TransparencyStore } from './transparency-store.ts';
import { FileWitnessStore } from '../node/file-witness-store.ts';
import type { TypedQuery } from '../client/print-document.ts';
import { isWitnessError, Witness, type WitnessEvidence } from './witness.ts';
import type { RequiredWitness } from './witness-requirement.ts';

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

const sink = (chunks: string[]): NodeJS.WritableStream =>
  ({ write: (chunk: string) => chunks.push(chunk) > 0 }) as unknown as NodeJS.WritableStream;

describe('an independent witness of the transparency log', () => {
  let dir: string;
  let witnessDir: string;
  let caPath: string;
  let honest: TestApi;
  let forked: TestApi;
  let required: RequiredWitness;

  async function cli(args: string[]): Promise<Run> {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: sink(out), err: sink(err), prompt: () => Promise.reject(new Error('no prompt in tests')) };
    const code = await runCli(args, readCliEnv({ SECCAM_STATE: join(dir, 'session.json') }), io);
    return { code, out: out.join(''), err: err.join('') };
  }
  const witnessRun = (api: TestApi): Promise<Run> =>
    cli(['witness', 'run', '--once', '--server', api.baseUrl, '--ca', caPath, '--dir', witnessDir]);

  function client(
    api: TestApi,
    transparency: { store?: TransparencyStore; requireWitnesses?: readonly RequiredWitness[] } = {},
  ): HttpsClient {
    return new HttpsClient({ baseUrl: api.baseUrl, ca: api.pki.rootPem, transparency });
  }
  const headOf = async (api: TestApi): Promise<SignedTreeHeadInfo> => (await client(api).graphql(printDocument(TreeHeadDocument))).treeHead;
  const refusal = (promise: Promise<unknown>): Promise<string> =>
    promise.then(
      () => 'accepted',
      (e: unknown) => (isTransparencyError(e) ? e.code : String(e)),
    );
  const evidenceFiles = (): string[] => {
    const folder = join(witnessDir, 'evidence');
    return existsSync(folder) ? readdirSync(folder) : [];
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'seccam-witness-'));
    witnessDir = join(dir, 'witness');
    const init = await cli(['witness', 'init', '--name', 'w1.example', '--dir', witnessDir]);
    expect(init.code, init.err).toBe(0);
    const entry = /^(w1\.example)=([A-Za-z0-9+/=]+)$/m.exec(init.out);
    if (!entry?.[2]) throw new Error(`no TRANSPARENCY_WITNESSES entry in ${init.out}`);
    required = { name: 'w1.example', publicKey: entry[2] };
    const env = { TRANSPARENCY_WITNESSES: `${entry[1]}=${entry[2]}` };
    [honest, forked] = await Promise.all([startTestApi({ env }), startTestApi({ env })]);
    caPath = join(dir, 'root.pem');
    writeFileSync(caPath, honest.pki.rootPem);
    // Two histories under one log key: two accounts on one, one on the other (more later).
    await createReadyAccount(honest, driverAccount());
    await createReadyAccount(honest, driverAccount());
    await createReadyAccount(forked, driverAccount());
  });
  afterAll(async () => {
    await Promise.all([honest.stop(), forked.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to init twice in one folder', async () => {
    const again = await cli(['witness', 'init', '--name', 'w2', '--dir', witnessDir]);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/holds a witness/);
  });

  it('cosigns the honest head; a client requiring the witness accepts only cosigned heads', async () => {
    const requiring = client(honest, { requireWitnesses: [required] });
    expect(await refusal(requiring.log.acceptHead(await headOf(honest)))).toBe('NOT_WITNESSED');
    const run = await witnessRun(honest);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(/cosigned tree head of size 4 /);
    const head = await headOf(honest);
    expect(head.cosignatures?.map((c) => c.witnessName)).toEqual(['w1.example']);
    expect(await refusal(requiring.log.acceptHead(head))).toBe('accepted');
    // The log grows: its new head is refused until the witness has run again.
    await createReadyAccount(honest, driverAccount());
    const grown = await headOf(honest);
    expect(grown.treeSize).toBe(6);
    expect(await refusal(requiring.log.acceptHead(grown))).toBe('NOT_WITNESSED');
    expect((await witnessRun(honest)).code).toBe(0);
    expect(await refusal(requiring.log.acceptHead(await headOf(honest)))).toBe('accepted');
    // A round with nothing new cosigns the same size again.
    const unchanged = await witnessRun(honest);
    expect(unchanged.out).toMatch(/size 6 .*\(unchanged\)/);
  });

  it('refuses a rolled-back head (a smaller log) and keeps the evidence', async () => {
    const run = await witnessRun(forked);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/ALARM: ROLLBACK: the log shows a head of size 2, smaller than the head of size 6/);
    const [file] = evidenceFiles().filter((f) => f.startsWith('rollback-'));
    if (!file) throw new Error('no rollback evidence');
    const evidence = JSON.parse(readFileSync(join(witnessDir, 'evidence', file), 'utf8')) as WitnessEvidence;
    expect(evidence.lastCosigned?.treeSize).toBe(6);
    expect((evidence.shown as SignedTreeHeadInfo).treeSize).toBe(2);
  });

  it('detects the fork: the client that saw the honest head, and the witness that cosigned it, refuse the other history', async () => {
    await createReadyAccount(forked, driverAccount());
    await createReadyAccount(forked, driverAccount());
    await createReadyAccount(forked, driverAccount());
    const fork = await headOf(forked);
    const honestHead = await headOf(honest);
    expect(fork.treeSize).toBe(8);
    expect(fork.logIdHex).toBe(honestHead.logIdHex);
    // One device: it saw the honest head, then its server shows the fork (with the fork's proofs).
    const store = new MemoryTransparencyStore();
    await client(honest, { store }).log.acceptHead(honestHead);
    expect(await refusal(client(forked, { store }).log.acceptHead(fork))).toBe('FORK');
    // A device that never saw the honest head accepts the fork on its own...
    expect(await refusal(client(forked).log.acceptHead(fork))).toBe('accepted');
    // ...but the witness refuses it, loudly, and keeps both heads.
    const before = readFileSync(join(witnessDir, 'witness.json'), 'utf8');
    const run = await witnessRun(forked);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/ALARM: FORK: .*size 8 is not consistent with the head of size 6/);
    expect(run.err).toMatch(/evidence of both heads kept in .*fork-/);
    expect(readFileSync(join(witnessDir, 'witness.json'), 'utf8')).toBe(before);
    const [file] = evidenceFiles().filter((f) => f.startsWith('fork-'));
    if (!file) throw new Error('no fork evidence');
    const evidence = JSON.parse(readFileSync(join(witnessDir, 'evidence', file), 'utf8')) as WitnessEvidence;
    expect(evidence.lastCosigned).toMatchObject({ treeSize: 6, rootHashB64: honestHead.rootHashB64 });
    expect(evidence.shown).toMatchObject({ treeSize: 8, rootHashB64: fork.rootHashB64, signatureB64: fork.signatureB64 });
    // So a device that requires the witness refuses the fork too, whatever the server attaches.
    const requiring = client(forked, { requireWitnesses: [required] });
    expect(fork.cosignatures).toEqual([]);
    expect(await refusal(requiring.log.acceptHead(fork))).toBe('NOT_WITNESSED');
    const [honestCosignature] = honestHead.cosignatures ?? [];
    if (!honestCosignature) throw new Error('the honest head is not cosigned');
    for (const cosignatures of [
      [honestCosignature], // the witness's cosignature of another head
      [{ ...honestCosignature, witnessName: 'w2' }], // a witness this client does not require
      [{ ...honestCosignature, signatureB64: 'not base64' }, { witnessName: 7 }, null], // malformed
    ]) {
      expect(await refusal(requiring.log.acceptHead({ ...fork, cosignatures } as unknown as SignedTreeHeadInfo))).toBe('NOT_WITNESSED');
    }
    // The honest head with its real cosignature is still accepted by a fresh requiring client.
    expect(await refusal(client(honest, { requireWitnesses: [required] }).log.acceptHead(honestHead))).toBe('accepted');
  });

  it('treats a consistency proof lost on the network as a failed round, not a fork', async () => {
    class FlakyServer extends HttpsClient {
      override async graphql<T, V>(query: TypedQuery<T, V>, variables?: V): Promise<T> {
        if (query.includes('consistencyProof')) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
        return super.graphql(query, variables);
      }
    }
    await createReadyAccount(honest, driverAccount());
    const store = new FileWitnessStore(witnessDir);
    const witness = new Witness({ key: await store.key(), store });
    const before = readFileSync(store.statePath, 'utf8');
    const evidence = evidenceFiles();
    const error: unknown = await witness
      .round(new FlakyServer({ baseUrl: honest.baseUrl, ca: honest.pki.rootPem }))
      .catch((e: unknown) => e);
    expect(isWitnessError(error)).toBe(false);
    expect((error as Error).message).toBe('socket hang up');
    expect(readFileSync(store.statePath, 'utf8')).toBe(before);
    expect(evidenceFiles()).toEqual(evidence);
    const round = await witness.round(client(honest));
    expect(round).toMatchObject({ treeSize: 8, grew: true });
  });

  it('lets the CLI require the witness: --require-witness name=key', async () => {
    const io: CliIo = { out: sink([]), err: sink([]), prompt: () => Promise.reject(new Error('no prompt in tests')) };
    const context = (api: TestApi): CliContext =>
      new CliContext(
        readCliEnv({ SECCAM_STATE: join(dir, `${api.port}`, 'session.json') }),
        { server: api.baseUrl, ca: caPath, 'require-witness': [`${required.name}=${required.publicKey}`] },
        io,
      );
    const honestClient = await context(honest).client({ withSession: false, useBundleRoot: false });
    expect(await refusal(honestClient.log.acceptHead(await headOf(honest)))).toBe('accepted');
    const forkedClient = await context(forked).client({ withSession: false, useBundleRoot: false });
    expect(await refusal(forkedClient.log.acceptHead(await headOf(forked)))).toBe('NOT_WITNESSED');
    const bad = new CliContext(
      readCliEnv({ SECCAM_STATE: join(dir, 'bad', 'session.json') }),
      { server: honest.baseUrl, ca: caPath, 'require-witness': ['nokey'] },
      io,
    );
    await expect(bad.client({ withSession: false, useBundleRoot: false })).rejects.toThrow(/--require-witness is name=/);
  });

  it('refuses a bad witness list when the client is made', () => {
    expect(() => client(honest, { requireWitnesses: [{ name: 'W1', publicKey: required.publicKey }] })).toThrow(/not a witness name/);
    expect(() => client(honest, { requireWitnesses: [required, required] })).toThrow(/listed twice/);
    expect(() => client(honest, { requireWitnesses: [{ name: 'w1', publicKey: 'not a key!' }] })).toThrow(/neither an SPKI PEM nor base64/);
  });
});
