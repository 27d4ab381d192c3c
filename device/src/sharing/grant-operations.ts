/** The grant and dispatcher GraphQL operations of the sharing flows, each a thin typed call. */
import { graphql } from '../gql/index.ts';
import type { CreateGrantInput, DispatchersQuery, GrantFieldsFragment } from '../gql/graphql.ts';
import type { SeccamClient } from '../client/seccam-client.ts';
import { printDocument } from '../client/print-document.ts';

export type GrantInfo = GrantFieldsFragment;
export type DispatcherInfo = DispatchersQuery['dispatchers'][number];

export const GrantFieldsFragmentDoc = graphql(`
  fragment GrantFields on Grant {
    id
    driver
    dispatcher
    dispatcherOrganisation
    dispatcherEncSerial
    scope
    streamIds
    expiresAt
    createdAt
    revokedAt
    active
    signatureB64
  }
`);

export const GrantsDocument = graphql(`
  query Grants {
    grants {
      ...GrantFields
    }
  }
`);

export const CreateGrantDocument = graphql(`
  mutation CreateGrant($input: CreateGrantInput!) {
    createGrant(input: $input) {
      ...GrantFields
    }
  }
`);

export const RevokeGrantDocument = graphql(`
  mutation RevokeGrant($id: ID!, $proof: ActionProofInput!) {
    revokeGrant(id: $id, proof: $proof) {
      ...GrantFields
    }
  }
`);

export const RevokeCertificateDocument = graphql(`
  mutation RevokeCertificate($serialHex: String!, $proof: ActionProofInput!, $reason: String) {
    revokeCertificate(serialHex: $serialHex, proof: $proof, reason: $reason)
  }
`);

export const DispatchersDocument = graphql(`
  query Dispatchers($search: String, $limit: Int!) {
    dispatchers(search: $search, limit: $limit) {
      id
      username
      fullName
      organisation
      country
      encCertificatePem
      encCertificateLogProof {
        ...LogProofFields
      }
      sigCertificatePem
    }
  }
`);

export async function fetchGrants(client: SeccamClient): Promise<readonly GrantInfo[]> {
  return (await client.graphql(printDocument(GrantsDocument))).grants;
}

export async function submitGrant(client: SeccamClient, input: CreateGrantInput): Promise<GrantInfo> {
  return (await client.graphql(printDocument(CreateGrantDocument), { input })).createGrant;
}

/** A fresh signature over an action statement and the time it names ([Note: action statements] in @seccam/schema). */
export interface ActionProof {
  readonly at: Date;
  readonly signatureB64: string;
}

export async function submitRevokeGrant(client: SeccamClient, grantId: string, proof: ActionProof): Promise<GrantInfo> {
  const variables = { id: grantId, proof: { at: proof.at.toISOString(), signatureB64: proof.signatureB64 } };
  return (await client.graphql(printDocument(RevokeGrantDocument), variables)).revokeGrant;
}

export async function submitRevokeCertificate(
  client: SeccamClient,
  serialHex: string,
  proof: ActionProof,
  reason?: string,
): Promise<boolean> {
  const variables = { serialHex, proof: { at: proof.at.toISOString(), signatureB64: proof.signatureB64 }, ...(reason ? { reason } : {}) };
  return (await client.graphql(printDocument(RevokeCertificateDocument), variables)).revokeCertificate;
}

export async function searchDispatchers(client: SeccamClient, search: string, limit = 50): Promise<readonly DispatcherInfo[]> {
  return (await client.graphql(printDocument(DispatchersDocument), { search, limit })).dispatchers;
}
