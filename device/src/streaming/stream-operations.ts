/**
 * The stream and epoch-key GraphQL operations a recording or viewing client needs, each a thin
 * typed call. Results are server data: certificates in them are verified before use
 * ([Note: trust comes from the bundle]) and wrapped keys are checked against the driver's
 * signature ([Note: signed key sets] in @seccam/pki).
 */
import { graphql } from '../gql/index.ts';
import type { EpochKeyEntryInput, EpochKeysQuery, StreamFieldsFragment, StreamQuery, StreamRecipientsQuery } from '../gql/graphql.ts';
import type { SeccamClient } from '../client/seccam-client.ts';
import { printDocument } from '../client/print-document.ts';

export type StreamInfo = StreamFieldsFragment;
export type StreamDetail = StreamQuery['stream'];
export type StreamRecipient = StreamRecipientsQuery['streamRecipients'][number];
export type EpochKeyRecord = EpochKeysQuery['epochKeys'][number];

export const StreamFieldsFragmentDoc = graphql(`
  fragment StreamFields on Stream {
    id
    title
    owner
    sigCertificatePem
    createdAt
    startedAt
    endedAt
    lastSeq
    lastEpoch
    frameCount
    byteCount
  }
`);

export const StartStreamDocument = graphql(`
  mutation StartStream($input: StartStreamInput!) {
    startStream(input: $input) {
      ...StreamFields
    }
  }
`);

export const StreamDocument = graphql(`
  query Stream($id: ID!) {
    stream(id: $id) {
      ...StreamFields
      sigCertificateLogProof {
        ...LogProofFields
      }
    }
  }
`);

export const MyStreamsDocument = graphql(`
  query MyStreams {
    myStreams {
      ...StreamFields
    }
  }
`);

export const SharedStreamsDocument = graphql(`
  query SharedStreams {
    sharedStreams {
      ...StreamFields
    }
  }
`);

export const StreamRecipientsDocument = graphql(`
  query StreamRecipients($streamId: ID!) {
    streamRecipients(streamId: $streamId) {
      username
      role
      encCertificatePem
      encCertificateLogProof {
        ...LogProofFields
      }
      encSerial
    }
  }
`);

export const EpochKeysDocument = graphql(`
  query EpochKeys($streamId: ID!, $epoch: Int) {
    epochKeys(streamId: $streamId, epoch: $epoch) {
      streamId
      epoch
      recipientSerial
      wrappedKeyB64
      signatureB64
    }
  }
`);

export const PublishEpochKeysDocument = graphql(`
  mutation PublishEpochKeys($input: PublishEpochKeysInput!) {
    publishEpochKeys(input: $input)
  }
`);

export async function startStream(client: SeccamClient, title?: string): Promise<StreamInfo> {
  const { startStream: stream } = await client.graphql(printDocument(StartStreamDocument), { input: title === undefined ? {} : { title } });
  return stream;
}

/** One stream, with its owner's `sig` certificate's log proof (what a viewer checks before trusting frames). */
export async function fetchStream(client: SeccamClient, streamId: string): Promise<StreamDetail> {
  return (await client.graphql(printDocument(StreamDocument), { id: streamId })).stream;
}

export async function fetchMyStreams(client: SeccamClient): Promise<readonly StreamInfo[]> {
  return (await client.graphql(printDocument(MyStreamsDocument))).myStreams;
}

export async function fetchSharedStreams(client: SeccamClient): Promise<readonly StreamInfo[]> {
  return (await client.graphql(printDocument(SharedStreamsDocument))).sharedStreams;
}

export async function fetchStreamRecipients(client: SeccamClient, streamId: string): Promise<readonly StreamRecipient[]> {
  return (await client.graphql(printDocument(StreamRecipientsDocument), { streamId })).streamRecipients;
}

/** The caller's own wrapped keys of a stream: one epoch, or every epoch when `epoch` is omitted. */
export async function fetchEpochKeys(client: SeccamClient, streamId: string, epoch?: number): Promise<readonly EpochKeyRecord[]> {
  return (await client.graphql(printDocument(EpochKeysDocument), { streamId, ...(epoch === undefined ? {} : { epoch }) })).epochKeys;
}

/** Publishes wrapped keys of one epoch; returns how many entries the server stored. */
export async function publishEpochKeys(
  client: SeccamClient,
  streamId: string,
  epoch: number,
  entries: readonly EpochKeyEntryInput[],
): Promise<number> {
  return (await client.graphql(printDocument(PublishEpochKeysDocument), { input: { streamId, epoch, entries: [...entries] } }))
    .publishEpochKeys;
}
