import { access, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportStatementPublicKeyPem, importStatementKey, decodePem, type StatementKey } from '@seccam/pki';
import { ensureStatementKeyFile } from '@seccam/pki/node';
import { bytesToBase64, isWitnessName } from '@seccam/schema';
import type { WitnessEvidence, WitnessState, WitnessStore } from '../transparency/witness.ts';
import { readStateField, writeJsonFileAtomically, writeStateField } from './json-file.ts';

/**
 * A witness's folder ([Note: witness rounds]): `witness.key` (its statement key, PKCS#8 PEM,
 * 0600), `witness.json` (its name, the pinned log id and the last head it cosigned; public) and
 * `evidence/` (one JSON file per refused head, both heads as the log signed them). A state file
 * that does not parse is an error, never a fresh start: forgetting the last cosigned head is
 * what a log that forked wants.
 */
export class FileWitnessStore implements WitnessStore {
  constructor(readonly dir: string) {}

  get keyPath(): string {
    return join(this.dir, 'witness.key');
  }

  get statePath(): string {
    return join(this.dir, 'witness.json');
  }

  /**
   * Creates the witness: a new key and a state naming it and, if given, the log it follows.
   * @throws Error when the folder already holds a witness, or for a name that is not a witness name
   */
  async init(name: string, logIdHex: string | null): Promise<StatementKey> {
    if (!isWitnessName(name))
      throw new Error(`${JSON.stringify(name)} is not a witness name: 1 to 64 of a-z 0-9 . - starting with a letter or digit`);
    if (logIdHex !== null && !/^[0-9a-f]{64}$/.test(logIdHex)) throw new Error('the log id is 64 lower-case hex digits');
    for (const path of [this.keyPath, this.statePath]) {
      if (await exists(path)) throw new Error(`${path} exists already: this folder holds a witness`);
    }
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const key = await ensureStatementKeyFile(this.keyPath);
    await this.save({ name, logIdHex, lastCosigned: null });
    return key;
  }

  /** The witness key. */
  async key(): Promise<StatementKey> {
    return importStatementKey(await readFile(this.keyPath, 'utf8'));
  }

  async load(): Promise<WitnessState> {
    const state = await readStateField(this.statePath, 'state', isWitnessState, 'it remembers the last head this witness cosigned');
    if (state === undefined) throw new Error(`${this.statePath} does not exist: run \`witness init\` first`);
    return state;
  }

  async save(state: WitnessState): Promise<void> {
    await writeStateField(this.statePath, 'state', state);
  }

  async keepEvidence(evidence: WitnessEvidence): Promise<string> {
    const path = join(this.dir, 'evidence', `${evidence.code.toLowerCase()}-${evidence.detectedAt.replace(/[:.]/g, '-')}.json`);
    await writeJsonFileAtomically(path, evidence);
    return path;
  }
}

/** The witness key's public half as an operator configures it: base64 of the SPKI DER. */
export async function witnessPublicKeyB64(key: StatementKey): Promise<string> {
  return bytesToBase64(decodePem(await exportStatementPublicKeyPem(key.publicKey), 'PUBLIC KEY'));
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

function isWitnessState(value: unknown): value is WitnessState {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Record<string, unknown>;
  if (!isWitnessName(s.name) || !(s.logIdHex === null || (typeof s.logIdHex === 'string' && /^[0-9a-f]{64}$/.test(s.logIdHex))))
    return false;
  if (s.lastCosigned === null) return true;
  const h = s.lastCosigned as Record<string, unknown> | undefined;
  return (
    typeof h === 'object' &&
    typeof h.treeSize === 'number' &&
    Number.isSafeInteger(h.treeSize) &&
    h.treeSize >= 0 &&
    typeof h.rootHashB64 === 'string' &&
    typeof h.timestamp === 'string' &&
    typeof h.signatureB64 === 'string' &&
    typeof h.cosignedAt === 'string'
  );
}
