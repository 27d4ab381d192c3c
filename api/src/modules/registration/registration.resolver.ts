import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../graphql/context.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { EmailVerificationService } from '../email-verification/email-verification.service.ts';
import { ConfirmTotpInput, RegisterInput } from './registration.input.ts';
import type { RegistrationExpiry } from './registration-expiry.ts';
import type { RegistrationService } from './registration.service.ts';
import { Registration } from './registration.type.ts';

@Resolver()
export class RegistrationResolver {
  constructor(
    private readonly registration: RegistrationService,
    private readonly auth: AuthService,
    private readonly emailVerification: EmailVerificationService,
    private readonly expiry: RegistrationExpiry,
  ) {}

  @Mutation(() => Registration, { description: 'Creates an account from two CSRs; mails a verification link.' })
  register(@Arg('input', () => RegisterInput) input: RegisterInput, @Ctx() ctx: RequestContext): Promise<Registration> {
    return this.registration.register(input, ctx.ip);
  }

  @Mutation(() => Boolean, { description: 'Confirms the authenticator app with its first code.' })
  async confirmTotp(@Arg('input', () => ConfirmTotpInput) input: ConfirmTotpInput, @Ctx() ctx: RequestContext): Promise<boolean> {
    await this.expiry.ensureResumable(input.username);
    await this.auth.confirmTotp(input.username, input.code, ctx.ip);
    return true;
  }

  @Mutation(() => Boolean, {
    description:
      'Mails a fresh verification link if this address belongs to an unfinished registration. Always true (whether or not the address is known); rate limited.',
  })
  async resendVerificationEmail(@Arg('email', () => String) email: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    await this.registration.resendVerificationEmail(email.slice(0, 320), ctx.ip);
    return true;
  }

  @Mutation(() => String, { description: 'Consumes an e-mail verification token; returns the verified username.' })
  verifyEmail(@Arg('token', () => String) token: string): Promise<string> {
    return this.emailVerification.verify(token);
  }
}
