/**
 * Sharing: driver-signed grants to dispatchers, wrapped epoch keys, and revocation.
 *
 * The server never sees a content key. It checks what it can — the driver's signature over the
 * grant statement and over each wrapped-key entry, that recipients are the driver itself or
 * active grantees with a valid `enc` certificate — and enforces access on every read.
 */
import { and, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import { importCertificatePublicKey, normalizeSerialHex, verifyGrantSignature, verifyKeySet } from '@seccam/pki';
import { base64ToBytes, grantStatementProblem, type GrantStatementFields } from '@seccam/schema';
import type { Db } from '../../db/client.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError } from '../../errors.ts';
import type { EventBus } from '../../event-bus/event-bus.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CertificateService } from '../certificates/certificates.service.ts';
import { certificates } from '../certificates/certificates.table.ts';
import type { StreamService, StreamView } from '../streams/streams.service.ts';
import { streams } from '../streams/streams.table.ts';
import { users, type UserRow } from '../users/users.table.ts';
import { activeGrantCondition, coversStream, type AccessPolicy } from './access.ts';
import type { ActionProof, ActionProofVerifier } from './action-proof.ts';
import { epochKeys, grants, type EpochKeyRow, type GrantRow } from './sharing.table.ts';

/** A signed grant statement must be this fresh when it reaches the server. */
export const GRANT_CLOCK_SKEW_MS = 10 * 60 * 1000;
const RSA_3072_WRAPPED_BYTES = 384;

/** A grant as the driver's client sends it: the statement's fields (the driver is the caller), its id and the signature. */
export type CreateGrantRequest = Omit<GrantStatementFields, 'grantId' | 'driver'> & {
  readonly id: string;
  readonly signatureB64: string;
};

/** A fresh signature over an action statement ([Note: action statements]) and the time it names. */
export type SignedRevocation = ActionProof;

export interface EpochKeyEntryRequest {
  readonly recipientSerial: string;
  readonly wrappedKeyB64: string;
  readonly signatureB64: string;
}

export interface Recipient {
  readonly userId: string;
  readonly username: string;
  readonly role: UserRow['role'];
  readonly encCertificatePem: string;
  readonly encSerial: string;
}

export class SharingService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessPolicy,
    private readonly streams: StreamService,
    private readonly certificates: CertificateService,
    private readonly bus: EventBus,
    private readonly audit: AuditService,
    private readonly proofs: ActionProofVerifier,
  ) {}

  async createGrant(driver: UserRow, req: CreateGrantRequest, ip: string, now = Date.now()): Promise<GrantRow> {
    const [dispatcher] = await this.db.select().from(users).where(eq(users.username, req.dispatcher)).limit(1);
    if (!dispatcher || dispatcher.role !== 'dispatcher' || !dispatcher.emailVerifiedAt) {
      throw new BadInputError('No such dispatcher.', 'dispatcher', 'unknown');
    }
    const enc = await this.certificates.current(dispatcher.id, 'enc');
    const serial = safeSerial(req.dispatcherEncSerial);
    if (!enc || enc.serialHex !== serial) {
      throw new BadInputError("That is not the dispatcher's current encryption certificate.", 'dispatcherEncSerial', 'stale-certificate');
    }
    if (Math.abs(req.createdAt.getTime() - now) > GRANT_CLOCK_SKEW_MS) {
      throw new BadInputError('createdAt is too far from the server clock: check your clock.', 'createdAt', 'clock');
    }
    const fields: GrantStatementFields = { ...req, grantId: req.id, driver: driver.username, dispatcherEncSerial: serial };
    const problem = grantStatementProblem(fields);
    if (problem) throw new BadInputError(`The grant is invalid: ${problem}.`, 'input', 'invalid');
    if (req.scope === 'streams') {
      const owned = await this.db
        .select({ id: streams.id })
        .from(streams)
        .where(and(eq(streams.ownerId, driver.id), inArray(streams.id, [...req.streamIds])));
      if (owned.length !== req.streamIds.length) throw new BadInputError('You can only share your own streams.', 'streamIds', 'not-owner');
    }
    await this.ensureGrantSignedByDriver(driver, fields, req.signatureB64, 'signatureB64');
    let row: GrantRow | undefined;
    try {
      [row] = await this.db
        .insert(grants)
        .values({
          id: req.id,
          driverId: driver.id,
          dispatcherId: dispatcher.id,
          dispatcherEncSerial: serial,
          scope: req.scope,
          streamIds: [...req.streamIds],
          expiresAt: req.expiresAt,
          createdAt: req.createdAt,
          signature: base64ToBytes(req.signatureB64),
        })
        .returning();
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictError('A grant with this id exists already.', 'id');
      throw e;
    }
    if (!row) throw new Error('grant insert returned nothing');
    await this.audit.record({
      actor: driver.username,
      action: 'grant.created',
      subject: row.id,
      detail: `to ${dispatcher.username} scope ${req.scope}`,
      ip,
    });
    await this.bus.publish({ kind: 'grant.created', grantId: row.id, driverId: driver.id, dispatcherId: dispatcher.id });
    return row;
  }

  /**
   * Revokes a grant at once: marks it, deletes the dispatcher's now-uncovered wrapped keys, notifies.
   * The driver proves possession of its `sig` key with a fresh signed revocation statement
   * ([Note: action statements]); a grant is revoked once, so a replay finds nothing to do.
   */
  async revokeGrant(driver: UserRow, proof: SignedRevocation & { readonly grantId: string }, ip: string): Promise<GrantRow> {
    const [found] = await this.db
      .select()
      .from(grants)
      .where(and(eq(grants.id, proof.grantId), eq(grants.driverId, driver.id), isNull(grants.revokedAt)))
      .limit(1);
    if (!found) throw new NotFoundError('No active grant with this id.');
    const names = await this.namesOf(found);
    await this.proofs.ensureSignedBy(
      driver,
      { kind: 'grant-revocation', fields: { grantId: found.id, driver: names.driver, dispatcher: names.dispatcher, revokedAt: proof.at } },
      proof,
    );
    const [row] = await this.db
      .update(grants)
      .set({ revokedAt: proof.at })
      .where(and(eq(grants.id, found.id), isNull(grants.revokedAt)))
      .returning();
    if (!row) throw new NotFoundError('No active grant with this id.');
    await this.afterRevocation(row, driver.username, ip, 'revoked by driver (signed)');
    return row;
  }

  /**
   * Revokes one of the caller's own certificates (lost device, compromised key). Every grant
   * bound to it ends the same way a revoked grant does.
   */
  async revokeOwnCertificate(user: UserRow, serialHex: string, reason: string, ip: string, proof: SignedRevocation): Promise<void> {
    const serial = safeSerial(serialHex);
    const [cert] = await this.db.select().from(certificates).where(eq(certificates.serialHex, serial)).limit(1);
    if (!cert || cert.userId !== user.id) throw new NotFoundError('You have no certificate with this serial.');
    await this.proofs.ensureSignedBy(
      user,
      { kind: 'certificate-revocation', fields: { serialHex: serial, holder: user.username, revokedAt: proof.at } },
      proof,
    );
    if (!(await this.certificates.revoke(serial, reason))) throw new ConflictError('This certificate is already revoked.');
    await this.audit.record({ actor: user.username, action: 'certificate.revoked', subject: serial, detail: reason, ip });
    const affected = await this.db
      .update(grants)
      .set({ revokedAt: new Date() })
      .where(and(eq(grants.dispatcherEncSerial, serial), isNull(grants.revokedAt)))
      .returning();
    for (const g of affected) await this.afterRevocation(g, user.username, ip, 'certificate revoked');
  }

  private async afterRevocation(grant: GrantRow, actor: string, ip: string, reason: string): Promise<void> {
    // Keys stay only for streams another active grant of the same pair still covers.
    const stillCovered = await this.db
      .select({ id: streams.id })
      .from(streams)
      .innerJoin(grants, and(eq(grants.driverId, streams.ownerId), eq(grants.dispatcherId, grant.dispatcherId)))
      .innerJoin(certificates, eq(certificates.serialHex, grants.dispatcherEncSerial))
      .where(
        and(
          eq(streams.ownerId, grant.driverId),
          ne(grants.id, grant.id),
          activeGrantCondition(new Date()),
          or(eq(grants.scope, 'all'), sql`${streams.id} = ANY(${grants.streamIds})`),
        ),
      );
    const keep = new Set(stillCovered.map((s) => s.id));
    const driverStreams = await this.db.select({ id: streams.id }).from(streams).where(eq(streams.ownerId, grant.driverId));
    const drop = driverStreams.map((s) => s.id).filter((id) => !keep.has(id));
    if (drop.length > 0) {
      await this.db.delete(epochKeys).where(and(eq(epochKeys.recipientId, grant.dispatcherId), inArray(epochKeys.streamId, drop)));
    }
    await this.audit.record({ actor, action: 'grant.revoked', subject: grant.id, detail: reason, ip });
    await this.bus.publish({ kind: 'grant.revoked', grantId: grant.id, driverId: grant.driverId, dispatcherId: grant.dispatcherId });
  }

  /** Usernames (and organisation) of a grant's two parties. */
  async namesOf(grant: GrantRow): Promise<{ driver: string; dispatcher: string; organisation: string }> {
    const people = await this.db
      .select()
      .from(users)
      .where(inArray(users.id, [grant.driverId, grant.dispatcherId]));
    const byId = new Map(people.map((p) => [p.id, p]));
    return {
      driver: byId.get(grant.driverId)?.username ?? '',
      dispatcher: byId.get(grant.dispatcherId)?.username ?? '',
      organisation: byId.get(grant.dispatcherId)?.organisation ?? '',
    };
  }

  /** Grants given (driver) or received (dispatcher), newest first. */
  async list(user: UserRow): Promise<{ grant: GrantRow; driver: string; dispatcher: string; organisation: string }[]> {
    const column = user.role === 'driver' ? grants.driverId : grants.dispatcherId;
    const rows = await this.db
      .select()
      .from(grants)
      .where(eq(column, user.id))
      .orderBy(sql`${grants.createdAt} DESC`);
    const ids = [...new Set(rows.flatMap((g) => [g.driverId, g.dispatcherId]))];
    const people = ids.length ? await this.db.select().from(users).where(inArray(users.id, ids)) : [];
    const byId = new Map(people.map((p) => [p.id, p]));
    return rows.map((grant) => ({
      grant,
      driver: byId.get(grant.driverId)?.username ?? '',
      dispatcher: byId.get(grant.dispatcherId)?.username ?? '',
      organisation: byId.get(grant.dispatcherId)?.organisation ?? '',
    }));
  }

  /** The driver itself plus every active grantee of the stream, with their `enc` certificates. */
  async recipients(owner: UserRow, streamId: string): Promise<Recipient[]> {
    return this.recipientsOf(owner, await this.ownedStream(owner, streamId));
  }

  private async recipientsOf(owner: UserRow, stream: StreamView): Promise<Recipient[]> {
    const own = await this.certificates.current(owner.id, 'enc');
    if (!own) throw new ConflictError('You have no valid encryption certificate.');
    const rows = await this.db
      .select({ user: users, cert: certificates })
      .from(grants)
      .innerJoin(certificates, eq(certificates.serialHex, grants.dispatcherEncSerial))
      .innerJoin(users, eq(users.id, grants.dispatcherId))
      .where(and(eq(grants.driverId, owner.id), coversStream(stream.id), activeGrantCondition(new Date())));
    const out: Recipient[] = [
      { userId: owner.id, username: owner.username, role: owner.role, encCertificatePem: own.pem, encSerial: own.serialHex },
    ];
    for (const r of rows) {
      if (out.some((o) => o.encSerial === r.cert.serialHex)) continue;
      out.push({
        userId: r.user.id,
        username: r.user.username,
        role: r.user.role,
        encCertificatePem: r.cert.pem,
        encSerial: r.cert.serialHex,
      });
    }
    return out;
  }

  /** Stores wrapped keys for one epoch; every entry must be driver-signed and for an allowed recipient. */
  async publishEpochKeys(owner: UserRow, streamId: string, epoch: number, entries: readonly EpochKeyEntryRequest[]): Promise<number> {
    const stream = await this.ownedStream(owner, streamId);
    const allowed = new Map((await this.recipientsOf(owner, stream)).map((r) => [r.encSerial, r]));
    const sigKey = await importCertificatePublicKey(stream.sigCertificatePem, 'sig');
    const rows: (typeof epochKeys.$inferInsert)[] = [];
    for (const [i, entry] of entries.entries()) {
      const serial = safeSerial(entry.recipientSerial);
      const recipient = allowed.get(serial);
      if (!recipient) throw new ForbiddenError(`Entry ${i}: ${serial} is neither you nor an active grantee of this stream.`);
      const wrapped = decodeB64(entry.wrappedKeyB64, `entries[${i}].wrappedKeyB64`);
      if (wrapped.length !== RSA_3072_WRAPPED_BYTES)
        throw new BadInputError(`Entry ${i}: a wrapped key is ${RSA_3072_WRAPPED_BYTES} bytes.`, 'wrappedKeyB64', 'size');
      const check = await verifyKeySet(
        { streamId, epoch, entries: [{ recipient: serial, wrappedKeyB64: entry.wrappedKeyB64 }], signatureB64: entry.signatureB64 },
        sigKey,
      );
      if (!check.ok) throw new BadInputError(`Entry ${i}: the key-set signature is ${check.reason}.`, 'signatureB64', check.reason);
      rows.push({
        streamId,
        epoch,
        recipientSerial: serial,
        recipientId: recipient.userId,
        wrappedKey: wrapped,
        signature: decodeB64(entry.signatureB64, 'signatureB64'),
      });
    }
    if (rows.length === 0) return 0;
    await this.db
      .insert(epochKeys)
      .values(rows)
      .onConflictDoUpdate({
        target: [epochKeys.streamId, epochKeys.epoch, epochKeys.recipientSerial],
        set: { wrappedKey: sql`excluded.wrapped_key`, signature: sql`excluded.signature` },
      });
    await this.bus.publish({
      kind: 'epoch.published',
      streamId,
      ownerId: owner.id,
      epoch,
      recipientIds: [...new Set(rows.map((r) => r.recipientId))],
    });
    return rows.length;
  }

  /** The caller's own wrapped keys for a stream it may see. */
  async myEpochKeys(viewer: UserRow, streamId: string, epoch: number | undefined, ip: string): Promise<EpochKeyRow[]> {
    const stream = await this.visibleStream(viewer, streamId);
    const rows = await this.db
      .select()
      .from(epochKeys)
      .where(
        and(
          eq(epochKeys.streamId, stream.id),
          eq(epochKeys.recipientId, viewer.id),
          epoch === undefined ? undefined : eq(epochKeys.epoch, epoch),
        ),
      )
      .orderBy(epochKeys.epoch);
    const epochs = rows.map((r) => r.epoch).join(',');
    await this.audit.record({
      actor: viewer.username,
      action: 'keys.fetched',
      subject: stream.id,
      detail: `epochs ${epochs || 'none'}`,
      ip,
    });
    return rows;
  }

  /** Streams a dispatcher may see through its active grants. */
  async sharedStreams(dispatcher: UserRow): Promise<StreamView[]> {
    const active = await this.access.activeGrantsOf(dispatcher.id);
    const allDrivers = active.filter((g) => g.scope === 'all').map((g) => g.driverId);
    const listed = active.filter((g) => g.scope === 'streams').flatMap((g) => g.streamIds);
    const [a, b] = await Promise.all([this.streams.listByOwners([...new Set(allDrivers)]), this.streams.listByIds([...new Set(listed)])]);
    const seen = new Map<string, StreamView>();
    for (const s of [...a, ...b]) seen.set(s.id, s);
    return [...seen.values()].sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime());
  }

  /** The stream if `viewer` may see it; NOT_FOUND otherwise (no hint that it exists). */
  async visibleStream(viewer: UserRow, streamId: string): Promise<StreamView> {
    const stream = await this.streams.find(streamId);
    if (!stream || !(await this.access.forStream(viewer, stream)).ok) throw new NotFoundError('No such stream.');
    return stream;
  }

  private async ownedStream(owner: UserRow, streamId: string): Promise<StreamView> {
    const stream = await this.streams.find(streamId);
    if (!stream || stream.ownerId !== owner.id) throw new NotFoundError('No such stream of yours.');
    return stream;
  }

  private async ensureGrantSignedByDriver(
    driver: UserRow,
    fields: GrantStatementFields,
    signatureB64: string,
    field: string,
  ): Promise<void> {
    const cert = await this.certificates.current(driver.id, 'sig');
    if (!cert) throw new ConflictError('You have no valid signing certificate.');
    const check = await verifyGrantSignature(fields, signatureB64, await importCertificatePublicKey(cert.pem, 'sig'));
    if (check.ok) return;
    if (check.reason === 'malformed') throw new BadInputError(`${field} is not valid base64.`, field, 'malformed');
    throw new BadInputError('The grant signature does not verify with your signing certificate.', field, 'signature');
  }
}

function decodeB64(value: string, field: string): Uint8Array<ArrayBuffer> {
  try {
    return base64ToBytes(value);
  } catch {
    throw new BadInputError(`${field} is not valid base64.`, field, 'malformed');
  }
}

function safeSerial(value: string): string {
  try {
    return normalizeSerialHex(value);
  } catch {
    throw new BadInputError('A certificate serial is lower-case hex.', 'serial', 'malformed');
  }
}
