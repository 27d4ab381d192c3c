/**
 * Deleting one of the driver's own recordings. The server refuses a deletion backed by a
 * session alone: the driver signs a fresh `seccam-stream-deletion/v1` statement with its `sig`
 * key ([Note: action statements] in @seccam/schema; docs/PROTOCOL.md §11).
 */
import { signActionStatement, type BundleContents } from '@seccam/pki';
import { graphql } from '../gql/index.ts';
import type { SeccamClient } from '../client/seccam-client.ts';
import { printDocument } from '../client/print-document.ts';
import { identityFromBundle, type Identity } from './identity.ts';
import type { StreamInfo } from './stream-operations.ts';
import { StreamingError } from './streaming-error.ts';

export const DeleteStreamDocument = graphql(`
  mutation DeleteStream($id: ID!, $proof: ActionProofInput!) {
    deleteStream(id: $id, proof: $proof) {
      ...StreamFields
    }
  }
`);

/**
 * Deletes the stream for good: its frames and wrapped keys are removed, live ingest and watch
 * sockets close with 4498 (`StreamDeleted`) and the dispatchers who could see it are told.
 * Returns the stream as it was just before.
 * @throws StreamingError `INVALID_ARGUMENT` (not a driver), GraphQLRequestError (`NOT_FOUND`: no
 *   such stream of yours, or already deleted; `FORBIDDEN`: not signed by your current sig key)
 */
export async function deleteStream(client: SeccamClient, owner: BundleContents | Identity, streamId: string): Promise<StreamInfo> {
  const identity = 'sigPrivateKey' in owner ? owner : await identityFromBundle(owner);
  if (identity.role !== 'driver') throw new StreamingError('INVALID_ARGUMENT', 'only drivers own streams');
  const at = new Date();
  const signatureB64 = await signActionStatement(
    { kind: 'stream-deletion', fields: { streamId, owner: identity.username, at } },
    identity.sigPrivateKey,
  );
  const variables = { id: streamId, proof: { at: at.toISOString(), signatureB64 } };
  return (await client.graphql(printDocument(DeleteStreamDocument), variables)).deleteStream;
}
