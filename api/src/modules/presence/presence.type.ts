import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A dispatcher watching one of your streams right now (over every API instance).' })
export class StreamViewer {
  @Field(() => String)
  username!: string;

  @Field(() => String, { nullable: true })
  fullName!: string | null;

  @Field(() => String, { nullable: true })
  organisation!: string | null;

  @Field(() => Date, { description: 'When the earliest of their open watch connections subscribed.' })
  since!: Date;

  @Field(() => Int, { description: 'Open watch connections of this viewer on the stream.' })
  connections!: number;
}
