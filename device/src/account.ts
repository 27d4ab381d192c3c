/**
 * Account flows from a Node client (the headless dashcam, and tests): register with keys made
 * here, confirm the authenticator, log in by signing the server's challenge.
 *
 * Private keys never leave this process unencrypted: they go into the `.sec.json` bundle.
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
import { graphql } from './gql/index.ts';
import type { LoginMutation, RegisterMutation } from './gql/graphql.ts';
import type { HttpsClient } from './https-client.ts';
import { printDocument } from './print-document.ts';

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

export interface NewAccount extends CsrSubject {
  readonly email: string;
}

export interface RegisteredAccount {
  readonly registration: RegisterMutation['register'];
  /** Base32 TOTP secret from the otpauth:// URI, for the authenticator. */
  readonly totpSecret: string;
  readonly contents: BundleContents;
}

/** Generates keys and CSRs, registers, and returns the bundle contents (not yet encrypted). */
export async function registerAccount(client: HttpsClient, account: NewAccount): Promise<RegisteredAccount> {
  const keys = await generateIdentityKeys();
  const { sigCsrPem, encCsrPem } = await createIdentityCsrs(account, keys);
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

export async function confirmTotp(client: HttpsClient, username: string, code: string): Promise<void> {
  await client.graphql(printDocument(ConfirmTotpDocument), { input: { username, code } });
}

/** Encrypts the bundle contents under `password` (≥ 600,000 PBKDF2 iterations). */
export function sealBundle(contents: BundleContents, password: string): Promise<SecBundle> {
  return createBundle({ username: contents.username, password, contents });
}

/** Signs a fresh challenge with the bundle's `sig` key and logs in with `totp`. */
export async function login(client: HttpsClient, contents: BundleContents, totp: string): Promise<LoginMutation['login']> {
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
