import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Sign `seccam-login/v1|origin|username|challengeId|nonce` with your sig key.' })
export class LoginChallenge {
  @Field(() => String)
  challengeId!: string;

  @Field(() => String, { description: 'base64url' })
  nonce!: string;

  @Field(() => String, { description: 'The origin to put in the signed message.' })
  origin!: string;

  @Field(() => Date)
  expiresAt!: Date;
}
