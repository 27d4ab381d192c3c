import { IsOptional, Length, Matches } from 'class-validator';
import { Field, InputType } from 'type-graphql';

@InputType()
export class StartStreamInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 120)
  @Matches(/^\P{Cc}*$/u, { message: 'title must not contain control characters' })
  title?: string;
}
