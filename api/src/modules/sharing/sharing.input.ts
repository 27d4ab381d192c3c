import { ArrayMaxSize, IsIn, IsOptional, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { Min, Max } from 'class-validator';
import { GRANT_SCOPES, MAX_GRANT_STREAM_IDS, USERNAME_PATTERN, type GrantScope } from '@seccam/schema';
import { GrantScopeEnum } from './sharing.type.ts';

const B64 = /^[A-Za-z0-9+/]*={0,2}$/;
const SERIAL = /^[0-9a-fA-F]{1,64}$/;

@InputType()
export class CreateGrantInput {
  @Field(() => ID, { description: 'Chosen by the client (UUID), part of the signed statement.' })
  @IsUUID('4')
  id!: string;

  @Field(() => String)
  @Matches(USERNAME_PATTERN, { message: 'dispatcher must be a username' })
  dispatcher!: string;

  @Field(() => String)
  @Matches(SERIAL, { message: 'dispatcherEncSerial must be hex' })
  dispatcherEncSerial!: string;

  @Field(() => GrantScopeEnum)
  @IsIn(GRANT_SCOPES)
  scope!: GrantScope;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX_GRANT_STREAM_IDS)
  @IsUUID('all', { each: true })
  streamIds?: string[];

  @Field(() => Date, { nullable: true })
  @IsOptional()
  expiresAt?: Date;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => String, { description: 'ECDSA P-256 signature (raw r||s, base64) over the grant statement.' })
  @MaxLength(200)
  @Matches(B64)
  signatureB64!: string;
}

@InputType()
export class EpochKeyEntryInput {
  @Field(() => String)
  @Matches(SERIAL, { message: 'recipientSerial must be hex' })
  recipientSerial!: string;

  @Field(() => String)
  @MaxLength(1400)
  @Matches(B64)
  wrappedKeyB64!: string;

  @Field(() => String)
  @MaxLength(200)
  @Matches(B64)
  signatureB64!: string;
}

@InputType()
export class PublishEpochKeysInput {
  @Field(() => ID)
  @IsUUID('all')
  streamId!: string;

  @Field(() => Int)
  @Min(0)
  @Max(2 ** 31 - 1)
  epoch!: number;

  @Field(() => [EpochKeyEntryInput])
  @ArrayMaxSize(256)
  @ValidateNested({ each: true })
  entries!: EpochKeyEntryInput[];
}

@InputType({ description: 'A fresh signature by your current sig key over an action statement (docs/PROTOCOL.md, "Action statements").' })
export class ActionProofInput {
  @Field(() => Date, { description: 'The time the statement names; within 5 minutes of the server clock.' })
  at!: Date;

  @Field(() => String, { description: 'ECDSA P-256 signature (raw r||s, base64) over the statement.' })
  @MaxLength(200)
  @Matches(B64)
  signatureB64!: string;
}
