/**
 * The transparency log's GraphQL operations the SDK needs: the head and proof fields requested
 * beside every certificate it uses (`SignedTreeHeadFields`, `LogProofFields`), the consistency
 * proof between two heads, and the witness's: the newest head and submitting a cosignature.
 */
import { graphql } from '../gql/index.ts';
import type { SeccamClient } from '../client/seccam-client.ts';
import { printDocument } from '../client/print-document.ts';
import type { ConsistencyProofSource } from './log-follower.ts';

export const SignedTreeHeadFieldsFragmentDoc = graphql(`
  fragment SignedTreeHeadFields on SignedTreeHead {
    treeSize
    rootHashB64
    timestamp
    logIdHex
    signatureB64
    logPublicKeyPem
    cosignatures {
      witnessName
      witnessKeyIdHex
      cosignedAt
      signatureB64
    }
  }
`);

export const LogProofFieldsFragmentDoc = graphql(`
  fragment LogProofFields on LogProof {
    leafIndex
    treeSize
    auditPathB64
    treeHead {
      ...SignedTreeHeadFields
    }
  }
`);

export const TreeHeadDocument = graphql(`
  query TreeHead {
    treeHead {
      ...SignedTreeHeadFields
    }
  }
`);

export const SubmitTreeHeadCosignatureDocument = graphql(`
  mutation SubmitTreeHeadCosignature($input: TreeHeadCosignatureInput!) {
    submitTreeHeadCosignature(input: $input) {
      witnessName
      witnessKeyIdHex
      cosignedAt
      signatureB64
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
