import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { StreamViewer } from '../presence/presence.type.ts';

export const StreamEventKindEnum = {
  started: 'started',
  ended: 'ended',
  shared: 'shared',
  revoked: 'revoked',
  rekeyed: 'rekeyed',
  deleted: 'deleted',
  viewers: 'viewers',
} as const;
export type StreamEventKind = keyof typeof StreamEventKindEnum;
registerEnumType(StreamEventKindEnum, {
  name: 'StreamEventKind',
  description:
    'started/ended: a visible stream began or signed its END; shared/revoked: a grant you are party to; rekeyed: a key for a new epoch was published for you; deleted: the owner deleted a stream you could see; viewers: (owners only) who watches your stream changed, the new list in `viewers`.',
});

@ObjectType({ description: 'A live notification about streams you may see or grants you are party to.' })
export class StreamEvent {
  @Field(() => StreamEventKindEnum)
  kind!: StreamEventKind;

  @Field(() => ID, { nullable: true })
  streamId!: string | null;

  @Field(() => ID, { nullable: true })
  grantId!: string | null;

  @Field(() => String, { description: 'The driver the event is about.' })
  driver!: string;

  @Field(() => Int, { nullable: true })
  epoch!: number | null;

  @Field(() => Date)
  at!: Date;

  @Field(() => [StreamViewer], { nullable: true, description: 'For `viewers`: who watches the stream now.' })
  viewers?: StreamViewer[] | null;
}
