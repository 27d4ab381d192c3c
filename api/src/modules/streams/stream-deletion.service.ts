/**
 * Deleting a recording (owner only, with proof of possession).
 *
 * [Note: stream deletion]
 * A stolen session cookie must not be able to destroy evidence, so the owner signs a fresh
 * `seccam-stream-deletion/v1` statement with its current `sig` key ([Note: action statements]).
 * The stream row goes in one statement; its chunks and wrapped epoch keys go with it (both
 * reference it ON DELETE CASCADE), so nothing keyed by the stream is left behind. Then the audit
 * entry is written and `stream.deleted` is published: every instance closes its ingest and
 * watch sockets of the stream with 4498 (`StreamDeleted`), and the owner and the dispatchers
 * who held access at that moment get a `deleted` subscription event. A stream is deleted once:
 * a replayed statement finds nothing and is NOT_FOUND, exactly like a stream that never existed
 * or belongs to someone else (no hint of existence).
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { NotFoundError } from '../../errors.ts';
import type { EventBus } from '../../event-bus/event-bus.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { AccessPolicy } from '../sharing/access.ts';
import type { ActionProof, ActionProofVerifier } from '../sharing/action-proof.ts';
import type { UserRow } from '../users/users.table.ts';
import type { StreamService, StreamView } from './streams.service.ts';
import { streams } from './streams.table.ts';

const NOT_YOURS = 'No such stream of yours.';

export class StreamDeletionService {
  constructor(
    private readonly db: Db,
    private readonly streams: StreamService,
    private readonly access: AccessPolicy,
    private readonly proofs: ActionProofVerifier,
    private readonly bus: EventBus,
    private readonly audit: AuditService,
  ) {}

  /** Deletes `streamId` of `owner` ([Note: stream deletion]); returns the stream as it was. */
  async delete(owner: UserRow, streamId: string, proof: ActionProof, ip: string): Promise<StreamView> {
    const stream = await this.streams.find(streamId);
    if (!stream || stream.ownerId !== owner.id) throw new NotFoundError(NOT_YOURS);
    await this.proofs.ensureSignedBy(
      owner,
      { kind: 'stream-deletion', fields: { streamId: stream.id, owner: owner.username, at: proof.at } },
      proof,
    );
    const granteeIds = await this.access.granteesOf(stream);
    const gone = await this.db
      .delete(streams)
      .where(and(eq(streams.id, stream.id), eq(streams.ownerId, owner.id)))
      .returning({ id: streams.id });
    if (gone.length === 0) throw new NotFoundError(NOT_YOURS);
    await this.audit.record({
      actor: owner.username,
      action: 'stream.deleted',
      subject: stream.id,
      detail: `signed; ${String(stream.frameCount)} frames, ${String(stream.byteCount)} bytes`,
      ip,
    });
    await this.bus.publish({ kind: 'stream.deleted', streamId: stream.id, ownerId: owner.id, ownerUsername: owner.username, granteeIds });
    return stream;
  }
}
