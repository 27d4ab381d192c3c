/**
 * What this instance's sockets and hub re-check in the database after the bus lost events
 * ([Note: after a gap] in event-bus/event-bus.ts): the revocations, rekeys, new frames and
 * stream ends whose events it may have missed.
 */
import { CLOSE_REASONS, CloseCode } from '@seccam/schema';
import type { StreamingDeps } from './streaming-deps.ts';

/** The access rule for a watch socket held open: the owner, or a dispatcher whose grant still covers the stream. */
export async function mayStillWatch(deps: Pick<StreamingDeps, 'streams' | 'access'>, viewerId: string, streamId: string): Promise<boolean> {
  const stream = await deps.streams.find(streamId);
  return stream !== undefined && (await deps.access.forStream({ id: viewerId, role: 'dispatcher' }, stream)).ok;
}

export async function recheckStreaming(deps: StreamingDeps): Promise<void> {
  // Deletions: a `stream.deleted` would have closed every socket of the stream with 4498.
  const streamIds = new Set([...deps.registry.ingestEntries().map((e) => e.streamId), ...deps.registry.watchedStreamIds()]);
  for (const streamId of streamIds) {
    if (!(await deps.streams.find(streamId))) {
      deps.registry.closeStream(streamId, CloseCode.StreamDeleted, CLOSE_REASONS[CloseCode.StreamDeleted]);
      deps.hub.deleted(streamId);
    }
  }
  // Revocations: a `grant.revoked` would have closed these sockets with 4499.
  await deps.registry.revokeUnless((e) => mayStillWatch(deps, e.viewerId, e.streamId));
  // Rekeys: a revocation after the stream's current epoch keys means the recorder must rotate.
  for (const entry of deps.registry.ingestEntries()) {
    const stream = await deps.streams.find(entry.streamId);
    if (stream && !stream.endedAt && (await deps.access.revokedSinceEpoch(stream))) entry.rekey();
  }
  // Frames and ends committed by other instances: wake this instance's watchers.
  for (const streamId of deps.hub.followed()) {
    const stream = await deps.streams.find(streamId);
    if (stream && stream.lastSeq !== null) deps.hub.committedElsewhere(streamId, stream.lastSeq, stream.endedAt !== null);
  }
}
