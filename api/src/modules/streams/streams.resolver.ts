import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { ensureRole, ensureUser, type RequestContext } from '../../graphql/context.ts';
import { ActionProofInput } from '../sharing/sharing.input.ts';
import type { SharingService } from '../sharing/sharing.service.ts';
import type { StreamDeletionService } from './stream-deletion.service.ts';
import { StartStreamInput } from './streams.input.ts';
import type { StreamService, StreamView } from './streams.service.ts';
import { Stream } from './streams.type.ts';

export const toStream = (s: StreamView): Stream => ({
  id: s.id,
  title: s.title,
  owner: s.ownerUsername,
  sigCertificatePem: s.sigCertificatePem,
  createdAt: s.createdAt,
  startedAt: s.startedAt,
  endedAt: s.endedAt,
  lastSeq: s.lastSeq,
  lastEpoch: s.lastEpoch,
  frameCount: s.frameCount,
  byteCount: s.byteCount,
});

@Resolver()
export class StreamsResolver {
  constructor(
    private readonly streams: StreamService,
    private readonly sharing: SharingService,
    private readonly deletion: StreamDeletionService,
  ) {}

  @Mutation(() => Stream, { description: 'Drivers: create a stream rooted in your current signing certificate.' })
  async startStream(@Arg('input', () => StartStreamInput) input: StartStreamInput, @Ctx() ctx: RequestContext): Promise<Stream> {
    return toStream(await this.streams.create(ensureRole(ctx, 'driver'), input.title ?? ''));
  }

  @Mutation(() => Stream, {
    description:
      'Drivers: delete one of your streams for good (frames and wrapped keys removed, live sockets closed with 4498, grantees told). Needs a fresh seccam-stream-deletion/v1 statement signed by your current sig key. Returns the stream as it was.',
  })
  async deleteStream(
    @Arg('id', () => ID) id: string,
    @Arg('proof', () => ActionProofInput) proof: ActionProofInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Stream> {
    return toStream(await this.deletion.delete(ensureRole(ctx, 'driver'), id, { at: proof.at, signatureB64: proof.signatureB64 }, ctx.ip));
  }

  @Query(() => [Stream], { description: 'Your own streams, newest first.' })
  async myStreams(@Ctx() ctx: RequestContext): Promise<Stream[]> {
    return (await this.streams.listByOwner(ensureUser(ctx).id)).map(toStream);
  }

  @Query(() => [Stream], { description: 'Dispatchers: streams shared with you through active grants.' })
  async sharedStreams(@Ctx() ctx: RequestContext): Promise<Stream[]> {
    return (await this.sharing.sharedStreams(ensureRole(ctx, 'dispatcher'))).map(toStream);
  }

  @Query(() => Stream, { description: 'A stream you own or may watch.' })
  async stream(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Stream> {
    return toStream(await this.sharing.visibleStream(ensureUser(ctx), id));
  }
}
