import { Arg, Ctx, Int, Mutation, Resolver } from 'type-graphql';
import { USERNAME_RULE, isUsername } from '@seccam/schema';
import { BadInputError } from '../../errors.ts';
import { ensureSession, type RequestContext } from '../../graphql/context.ts';
import { clearSessionCookieHeader, sessionCookieHeader } from '../sessions/session-cookie.ts';
import type { SessionService } from '../sessions/sessions.service.ts';
import type { UserService } from '../users/users.service.ts';
import { Me } from '../users/users.type.ts';
import { LoginInput } from './auth.input.ts';
import type { AuthService } from './auth.service.ts';
import { LoginChallenge } from './auth.type.ts';

@Resolver()
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionService,
    private readonly users: UserService,
    private readonly origin: string,
  ) {}

  @Mutation(() => LoginChallenge, { description: 'Step 1 of login. Any username gets a challenge.' })
  async loginChallenge(@Arg('username', () => String) username: string, @Ctx() ctx: RequestContext): Promise<LoginChallenge> {
    if (!isUsername(username)) {
      throw new BadInputError(`username must be ${USERNAME_RULE}`, 'username', 'format');
    }
    const c = await this.auth.challenge(username, ctx.ip);
    return { challengeId: c.challengeId, nonce: c.nonceB64, origin: this.origin, expiresAt: c.expiresAt };
  }

  @Mutation(() => Me, { description: 'Step 2: signed challenge + TOTP. Sets the session cookie; no token in the body.' })
  async login(@Arg('input', () => LoginInput) input: LoginInput, @Ctx() ctx: RequestContext): Promise<Me> {
    const { token, user } = await this.auth.login(
      { username: input.username, challengeId: input.challengeId, signatureB64: input.signature, totp: input.totp },
      { ip: ctx.ip, userAgent: ctx.userAgent },
    );
    ctx.setCookies.push(sessionCookieHeader(token));
    return this.users.me(user);
  }

  @Mutation(() => Boolean, { description: 'Ends this session.' })
  async logout(@Ctx() ctx: RequestContext): Promise<boolean> {
    await this.auth.logout(ensureSession(ctx), ctx.ip);
    ctx.setCookies.push(clearSessionCookieHeader());
    return true;
  }

  @Mutation(() => Int, { description: 'Ends every session of this account; returns how many ended.' })
  async logoutEverywhere(@Ctx() ctx: RequestContext): Promise<number> {
    const n = await this.auth.logoutEverywhere(ensureSession(ctx).user, ctx.ip);
    ctx.setCookies.push(clearSessionCookieHeader());
    return n;
  }
}
