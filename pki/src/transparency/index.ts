// Certificate transparency core (docs/PROTOCOL.md §10): RFC 9162 Merkle tree hashing, the tree
// the log server keeps, inclusion and consistency proofs and their verification, and tree head
// signatures (the statement's bytes are in @seccam/schema). Pure and isomorphic; the SHA-256
// implementation is a parameter ([Note: hash provider]).

export {
  MERKLE_HASH_BYTES,
  defaultSha256,
  emptyRootHash,
  hashChildren,
  hashLeaf,
  isMerkleHash,
  webCryptoSha256,
  type Sha256,
} from './merkle-hash.ts';
export { MerkleTree } from './merkle-tree.ts';
export type { ProofCheck } from './proof-check.ts';
export { verifyInclusion, type InclusionCheck, type InclusionProofInput, type InclusionRejection } from './verify-inclusion.ts';
export { verifyConsistency, type ConsistencyCheck, type ConsistencyProofInput, type ConsistencyRejection } from './verify-consistency.ts';
export { signTreeHead, verifyTreeHeadSignature, type TreeHeadSignatureCheck } from './tree-head-signature.ts';
export { cosignTreeHead, verifyTreeHeadCosignature, type TreeHeadCosignatureCheck } from './tree-head-cosignature.ts';
