import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export const AccessKindEnum = { watch: 'watch', export: 'export', download: 'download' } as const;
export type AccessKind = keyof typeof AccessKindEnum;
registerEnumType(AccessKindEnum, {
  name: 'AccessKind',
  description:
    'What the viewer declared when it opened the watch socket: watch (live or replay), export (evidence file), download (video file).',
});

@ObjectType({ description: 'One read of a recording, from the audit log: who, when, and for what.' })
export class AccessEntry {
  @Field(() => ID, { description: 'The audit entry; pass it as `before` to read older entries.' })
  id!: string;

  @Field(() => Date)
  at!: Date;

  @Field(() => AccessKindEnum)
  kind!: AccessKind;

  @Field(() => String)
  username!: string;

  @Field(() => String, { nullable: true })
  fullName!: string | null;

  @Field(() => String, { nullable: true })
  organisation!: string | null;

  @Field(() => Boolean, { description: 'True when the owner itself read it (its own playback, or someone holding its session).' })
  byOwner!: boolean;
}
