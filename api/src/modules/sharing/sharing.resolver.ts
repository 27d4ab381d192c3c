import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { bytesToBase64 } from '@seccam/schema';
import { ensureRole, ensureUser, type RequestContext } from '../../graphql/context.ts';
import type { GrantRow } from './sharing.table.ts';
import { ActionProofInput, CreateGrantInput, PublishEpochKeysInput } from './sharing.input.ts';
import type { SharingService } from './sharing.service.ts';
import { EpochKeyEntry, Grant, Recipient } from './sharing.type.ts';

const toGrant = (g: GrantRow, names: { driver: string; dispatcher: string; organisation: string }, now = Date.now()): Grant => ({
  id: g.id,
  driver: names.driver,
  dispatcher: names.dispatcher,
  dispatcherOrganisation: names.organisation,
  dispatcherEncSerial: g.dispatcherEncSerial,
  scope: g.scope,
  streamIds: g.streamIds,
  expiresAt: g.expiresAt,
  createdAt: g.createdAt,
  revokedAt: g.revokedAt,
  active: g.revokedAt === null && (g.expiresAt === null || g.expiresAt.getTime() > now),
  signatureB64: bytesToBase64(g.signature),
});

@Resolver()
export class SharingResolver {
  constructor(private readonly sharing: SharingService) {}

  @Mutation(() => Grant, { description: 'Drivers: grant a dispatcher access (signed statement). Then publish wrapped keys.' })
  async createGrant(@Arg('input', () => CreateGrantInput) input: CreateGrantInput, @Ctx() ctx: RequestContext): Promise<Grant> {
    const driver = ensureRole(ctx, 'driver');
    const row = await this.sharing.createGrant(
      driver,
      {
        id: input.id,
        dispatcher: input.dispatcher,
        dispatcherEncSerial: input.dispatcherEncSerial.toLowerCase(),
        scope: input.scope,
        streamIds: input.streamIds ?? [],
        expiresAt: input.expiresAt ?? null,
        createdAt: input.createdAt,
        signatureB64: input.signatureB64,
      },
      ctx.ip,
    );
    return this.named(row);
  }

  @Mutation(() => Grant, {
    description:
      'Drivers: revoke at once (keys deleted, watchers closed, recorders rotate). Needs a fresh seccam-grant-revocation/v1 statement signed by your current sig key.',
  })
  async revokeGrant(
    @Arg('id', () => ID) id: string,
    @Arg('proof', () => ActionProofInput) proof: ActionProofInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Grant> {
    const driver = ensureRole(ctx, 'driver');
    return this.named(await this.sharing.revokeGrant(driver, { grantId: id, at: proof.at, signatureB64: proof.signatureB64 }, ctx.ip));
  }

  @Mutation(() => Boolean, {
    description:
      'Revoke one of your own certificates (lost or compromised key). Needs a fresh seccam-certificate-revocation/v1 statement signed by your current sig key.',
  })
  async revokeCertificate(
    @Arg('serialHex', () => String) serialHex: string,
    @Arg('proof', () => ActionProofInput) proof: ActionProofInput,
    @Ctx() ctx: RequestContext,
    @Arg('reason', () => String, { nullable: true }) reason?: string,
  ): Promise<boolean> {
    const why = (reason ?? 'revoked by holder').slice(0, 200);
    await this.sharing.revokeOwnCertificate(ensureUser(ctx), serialHex, why, ctx.ip, { at: proof.at, signatureB64: proof.signatureB64 });
    return true;
  }

  @Query(() => [Grant], { description: 'Grants you gave (driver) or received (dispatcher).' })
  async grants(@Ctx() ctx: RequestContext): Promise<Grant[]> {
    return (await this.sharing.list(ensureUser(ctx))).map((r) => toGrant(r.grant, r));
  }

  @Query(() => [Recipient], { description: 'Drivers: who the keys of this stream must be wrapped to now.' })
  async streamRecipients(@Arg('streamId', () => ID) streamId: string, @Ctx() ctx: RequestContext): Promise<Recipient[]> {
    return this.sharing.recipients(ensureRole(ctx, 'driver'), streamId);
  }

  @Mutation(() => Int, { description: 'Drivers: publish wrapped keys for one epoch; returns how many were stored.' })
  publishEpochKeys(@Arg('input', () => PublishEpochKeysInput) input: PublishEpochKeysInput, @Ctx() ctx: RequestContext): Promise<number> {
    return this.sharing.publishEpochKeys(ensureRole(ctx, 'driver'), input.streamId, input.epoch, input.entries);
  }

  @Query(() => [EpochKeyEntry], { description: 'Your own wrapped keys for a stream you may see.' })
  async epochKeys(
    @Arg('streamId', () => ID) streamId: string,
    @Ctx() ctx: RequestContext,
    @Arg('epoch', () => Int, { nullable: true }) epoch?: number,
  ): Promise<EpochKeyEntry[]> {
    const rows = await this.sharing.myEpochKeys(ensureUser(ctx), streamId, epoch ?? undefined, ctx.ip);
    return rows.map((r) => ({
      streamId: r.streamId,
      epoch: r.epoch,
      recipientSerial: r.recipientSerial,
      wrappedKeyB64: bytesToBase64(r.wrappedKey),
      signatureB64: bytesToBase64(r.signature),
    }));
  }

  private async named(row: GrantRow): Promise<Grant> {
    return toGrant(row, await this.sharing.namesOf(row));
  }
}
