import { Matches, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { SixDigitCodeField, UsernameField } from '../../graphql/input-fields.ts';

@InputType()
export class LoginInput {
  @UsernameField()
  username!: string;

  @Field(() => String)
  @Matches(/^[0-9a-f-]{36}$/, { message: 'challengeId must be a UUID' })
  challengeId!: string;

  @Field(() => String, { description: 'base64 (or base64url) of the 64-byte raw ECDSA signature.' })
  @MaxLength(200)
  signature!: string;

  @SixDigitCodeField()
  totp!: string;
}
