/**
 * Access history of one of the driver's recordings: who watched, exported or downloaded it and
 * when, from the server's audit log (docs/PROTOCOL.md §7, "Access history").
 */
import { graphql } from '../gql/index.ts';
import type { StreamAccessHistoryQuery } from '../gql/graphql.ts';
import type { SeccamClient } from '../client/seccam-client.ts';
import { printDocument } from '../client/print-document.ts';

export type AccessEntryInfo = StreamAccessHistoryQuery['streamAccessHistory'][number];

export const StreamAccessHistoryDocument = graphql(`
  query StreamAccessHistory($streamId: ID!, $first: Int!, $before: String) {
    streamAccessHistory(streamId: $streamId, first: $first, before: $before) {
      id
      at
      kind
      username
      fullName
      organisation
      byOwner
    }
  }
`);

export interface AccessHistoryPage {
  readonly entries: readonly AccessEntryInfo[];
  /** Pass as `before` for the next (older) page; undefined when this page was the last. */
  readonly nextBefore: string | undefined;
}

/**
 * One page of the access history, newest first (`first`: 1..200, default 50; `before`: the
 * `nextBefore` of the previous page). Owners only: NOT_FOUND / FORBIDDEN for anyone else.
 */
export async function fetchAccessHistory(
  client: SeccamClient,
  streamId: string,
  options: { readonly first?: number; readonly before?: string } = {},
): Promise<AccessHistoryPage> {
  const first = options.first ?? 50;
  const variables = { streamId, first, ...(options.before === undefined ? {} : { before: options.before }) };
  const entries = (await client.graphql(printDocument(StreamAccessHistoryDocument), variables)).streamAccessHistory;
  return { entries, nextBefore: entries.length === first ? entries.at(-1)?.id : undefined };
}
