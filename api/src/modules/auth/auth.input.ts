import { Matches, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { USERNAME_PATTERN, USERNAME_RULE } from '@seccam/schema';

@InputType()
export class LoginInput {
  @Field(() => String)
  @Matches(USERNAME_PATTERN, { message: `username must be ${USERNAME_RULE}` })
  username!: string;

  @Field(() => String)
  @Matches(/^[0-9a-f-]{36}$/, { message: 'challengeId must be a UUID' })
  challengeId!: string;

  @Field(() => String, { description: 'base64 (or base64url) of the 64-byte raw ECDSA signature.' })
  @MaxLength(200)
  signature!: string;

  @Field(() => String)
  @Matches(/^\d{6}$/, { message: 'totp must be 6 digits' })
  totp!: string;
}
