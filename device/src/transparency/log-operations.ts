/**
 * The transparency log's GraphQL operations the SDK needs: the proof fields requested beside
 * every certificate it uses (`LogProofFields`) and the consistency proof between two heads.
 */
import { graphql } from '../gql/index.ts';
import type { SeccamClient } from '../client/seccam-client.ts';
import { printDocument } from '../client/print-document.ts';
import type { ConsistencyProofSource } from './log-follower.ts';

export const LogProofFieldsFragmentDoc = graphql(`
  fragment LogProofFields on LogProof {
    leafIndex
    treeSize
    auditPathB64
    treeHead {
      treeSize
      rootHashB64
      timestamp
      logIdHex
      signatureB64
      logPublicKeyPem
    }
  }
`);

export const ConsistencyProofDocument = graphql(`
  query ConsistencyProof($firstSize: Int!, $secondSize: Int!) {
    consistencyProof(firstSize: $firstSize, secondSize: $secondSize)
  }
`);

/** Consistency proofs from the API `client` talks to. */
export function consistencyProofsFrom(client: SeccamClient): ConsistencyProofSource {
  return async (firstSize, secondSize) =>
    (await client.graphql(printDocument(ConsistencyProofDocument), { firstSize, secondSize })).consistencyProof;
}
