import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { ensureRole, ensureUser, type RequestContext } from '../../graphql/context.ts';
import type { CertificateService } from '../certificates/certificates.service.ts';
import type { UserService } from './users.service.ts';
import { Dispatcher, Me, PlatformTrust } from './users.type.ts';

@Resolver()
export class UsersResolver {
  constructor(
    private readonly users: UserService,
    private readonly certificates: CertificateService,
  ) {}

  @Query(() => Me, { description: 'The signed-in account.' })
  me(@Ctx() ctx: RequestContext): Promise<Me> {
    return this.users.me(ensureUser(ctx));
  }

  @Query(() => [Dispatcher], { description: 'Drivers: dispatchers you can share with.' })
  dispatchers(
    @Ctx() ctx: RequestContext,
    @Arg('search', () => String, { nullable: true }) search?: string,
    @Arg('limit', () => Int, { defaultValue: 50 }) limit = 50,
  ): Promise<Dispatcher[]> {
    ensureRole(ctx, 'driver');
    return this.users.dispatchers(search?.slice(0, 64), Math.min(Math.max(limit, 1), 200));
  }

  @Query(() => PlatformTrust, { description: 'The platform root, intermediates and CRL. Public.' })
  async platformTrust(): Promise<PlatformTrust> {
    const { rootPem, intermediatePems } = this.certificates.trust;
    return { rootPem, intermediatePems: [...intermediatePems], crlPem: await this.certificates.crlPem() };
  }
}
