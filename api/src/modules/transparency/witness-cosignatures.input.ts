import { IsInt, Matches, Max, Min } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { WITNESS_NAME } from '@seccam/schema';
import { Base64Field, DateField } from '../../graphql/input-fields.ts';

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

  @Base64Field(64)
  rootHashB64!: string;

  @DateField({ description: "The head's timestamp, as the log signed it." })
  timestamp!: Date;

  @Base64Field(128, { description: "The log's signature of the head (SignedTreeHead.signatureB64)." })
  logSignatureB64!: string;

  @DateField({ description: 'When the witness cosigned (the time= of its statement).' })
  cosignedAt!: Date;

  @Base64Field(128, { description: 'The witness signature over the cosignature statement, raw r||s (64 bytes), base64.' })
  cosignatureB64!: string;
}
