/**
 * Streams: creation (bound to the driver's current `sig` certificate), lookup, and listings
 * for owners and for dispatchers with access.
 */
import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { genesisPrevHash } from '@seccam/pki';
import { decodePem } from '@seccam/pki';
import type { Db } from '../../db/client.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
import type { CertificateService } from '../certificates/certificates.service.ts';
import { certificates } from '../certificates/certificates.table.ts';
import { users, type UserRow } from '../users/users.table.ts';
import { streams, type StreamRow } from './streams.table.ts';

export interface StreamView extends StreamRow {
  readonly ownerUsername: string;
  readonly sigCertificatePem: string;
}

export class StreamService {
  constructor(
    private readonly db: Db,
    private readonly certificates: CertificateService,
  ) {}

  /** Creates a stream for `owner`, rooted (genesis) in its current signing certificate. */
  async create(owner: UserRow, title: string): Promise<StreamView> {
    const cert = await this.certificates.current(owner.id, 'sig');
    if (!cert) throw new ConflictError('You have no valid signing certificate: renew it before recording.');
    const id = randomUUID();
    const genesis = await genesisPrevHash(id, decodePem(cert.pem, ['CERTIFICATE']));
    const [row] = await this.db
      .insert(streams)
      .values({ id, ownerId: owner.id, sigCertSerial: cert.serialHex, title, chainHead: genesis })
      .returning();
    if (!row) throw new Error('stream insert returned nothing');
    return { ...row, ownerUsername: owner.username, sigCertificatePem: cert.pem };
  }

  async find(id: string): Promise<StreamView | undefined> {
    const [found] = await this.db
      .select({ stream: streams, owner: users.username, pem: certificates.pem })
      .from(streams)
      .innerJoin(users, eq(users.id, streams.ownerId))
      .innerJoin(certificates, eq(certificates.serialHex, streams.sigCertSerial))
      .where(eq(streams.id, id))
      .limit(1);
    return found ? { ...found.stream, ownerUsername: found.owner, sigCertificatePem: found.pem } : undefined;
  }

  /** The committed head of each of `ids` that exists, in one query (the hub's safety check, [Note: idle watchers]). */
  async heads(ids: readonly string[]): Promise<Map<string, { lastSeq: number | null; ended: boolean }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select({ id: streams.id, lastSeq: streams.lastSeq, endedAt: streams.endedAt })
      .from(streams)
      .where(inArray(streams.id, [...ids]));
    return new Map(rows.map((r) => [r.id, { lastSeq: r.lastSeq, ended: r.endedAt !== null }]));
  }

  async ensure(id: string): Promise<StreamView> {
    const found = await this.find(id);
    if (!found) throw new NotFoundError('No such stream.');
    return found;
  }

  async listByOwner(ownerId: string, limit = 200): Promise<StreamView[]> {
    return this.listWhere(eq(streams.ownerId, ownerId), limit);
  }

  async listByIds(ids: readonly string[], limit = 200): Promise<StreamView[]> {
    if (ids.length === 0) return [];
    return this.listWhere(inArray(streams.id, [...ids]), limit);
  }

  async listByOwners(ownerIds: readonly string[], limit = 200): Promise<StreamView[]> {
    if (ownerIds.length === 0) return [];
    return this.listWhere(inArray(streams.ownerId, [...ownerIds]), limit);
  }

  private async listWhere(where: ReturnType<typeof eq>, limit: number): Promise<StreamView[]> {
    const rows = await this.db
      .select({ stream: streams, owner: users.username, pem: certificates.pem })
      .from(streams)
      .innerJoin(users, eq(users.id, streams.ownerId))
      .innerJoin(certificates, eq(certificates.serialHex, streams.sigCertSerial))
      .where(and(where))
      .orderBy(desc(streams.createdAt))
      .limit(limit);
    return rows.map((r) => ({ ...r.stream, ownerUsername: r.owner, sigCertificatePem: r.pem }));
  }
}
