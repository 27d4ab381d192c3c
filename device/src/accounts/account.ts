/**
 * Account flows, the same in the browser app, the headless dashcam and the tests: register with
 * keys made here, confirm the authenticator, log in by signing the server's challenge, read the
 * account, log out; and the platform's trust anchors to pin.
 *
 * Private keys never leave this process (or page) unencrypted: they go into the `.sec.json` bundle.
 */
import {
  createBundle,
  createIdentityCsrs,
  exportBundleKeys,
  generateIdentityKeys,
  importBundleKeys,
  loginChallengeMessage,
  signLoginChallenge,
  type BundleContents,
  type CsrSubject,
  type SecBundle,
} from '@seccam/pki';
import { printDocument } from '../client/print-document.ts';
import type { SeccamClient } from '../client/seccam-client.ts';
import { graphql } from '../gql/index.ts';
import type { LoginMutation, MeQuery, PlatformTrustQuery, RegisterMutation } from '../gql/graphql.ts';

export const RegisterDocument = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      userId
      username
      role
      sigCertificatePem
      encCertificatePem
      intermediatePems
      rootPem
      totpUri
    }
  }
`);

export const ConfirmTotpDocument = graphql(`
  mutation ConfirmTotp($input: ConfirmTotpInput!) {
    confirmTotp(input: $input)
  }
`);

export const ResendVerificationEmailDocument = graphql(`
  mutation ResendVerificationEmail($email: String!) {
    resendVerificationEmail(email: $email)
  }
`);

export const LoginChallengeDocument = graphql(`
  mutation LoginChallenge($username: String!) {
    loginChallenge(username: $username) {
      challengeId
      nonce
      origin
      expiresAt
    }
  }
`);

export const LoginDocument = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      id
      username
      role
      emailVerified
    }
  }
`);

export const MeDocument = graphql(`
  query Me {
    me {
      id
      username
      role
      email
      emailVerified
      fullName
      organisation
      country
      certificates {
        serialHex
        kind
        pem
        notBefore
        notAfter
        revokedAt
      }
    }
  }
`);

export const LogoutDocument = graphql(`
  mutation Logout {
    logout
  }
`);

export const LogoutEverywhereDocument = graphql(`
  mutation LogoutEverywhere {
    logoutEverywhere
  }
`);

export const PlatformTrustDocument = graphql(`
  query PlatformTrust {
    platformTrust {
      rootPem
      intermediatePems
    }
  }
`);

export type Account = MeQuery['me'];
export type PlatformTrust = PlatformTrustQuery['platformTrust'];

export interface NewAccount extends CsrSubject {
  readonly email: string;
}

export interface RegisteredAccount {
  readonly registration: RegisterMutation['register'];
  /** Base32 TOTP secret from the otpauth:// URI, for the authenticator. */
  readonly totpSecret: string;
  readonly contents: BundleContents;
}

/** The slow steps of {@link registerAccount}, for a progress display. */
export type RegisterStep = 'keys' | 'register';

export interface RegisterOptions {
  /** Called as each step starts (`keys`: the RSA-3072 key takes a second or two). */
  readonly onProgress?: (step: RegisterStep) => void;
}

/** Generates keys and CSRs, registers, and returns the bundle contents (not yet encrypted). */
export async function registerAccount(
  client: SeccamClient,
  account: NewAccount,
  options: RegisterOptions = {},
): Promise<RegisteredAccount> {
  options.onProgress?.('keys');
  const keys = await generateIdentityKeys();
  const { sigCsrPem, encCsrPem } = await createIdentityCsrs(account, keys);
  options.onProgress?.('register');
  const { register } = await client.graphql(printDocument(RegisterDocument), {
    input: {
      username: account.username,
      email: account.email,
      role: account.role,
      ...(account.role === 'dispatcher'
        ? { fullName: account.fullName, organisation: account.organisation, country: account.country }
        : {}),
      sigCsrPem,
      encCsrPem,
    },
  });
  const secret = new URL(register.totpUri).searchParams.get('secret');
  if (!secret) throw new Error('The server returned an otpauth URI without a secret.');
  const exported = await exportBundleKeys(keys);
  return {
    registration: register,
    totpSecret: secret,
    contents: {
      username: register.username,
      role: register.role,
      ...exported,
      sigCertPem: register.sigCertificatePem,
      encCertPem: register.encCertificatePem,
      chainPem: register.intermediatePems,
      rootPem: register.rootPem,
    },
  };
}

/** Confirms the authenticator with its current code (before the first login). */
export async function confirmTotp(client: SeccamClient, username: string, code: string): Promise<void> {
  await client.graphql(printDocument(ConfirmTotpDocument), { input: { username, code } });
}

/**
 * Asks for a fresh verification link for an unfinished registration (older links stop working).
 * The server answers the same for every address, known or not, and mails only when there is
 * an unfinished, unexpired registration for it; rate limited (RATE_LIMITED with
 * `retryAfterSeconds`).
 */
export async function resendVerificationEmail(client: SeccamClient, email: string): Promise<void> {
  await client.graphql(printDocument(ResendVerificationEmailDocument), { email });
}

/** Encrypts the bundle contents under `password` (≥ 600,000 PBKDF2 iterations). */
export function sealBundle(contents: BundleContents, password: string): Promise<SecBundle> {
  return createBundle({ username: contents.username, password, contents });
}

/** Signs a fresh challenge with the bundle's `sig` key and logs in with `totp`. */
export async function login(client: SeccamClient, contents: BundleContents, totp: string): Promise<LoginMutation['login']> {
  const { sig } = await importBundleKeys(contents);
  const { loginChallenge } = await client.graphql(printDocument(LoginChallengeDocument), { username: contents.username });
  const message = loginChallengeMessage({
    origin: loginChallenge.origin,
    username: contents.username,
    challengeId: loginChallenge.challengeId,
    nonce: loginChallenge.nonce,
  });
  const signature = await signLoginChallenge(sig.privateKey, message);
  const { login: me } = await client.graphql(printDocument(LoginDocument), {
    input: { username: contents.username, challengeId: loginChallenge.challengeId, signature, totp },
  });
  return me;
}

/** The signed-in account with its certificates. @throws GraphQLRequestError `UNAUTHENTICATED` without a session */
export async function fetchMe(client: SeccamClient): Promise<Account> {
  return (await client.graphql(printDocument(MeDocument))).me;
}

/** Ends this session on the server (its cookie is cleared and its sockets closed). */
export async function logout(client: SeccamClient): Promise<void> {
  await client.graphql(printDocument(LogoutDocument));
}

/** Ends every session of the account; resolves with how many ended. */
export async function logoutEverywhere(client: SeccamClient): Promise<number> {
  return (await client.graphql(printDocument(LogoutEverywhereDocument))).logoutEverywhere;
}

/** The platform's root and intermediates, as the server publishes them (to show and pin, never to trust blindly). */
export async function fetchPlatformTrust(client: SeccamClient): Promise<PlatformTrust> {
  return (await client.graphql(printDocument(PlatformTrustDocument))).platformTrust;
}
