import { IsBase64, IsDate, IsInt, Matches, Max, MaxLength, Min } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { WITNESS_NAME } from '@seccam/schema';

@InputType({
  description:
    'A witness\'s cosignature of a head the log signed (PROTOCOL.md §10, "Witness"): the head as the log signed it, and the cosignature.',
})
export class TreeHeadCosignatureInput {
  @Field(() => String, { description: 'The witness name the operator configured (TRANSPARENCY_WITNESSES).' })
  @Matches(WITNESS_NAME, { message: 'witnessName is 1 to 64 of a-z 0-9 . - starting with a letter or digit' })
  witnessName!: string;

  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  treeSize!: number;

  @Field(() => String)
  @MaxLength(64)
  @IsBase64()
  rootHashB64!: string;

  @Field(() => Date, { description: "The head's timestamp, as the log signed it." })
  @IsDate()
  timestamp!: Date;

  @Field(() => String, { description: "The log's signature of the head (SignedTreeHead.signatureB64)." })
  @MaxLength(128)
  @IsBase64()
  logSignatureB64!: string;

  @Field(() => Date, { description: 'When the witness cosigned (the time= of its statement).' })
  @IsDate()
  cosignedAt!: Date;

  @Field(() => String, { description: 'The witness signature over the cosignature statement, raw r||s (64 bytes), base64.' })
  @MaxLength(128)
  @IsBase64()
  cosignatureB64!: string;
}
