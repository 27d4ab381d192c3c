import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'One recording. Frames are end-to-end encrypted; the server only sees their headers.' })
export class Stream {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String, { description: 'Username of the driver who recorded it.' })
  owner!: string;

  @Field(() => String, { description: "The driver's signing certificate this stream is rooted in (PEM): verify every frame with it." })
  sigCertificatePem!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'Capture time of the first frame.' })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the signed END frame was stored.' })
  endedAt!: Date | null;

  @Field(() => Int, { nullable: true, description: 'Last committed seq (null before the first frame).' })
  lastSeq!: number | null;

  @Field(() => Int, { nullable: true })
  lastEpoch!: number | null;

  @Field(() => Int)
  frameCount!: number;

  @Field(() => Float)
  byteCount!: number;
}
