// Test support only (imported by *.test.ts): a transparency log run in the test with the real
// Merkle tree and tree head signatures, logging certificates as the API does (entry 0x01 || DER).
import {
  MerkleTree,
  decodePem,
  exportStatementPublicKeyPem,
  generateStatementKey,
  hashLeaf,
  signTreeHead,
  type StatementKey,
} from '@seccam/pki';
import { bytesToBase64, bytesToHex, encodeLogEntry } from '@seccam/schema';
import type { LogProofInfo, SignedTreeHeadInfo } from './log-follower.ts';

export class TestLog {
  readonly tree = new MerkleTree();
  private constructor(
    readonly key: StatementKey,
    readonly publicKeyPem: string,
  ) {}

  /** A log of its own key, or (a fork) another log under the same key. */
  static async create(key?: StatementKey): Promise<TestLog> {
    const k = key ?? (await generateStatementKey());
    return new TestLog(k, await exportStatementPublicKeyPem(k.publicKey));
  }

  get logIdHex(): string {
    return this.key.keyIdHex;
  }

  /** Logs the issuance of the certificate `certDer`; answers its leaf index. */
  async append(certDer: Uint8Array): Promise<number> {
    return this.tree.appendLeafHash(await hashLeaf(encodeLogEntry({ type: 'certificate-issued', certificateDer: certDer })));
  }

  /** Logs the issuance of `certPem`; answers its leaf index. */
  appendCertificate(certPem: string): Promise<number> {
    return this.append(decodePem(certPem, 'CERTIFICATE'));
  }

  /** Logs an entry that is no certificate of the test (to grow the tree). */
  async appendOther(n: number): Promise<number> {
    return this.tree.appendLeafHash(await hashLeaf(Uint8Array.of(0x01, 0x30, 0x03, 0x02, 0x01, n)));
  }

  async head(size = this.tree.size, timestamp = new Date('2026-12-04T12:00:00.000Z')): Promise<SignedTreeHeadInfo> {
    const root = await this.tree.rootHash(size);
    const signature = await signTreeHead(
      { logIdHex: this.key.keyIdHex, treeSize: size, rootHashHex: bytesToHex(root), timestamp },
      this.key.privateKey,
    );
    return {
      treeSize: size,
      rootHashB64: bytesToBase64(root),
      timestamp: timestamp.toISOString(),
      logIdHex: this.key.keyIdHex,
      signatureB64: bytesToBase64(signature),
      logPublicKeyPem: this.publicKeyPem,
    };
  }

  /** The proof the API sends beside a certificate (GraphQL `LogProof`). */
  async proof(leafIndex: number, size = this.tree.size): Promise<LogProofInfo> {
    const path = await this.tree.inclusionProof(leafIndex, size);
    return { leafIndex, treeSize: size, auditPathB64: path.map(bytesToBase64), treeHead: await this.head(size) };
  }

  /** The consistency proof between two sizes, as the API's `consistencyProof` answers it. */
  consistency = async (first: number, second: number): Promise<string[]> =>
    (await this.tree.consistencyProof(first, second)).map(bytesToBase64);
}
