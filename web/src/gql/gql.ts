/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation RequestLoginChallenge($username: String!) {\n    loginChallenge(username: $username) {\n      challengeId\n      nonce\n      origin\n    }\n  }\n": typeof types.RequestLoginChallengeDocument,
    "\n  mutation SignIn($input: LoginInput!) {\n    login(input: $input) {\n      id\n      username\n    }\n  }\n": typeof types.SignInDocument,
    "\n  query MyAccount {\n    me {\n      id\n      username\n      role\n      email\n      emailVerified\n      fullName\n      organisation\n      country\n      certificates {\n        serialHex\n        kind\n        notBefore\n        notAfter\n        revokedAt\n      }\n    }\n  }\n": typeof types.MyAccountDocument,
    "\n  mutation SignOut {\n    logout\n  }\n": typeof types.SignOutDocument,
    "\n  mutation SignOutEverywhere {\n    logoutEverywhere\n  }\n": typeof types.SignOutEverywhereDocument,
    "\n  mutation ConfirmAuthenticator($input: ConfirmTotpInput!) {\n    confirmTotp(input: $input)\n  }\n": typeof types.ConfirmAuthenticatorDocument,
    "\n  mutation RegisterAccount($input: RegisterInput!) {\n    register(input: $input) {\n      username\n      role\n      sigCertificatePem\n      encCertificatePem\n      intermediatePems\n      rootPem\n      totpUri\n    }\n  }\n": typeof types.RegisterAccountDocument,
    "\n  query Status {\n    platformTrust {\n      rootPem\n    }\n  }\n": typeof types.StatusDocument,
};
const documents: Documents = {
    "\n  mutation RequestLoginChallenge($username: String!) {\n    loginChallenge(username: $username) {\n      challengeId\n      nonce\n      origin\n    }\n  }\n": types.RequestLoginChallengeDocument,
    "\n  mutation SignIn($input: LoginInput!) {\n    login(input: $input) {\n      id\n      username\n    }\n  }\n": types.SignInDocument,
    "\n  query MyAccount {\n    me {\n      id\n      username\n      role\n      email\n      emailVerified\n      fullName\n      organisation\n      country\n      certificates {\n        serialHex\n        kind\n        notBefore\n        notAfter\n        revokedAt\n      }\n    }\n  }\n": types.MyAccountDocument,
    "\n  mutation SignOut {\n    logout\n  }\n": types.SignOutDocument,
    "\n  mutation SignOutEverywhere {\n    logoutEverywhere\n  }\n": types.SignOutEverywhereDocument,
    "\n  mutation ConfirmAuthenticator($input: ConfirmTotpInput!) {\n    confirmTotp(input: $input)\n  }\n": types.ConfirmAuthenticatorDocument,
    "\n  mutation RegisterAccount($input: RegisterInput!) {\n    register(input: $input) {\n      username\n      role\n      sigCertificatePem\n      encCertificatePem\n      intermediatePems\n      rootPem\n      totpUri\n    }\n  }\n": types.RegisterAccountDocument,
    "\n  query Status {\n    platformTrust {\n      rootPem\n    }\n  }\n": types.StatusDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestLoginChallenge($username: String!) {\n    loginChallenge(username: $username) {\n      challengeId\n      nonce\n      origin\n    }\n  }\n"): (typeof documents)["\n  mutation RequestLoginChallenge($username: String!) {\n    loginChallenge(username: $username) {\n      challengeId\n      nonce\n      origin\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignIn($input: LoginInput!) {\n    login(input: $input) {\n      id\n      username\n    }\n  }\n"): (typeof documents)["\n  mutation SignIn($input: LoginInput!) {\n    login(input: $input) {\n      id\n      username\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyAccount {\n    me {\n      id\n      username\n      role\n      email\n      emailVerified\n      fullName\n      organisation\n      country\n      certificates {\n        serialHex\n        kind\n        notBefore\n        notAfter\n        revokedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query MyAccount {\n    me {\n      id\n      username\n      role\n      email\n      emailVerified\n      fullName\n      organisation\n      country\n      certificates {\n        serialHex\n        kind\n        notBefore\n        notAfter\n        revokedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOut {\n    logout\n  }\n"): (typeof documents)["\n  mutation SignOut {\n    logout\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOutEverywhere {\n    logoutEverywhere\n  }\n"): (typeof documents)["\n  mutation SignOutEverywhere {\n    logoutEverywhere\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConfirmAuthenticator($input: ConfirmTotpInput!) {\n    confirmTotp(input: $input)\n  }\n"): (typeof documents)["\n  mutation ConfirmAuthenticator($input: ConfirmTotpInput!) {\n    confirmTotp(input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegisterAccount($input: RegisterInput!) {\n    register(input: $input) {\n      username\n      role\n      sigCertificatePem\n      encCertificatePem\n      intermediatePems\n      rootPem\n      totpUri\n    }\n  }\n"): (typeof documents)["\n  mutation RegisterAccount($input: RegisterInput!) {\n    register(input: $input) {\n      username\n      role\n      sigCertificatePem\n      encCertificatePem\n      intermediatePems\n      rootPem\n      totpUri\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Status {\n    platformTrust {\n      rootPem\n    }\n  }\n"): (typeof documents)["\n  query Status {\n    platformTrust {\n      rootPem\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;