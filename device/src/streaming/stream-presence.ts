/**
 * "Who is watching now" for the driver: the dispatchers watching one of its streams at this
 * moment, over every API instance (docs/PROTOCOL.md §7, "Presence"), and the live stream events
 * that carry changes.
 */
import { graphql } from '../gql/index.ts';
import type { StreamEventsSubscription, StreamViewersQuery } from '../gql/graphql.ts';
import type { SeccamClient } from '../client/seccam-client.ts';
import { printDocument } from '../client/print-document.ts';
import { subscribeGraphql, type GraphqlSubscription, type SubscriptionHandlers } from '../client/graphql-subscription.ts';

export type StreamViewerInfo = StreamViewersQuery['streamViewers'][number];
export type StreamEventInfo = StreamEventsSubscription['streamEvents'];

export const StreamViewerFieldsFragmentDoc = graphql(`
  fragment StreamViewerFields on StreamViewer {
    username
    fullName
    organisation
    since
    connections
  }
`);

export const StreamViewersDocument = graphql(`
  query StreamViewers($streamId: ID!) {
    streamViewers(streamId: $streamId) {
      ...StreamViewerFields
    }
  }
`);

export const StreamEventsDocument = graphql(`
  subscription StreamEvents {
    streamEvents {
      kind
      streamId
      grantId
      driver
      epoch
      at
      viewers {
        ...StreamViewerFields
      }
    }
  }
`);

/** Owners: who watches `streamId` right now (NOT_FOUND / FORBIDDEN for anyone else). */
export async function fetchStreamViewers(client: SeccamClient, streamId: string): Promise<readonly StreamViewerInfo[]> {
  return (await client.graphql(printDocument(StreamViewersDocument), { streamId })).streamViewers;
}

/**
 * The signed-in user's live stream events (started, ended, shared, revoked, rekeyed, deleted,
 * and for owners `viewers`). One socket; no reconnect ([Note: one subscription per socket]).
 */
export function subscribeStreamEvents(client: SeccamClient, handlers: SubscriptionHandlers<StreamEventInfo>): GraphqlSubscription {
  return subscribeGraphql(
    client,
    printDocument(StreamEventsDocument),
    {},
    {
      next: (data) => {
        handlers.next(data.streamEvents);
      },
      error: (errors) => {
        handlers.error?.(errors);
      },
    },
  );
}

/**
 * Follows who watches `streamId`: subscribes, then reads the current list, and calls `onViewers`
 * with it and with every change. A change that arrives before the first read answers wins over
 * that (older) answer. The list is empty when nobody watches.
 */
export function watchStreamViewers(
  client: SeccamClient,
  streamId: string,
  onViewers: (viewers: readonly StreamViewerInfo[]) => void,
  onError?: (error: unknown) => void,
): GraphqlSubscription {
  let changed = false;
  const subscription = subscribeStreamEvents(client, {
    next: (event) => {
      if (event.kind !== 'viewers' || event.streamId !== streamId) return;
      changed = true;
      onViewers(event.viewers ?? []);
    },
    error: (errors) => onError?.(errors),
  });
  subscription.started
    .then(() => fetchStreamViewers(client, streamId))
    .then((viewers) => {
      if (!changed) onViewers(viewers);
    })
    .catch((e: unknown) => {
      onError?.(e);
      subscription.close();
    });
  return subscription;
}
