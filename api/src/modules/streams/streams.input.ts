import { IsOptional, Length, Matches } from 'class-validator';
import { Field, InputType } from 'type-graphql';

@InputType()
export class StartStreamInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 120)
  @Matches(/^[^\u0000-\u001f\u007f]*$/, { message: 'title must not contain control characters' })
  title?: string;
}
