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
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      userId\n      username\n      role\n      sigCertificatePem\n      encCertificatePem\n      intermediatePems\n      rootPem\n      totpUri\n    }\n  }\n": typeof types.RegisterDocument,
    "\n  mutation ConfirmTotp($input: ConfirmTotpInput!) {\n    confirmTotp(input: $input)\n  }\n": typeof types.ConfirmTotpDocument,
    "\n  mutation ResendVerificationEmail($email: String!) {\n    resendVerificationEmail(email: $email)\n  }\n": typeof types.ResendVerificationEmailDocument,
    "\n  mutation LoginChallenge($username: String!) {\n    loginChallenge(username: $username) {\n      challengeId\n      nonce\n      origin\n      expiresAt\n    }\n  }\n": typeof types.LoginChallengeDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      id\n      username\n      role\n      emailVerified\n    }\n  }\n": typeof types.LoginDocument,
    "\n  query Me {\n    me {\n      id\n      username\n      role\n      email\n      emailVerified\n      fullName\n      organisation\n      country\n      certificates {\n        serialHex\n        kind\n        pem\n        notBefore\n        notAfter\n        revokedAt\n      }\n    }\n  }\n": typeof types.MeDocument,
    "\n  mutation Logout {\n    logout\n  }\n": typeof types.LogoutDocument,
    "\n  mutation LogoutEverywhere {\n    logoutEverywhere\n  }\n": typeof types.LogoutEverywhereDocument,
    "\n  query PlatformTrust {\n    platformTrust {\n      rootPem\n      intermediatePems\n    }\n  }\n": typeof types.PlatformTrustDocument,
    "\n  fragment GrantFields on Grant {\n    id\n    driver\n    dispatcher\n    dispatcherOrganisation\n    dispatcherEncSerial\n    scope\n    streamIds\n    expiresAt\n    createdAt\n    revokedAt\n    active\n    signatureB64\n  }\n": typeof types.GrantFieldsFragmentDoc,
    "\n  query Grants {\n    grants {\n      ...GrantFields\n    }\n  }\n": typeof types.GrantsDocument,
    "\n  mutation CreateGrant($input: CreateGrantInput!) {\n    createGrant(input: $input) {\n      ...GrantFields\n    }\n  }\n": typeof types.CreateGrantDocument,
    "\n  mutation RevokeGrant($id: ID!, $proof: ActionProofInput!) {\n    revokeGrant(id: $id, proof: $proof) {\n      ...GrantFields\n    }\n  }\n": typeof types.RevokeGrantDocument,
    "\n  mutation RevokeCertificate($serialHex: String!, $proof: ActionProofInput!, $reason: String) {\n    revokeCertificate(serialHex: $serialHex, proof: $proof, reason: $reason)\n  }\n": typeof types.RevokeCertificateDocument,
    "\n  query Dispatchers($search: String, $limit: Int!) {\n    dispatchers(search: $search, limit: $limit) {\n      id\n      username\n      fullName\n      organisation\n      country\n      encCertificatePem\n      encCertificateLogProof {\n        ...LogProofFields\n      }\n      sigCertificatePem\n    }\n  }\n": typeof types.DispatchersDocument,
    "\n  query StreamAccessHistory($streamId: ID!, $first: Int!, $before: String) {\n    streamAccessHistory(streamId: $streamId, first: $first, before: $before) {\n      id\n      at\n      kind\n      username\n      fullName\n      organisation\n      byOwner\n    }\n  }\n": typeof types.StreamAccessHistoryDocument,
    "\n  mutation DeleteStream($id: ID!, $proof: ActionProofInput!) {\n    deleteStream(id: $id, proof: $proof) {\n      ...StreamFields\n    }\n  }\n": typeof types.DeleteStreamDocument,
    "\n  fragment StreamFields on Stream {\n    id\n    title\n    owner\n    sigCertificatePem\n    createdAt\n    startedAt\n    endedAt\n    lastSeq\n    lastEpoch\n    frameCount\n    byteCount\n  }\n": typeof types.StreamFieldsFragmentDoc,
    "\n  mutation StartStream($input: StartStreamInput!) {\n    startStream(input: $input) {\n      ...StreamFields\n    }\n  }\n": typeof types.StartStreamDocument,
    "\n  query Stream($id: ID!) {\n    stream(id: $id) {\n      ...StreamFields\n      sigCertificateLogProof {\n        ...LogProofFields\n      }\n    }\n  }\n": typeof types.StreamDocument,
    "\n  query MyStreams {\n    myStreams {\n      ...StreamFields\n    }\n  }\n": typeof types.MyStreamsDocument,
    "\n  query SharedStreams {\n    sharedStreams {\n      ...StreamFields\n    }\n  }\n": typeof types.SharedStreamsDocument,
    "\n  query StreamRecipients($streamId: ID!) {\n    streamRecipients(streamId: $streamId) {\n      username\n      role\n      encCertificatePem\n      encCertificateLogProof {\n        ...LogProofFields\n      }\n      encSerial\n    }\n  }\n": typeof types.StreamRecipientsDocument,
    "\n  query EpochKeys($streamId: ID!, $epoch: Int) {\n    epochKeys(streamId: $streamId, epoch: $epoch) {\n      streamId\n      epoch\n      recipientSerial\n      wrappedKeyB64\n      signatureB64\n    }\n  }\n": typeof types.EpochKeysDocument,
    "\n  mutation PublishEpochKeys($input: PublishEpochKeysInput!) {\n    publishEpochKeys(input: $input)\n  }\n": typeof types.PublishEpochKeysDocument,
    "\n  fragment StreamViewerFields on StreamViewer {\n    username\n    fullName\n    organisation\n    since\n    connections\n  }\n": typeof types.StreamViewerFieldsFragmentDoc,
    "\n  query StreamViewers($streamId: ID!) {\n    streamViewers(streamId: $streamId) {\n      ...StreamViewerFields\n    }\n  }\n": typeof types.StreamViewersDocument,
    "\n  subscription StreamEvents {\n    streamEvents {\n      kind\n      streamId\n      grantId\n      driver\n      epoch\n      at\n      viewers {\n        ...StreamViewerFields\n      }\n    }\n  }\n": typeof types.StreamEventsDocument,
    "\n  fragment SignedTreeHeadFields on SignedTreeHead {\n    treeSize\n    rootHashB64\n    timestamp\n    logIdHex\n    signatureB64\n    logPublicKeyPem\n    cosignatures {\n      witnessName\n      witnessKeyIdHex\n      cosignedAt\n      signatureB64\n    }\n  }\n": typeof types.SignedTreeHeadFieldsFragmentDoc,
    "\n  fragment LogProofFields on LogProof {\n    leafIndex\n    treeSize\n    auditPathB64\n    treeHead {\n      ...SignedTreeHeadFields\n    }\n  }\n": typeof types.LogProofFieldsFragmentDoc,
    "\n  query TreeHead {\n    treeHead {\n      ...SignedTreeHeadFields\n    }\n  }\n": typeof types.TreeHeadDocument,
    "\n  mutation SubmitTreeHeadCosignature($input: TreeHeadCosignatureInput!) {\n    submitTreeHeadCosignature(input: $input) {\n      witnessName\n      witnessKeyIdHex\n      cosignedAt\n      signatureB64\n    }\n  }\n": typeof types.SubmitTreeHeadCosignatureDocument,
    "\n  query ConsistencyProof($firstSize: Int!, $secondSize: Int!) {\n    consistencyProof(firstSize: $firstSize, secondSize: $secondSize)\n  }\n": typeof types.ConsistencyProofDocument,
    "\n  query LoggedCertificates($username: String!, $first: Int!, $afterLeafIndex: Int) {\n    certificatesInLog(username: $username, first: $first, afterLeafIndex: $afterLeafIndex) {\n      leafIndex\n      certificatePem\n      certificateSha256Hex\n      serialHex\n      revocationLeafIndex\n      revokedAt\n    }\n  }\n": typeof types.LoggedCertificatesDocument,
    "\n  query PlatformLogKey {\n    treeHead {\n      logIdHex\n      logPublicKeyPem\n    }\n  }\n": typeof types.PlatformLogKeyDocument,
};
const documents: Documents = {
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      userId\n      username\n      role\n      sigCertificatePem\n      encCertificatePem\n      intermediatePems\n      rootPem\n      totpUri\n    }\n  }\n": types.RegisterDocument,
    "\n  mutation ConfirmTotp($input: ConfirmTotpInput!) {\n    confirmTotp(input: $input)\n  }\n": types.ConfirmTotpDocument,
    "\n  mutation ResendVerificationEmail($email: String!) {\n    resendVerificationEmail(email: $email)\n  }\n": types.ResendVerificationEmailDocument,
    "\n  mutation LoginChallenge($username: String!) {\n    loginChallenge(username: $username) {\n      challengeId\n      nonce\n      origin\n      expiresAt\n    }\n  }\n": types.LoginChallengeDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      id\n      username\n      role\n      emailVerified\n    }\n  }\n": types.LoginDocument,
    "\n  query Me {\n    me {\n      id\n      username\n      role\n      email\n      emailVerified\n      fullName\n      organisation\n      country\n      certificates {\n        serialHex\n        kind\n        pem\n        notBefore\n        notAfter\n        revokedAt\n      }\n    }\n  }\n": types.MeDocument,
    "\n  mutation Logout {\n    logout\n  }\n": types.LogoutDocument,
    "\n  mutation LogoutEverywhere {\n    logoutEverywhere\n  }\n": types.LogoutEverywhereDocument,
    "\n  query PlatformTrust {\n    platformTrust {\n      rootPem\n      intermediatePems\n    }\n  }\n": types.PlatformTrustDocument,
    "\n  fragment GrantFields on Grant {\n    id\n    driver\n    dispatcher\n    dispatcherOrganisation\n    dispatcherEncSerial\n    scope\n    streamIds\n    expiresAt\n    createdAt\n    revokedAt\n    active\n    signatureB64\n  }\n": types.GrantFieldsFragmentDoc,
    "\n  query Grants {\n    grants {\n      ...GrantFields\n    }\n  }\n": types.GrantsDocument,
    "\n  mutation CreateGrant($input: CreateGrantInput!) {\n    createGrant(input: $input) {\n      ...GrantFields\n    }\n  }\n": types.CreateGrantDocument,
    "\n  mutation RevokeGrant($id: ID!, $proof: ActionProofInput!) {\n    revokeGrant(id: $id, proof: $proof) {\n      ...GrantFields\n    }\n  }\n": types.RevokeGrantDocument,
    "\n  mutation RevokeCertificate($serialHex: String!, $proof: ActionProofInput!, $reason: String) {\n    revokeCertificate(serialHex: $serialHex, proof: $proof, reason: $reason)\n  }\n": types.RevokeCertificateDocument,
    "\n  query Dispatchers($search: String, $limit: Int!) {\n    dispatchers(search: $search, limit: $limit) {\n      id\n      username\n      fullName\n      organisation\n      country\n      encCertificatePem\n      encCertificateLogProof {\n        ...LogProofFields\n      }\n      sigCertificatePem\n    }\n  }\n": types.DispatchersDocument,
    "\n  query StreamAccessHistory($streamId: ID!, $first: Int!, $before: String) {\n    streamAccessHistory(streamId: $streamId, first: $first, before: $before) {\n      id\n      at\n      kind\n      username\n      fullName\n      organisation\n      byOwner\n    }\n  }\n": types.StreamAccessHistoryDocument,
    "\n  mutation DeleteStream($id: ID!, $proof: ActionProofInput!) {\n    deleteStream(id: $id, proof: $proof) {\n      ...StreamFields\n    }\n  }\n": types.DeleteStreamDocument,
    "\n  fragment StreamFields on Stream {\n    id\n    title\n    owner\n    sigCertificatePem\n    createdAt\n    startedAt\n    endedAt\n    lastSeq\n    lastEpoch\n    frameCount\n    byteCount\n  }\n": types.StreamFieldsFragmentDoc,
    "\n  mutation StartStream($input: StartStreamInput!) {\n    startStream(input: $input) {\n      ...StreamFields\n    }\n  }\n": types.StartStreamDocument,
    "\n  query Stream($id: ID!) {\n    stream(id: $id) {\n      ...StreamFields\n      sigCertificateLogProof {\n        ...LogProofFields\n      }\n    }\n  }\n": types.StreamDocument,
    "\n  query MyStreams {\n    myStreams {\n      ...StreamFields\n    }\n  }\n": types.MyStreamsDocument,
    "\n  query SharedStreams {\n    sharedStreams {\n      ...StreamFields\n    }\n  }\n": types.SharedStreamsDocument,
    "\n  query StreamRecipients($streamId: ID!) {\n    streamRecipients(streamId: $streamId) {\n      username\n      role\n      encCertificatePem\n      encCertificateLogProof {\n        ...LogProofFields\n      }\n      encSerial\n    }\n  }\n": types.StreamRecipientsDocument,
    "\n  query EpochKeys($streamId: ID!, $epoch: Int) {\n    epochKeys(streamId: $streamId, epoch: $epoch) {\n      streamId\n      epoch\n      recipientSerial\n      wrappedKeyB64\n      signatureB64\n    }\n  }\n": types.EpochKeysDocument,
    "\n  mutation PublishEpochKeys($input: PublishEpochKeysInput!) {\n    publishEpochKeys(input: $input)\n  }\n": types.PublishEpochKeysDocument,
    "\n  fragment StreamViewerFields on StreamViewer {\n    username\n    fullName\n    organisation\n    since\n    connections\n  }\n": types.StreamViewerFieldsFragmentDoc,
    "\n  query StreamViewers($streamId: ID!) {\n    streamViewers(streamId: $streamId) {\n      ...StreamViewerFields\n    }\n  }\n": types.StreamViewersDocument,
    "\n  subscription StreamEvents {\n    streamEvents {\n      kind\n      streamId\n      grantId\n      driver\n      epoch\n      at\n      viewers {\n        ...StreamViewerFields\n      }\n    }\n  }\n": types.StreamEventsDocument,
    "\n  fragment SignedTreeHeadFields on SignedTreeHead {\n    treeSize\n    rootHashB64\n    timestamp\n    logIdHex\n    signatureB64\n    logPublicKeyPem\n    cosignatures {\n      witnessName\n      witnessKeyIdHex\n      cosignedAt\n      signatureB64\n    }\n  }\n": types.SignedTreeHeadFieldsFragmentDoc,
    "\n  fragment LogProofFields on LogProof {\n    leafIndex\n    treeSize\n    auditPathB64\n    treeHead {\n      ...SignedTreeHeadFields\n    }\n  }\n": types.LogProofFieldsFragmentDoc,
    "\n  query TreeHead {\n    treeHead {\n      ...SignedTreeHeadFields\n    }\n  }\n": types.TreeHeadDocument,
    "\n  mutation SubmitTreeHeadCosignature($input: TreeHeadCosignatureInput!) {\n    submitTreeHeadCosignature(input: $input) {\n      witnessName\n      witnessKeyIdHex\n      cosignedAt\n      signatureB64\n    }\n  }\n": types.SubmitTreeHeadCosignatureDocument,
    "\n  query ConsistencyProof($firstSize: Int!, $secondSize: Int!) {\n    consistencyProof(firstSize: $firstSize, secondSize: $secondSize)\n  }\n": types.ConsistencyProofDocument,
    "\n  query LoggedCertificates($username: String!, $first: Int!, $afterLeafIndex: Int) {\n    certificatesInLog(username: $username, first: $first, afterLeafIndex: $afterLeafIndex) {\n      leafIndex\n      certificatePem\n      certificateSha256Hex\n      serialHex\n      revocationLeafIndex\n      revokedAt\n    }\n  }\n": types.LoggedCertificatesDocument,
    "\n  query PlatformLogKey {\n    treeHead {\n      logIdHex\n      logPublicKeyPem\n    }\n  }\n": types.PlatformLogKeyDocument,
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
export function graphql(source: "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      userId\n      username\n      role\n      sigCertificatePem\n      encCertificatePem\n      intermediatePems\n      rootPem\n      totpUri\n    }\n  }\n"): (typeof documents)["\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      userId\n      username\n      role\n      sigCertificatePem\n      encCertificatePem\n      intermediatePems\n      rootPem\n      totpUri\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConfirmTotp($input: ConfirmTotpInput!) {\n    confirmTotp(input: $input)\n  }\n"): (typeof documents)["\n  mutation ConfirmTotp($input: ConfirmTotpInput!) {\n    confirmTotp(input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResendVerificationEmail($email: String!) {\n    resendVerificationEmail(email: $email)\n  }\n"): (typeof documents)["\n  mutation ResendVerificationEmail($email: String!) {\n    resendVerificationEmail(email: $email)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LoginChallenge($username: String!) {\n    loginChallenge(username: $username) {\n      challengeId\n      nonce\n      origin\n      expiresAt\n    }\n  }\n"): (typeof documents)["\n  mutation LoginChallenge($username: String!) {\n    loginChallenge(username: $username) {\n      challengeId\n      nonce\n      origin\n      expiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      id\n      username\n      role\n      emailVerified\n    }\n  }\n"): (typeof documents)["\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      id\n      username\n      role\n      emailVerified\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      id\n      username\n      role\n      email\n      emailVerified\n      fullName\n      organisation\n      country\n      certificates {\n        serialHex\n        kind\n        pem\n        notBefore\n        notAfter\n        revokedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      id\n      username\n      role\n      email\n      emailVerified\n      fullName\n      organisation\n      country\n      certificates {\n        serialHex\n        kind\n        pem\n        notBefore\n        notAfter\n        revokedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout {\n    logout\n  }\n"): (typeof documents)["\n  mutation Logout {\n    logout\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogoutEverywhere {\n    logoutEverywhere\n  }\n"): (typeof documents)["\n  mutation LogoutEverywhere {\n    logoutEverywhere\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PlatformTrust {\n    platformTrust {\n      rootPem\n      intermediatePems\n    }\n  }\n"): (typeof documents)["\n  query PlatformTrust {\n    platformTrust {\n      rootPem\n      intermediatePems\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment GrantFields on Grant {\n    id\n    driver\n    dispatcher\n    dispatcherOrganisation\n    dispatcherEncSerial\n    scope\n    streamIds\n    expiresAt\n    createdAt\n    revokedAt\n    active\n    signatureB64\n  }\n"): (typeof documents)["\n  fragment GrantFields on Grant {\n    id\n    driver\n    dispatcher\n    dispatcherOrganisation\n    dispatcherEncSerial\n    scope\n    streamIds\n    expiresAt\n    createdAt\n    revokedAt\n    active\n    signatureB64\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Grants {\n    grants {\n      ...GrantFields\n    }\n  }\n"): (typeof documents)["\n  query Grants {\n    grants {\n      ...GrantFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateGrant($input: CreateGrantInput!) {\n    createGrant(input: $input) {\n      ...GrantFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateGrant($input: CreateGrantInput!) {\n    createGrant(input: $input) {\n      ...GrantFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeGrant($id: ID!, $proof: ActionProofInput!) {\n    revokeGrant(id: $id, proof: $proof) {\n      ...GrantFields\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeGrant($id: ID!, $proof: ActionProofInput!) {\n    revokeGrant(id: $id, proof: $proof) {\n      ...GrantFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeCertificate($serialHex: String!, $proof: ActionProofInput!, $reason: String) {\n    revokeCertificate(serialHex: $serialHex, proof: $proof, reason: $reason)\n  }\n"): (typeof documents)["\n  mutation RevokeCertificate($serialHex: String!, $proof: ActionProofInput!, $reason: String) {\n    revokeCertificate(serialHex: $serialHex, proof: $proof, reason: $reason)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Dispatchers($search: String, $limit: Int!) {\n    dispatchers(search: $search, limit: $limit) {\n      id\n      username\n      fullName\n      organisation\n      country\n      encCertificatePem\n      encCertificateLogProof {\n        ...LogProofFields\n      }\n      sigCertificatePem\n    }\n  }\n"): (typeof documents)["\n  query Dispatchers($search: String, $limit: Int!) {\n    dispatchers(search: $search, limit: $limit) {\n      id\n      username\n      fullName\n      organisation\n      country\n      encCertificatePem\n      encCertificateLogProof {\n        ...LogProofFields\n      }\n      sigCertificatePem\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StreamAccessHistory($streamId: ID!, $first: Int!, $before: String) {\n    streamAccessHistory(streamId: $streamId, first: $first, before: $before) {\n      id\n      at\n      kind\n      username\n      fullName\n      organisation\n      byOwner\n    }\n  }\n"): (typeof documents)["\n  query StreamAccessHistory($streamId: ID!, $first: Int!, $before: String) {\n    streamAccessHistory(streamId: $streamId, first: $first, before: $before) {\n      id\n      at\n      kind\n      username\n      fullName\n      organisation\n      byOwner\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteStream($id: ID!, $proof: ActionProofInput!) {\n    deleteStream(id: $id, proof: $proof) {\n      ...StreamFields\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteStream($id: ID!, $proof: ActionProofInput!) {\n    deleteStream(id: $id, proof: $proof) {\n      ...StreamFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment StreamFields on Stream {\n    id\n    title\n    owner\n    sigCertificatePem\n    createdAt\n    startedAt\n    endedAt\n    lastSeq\n    lastEpoch\n    frameCount\n    byteCount\n  }\n"): (typeof documents)["\n  fragment StreamFields on Stream {\n    id\n    title\n    owner\n    sigCertificatePem\n    createdAt\n    startedAt\n    endedAt\n    lastSeq\n    lastEpoch\n    frameCount\n    byteCount\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartStream($input: StartStreamInput!) {\n    startStream(input: $input) {\n      ...StreamFields\n    }\n  }\n"): (typeof documents)["\n  mutation StartStream($input: StartStreamInput!) {\n    startStream(input: $input) {\n      ...StreamFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Stream($id: ID!) {\n    stream(id: $id) {\n      ...StreamFields\n      sigCertificateLogProof {\n        ...LogProofFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query Stream($id: ID!) {\n    stream(id: $id) {\n      ...StreamFields\n      sigCertificateLogProof {\n        ...LogProofFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyStreams {\n    myStreams {\n      ...StreamFields\n    }\n  }\n"): (typeof documents)["\n  query MyStreams {\n    myStreams {\n      ...StreamFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SharedStreams {\n    sharedStreams {\n      ...StreamFields\n    }\n  }\n"): (typeof documents)["\n  query SharedStreams {\n    sharedStreams {\n      ...StreamFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StreamRecipients($streamId: ID!) {\n    streamRecipients(streamId: $streamId) {\n      username\n      role\n      encCertificatePem\n      encCertificateLogProof {\n        ...LogProofFields\n      }\n      encSerial\n    }\n  }\n"): (typeof documents)["\n  query StreamRecipients($streamId: ID!) {\n    streamRecipients(streamId: $streamId) {\n      username\n      role\n      encCertificatePem\n      encCertificateLogProof {\n        ...LogProofFields\n      }\n      encSerial\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EpochKeys($streamId: ID!, $epoch: Int) {\n    epochKeys(streamId: $streamId, epoch: $epoch) {\n      streamId\n      epoch\n      recipientSerial\n      wrappedKeyB64\n      signatureB64\n    }\n  }\n"): (typeof documents)["\n  query EpochKeys($streamId: ID!, $epoch: Int) {\n    epochKeys(streamId: $streamId, epoch: $epoch) {\n      streamId\n      epoch\n      recipientSerial\n      wrappedKeyB64\n      signatureB64\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PublishEpochKeys($input: PublishEpochKeysInput!) {\n    publishEpochKeys(input: $input)\n  }\n"): (typeof documents)["\n  mutation PublishEpochKeys($input: PublishEpochKeysInput!) {\n    publishEpochKeys(input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment StreamViewerFields on StreamViewer {\n    username\n    fullName\n    organisation\n    since\n    connections\n  }\n"): (typeof documents)["\n  fragment StreamViewerFields on StreamViewer {\n    username\n    fullName\n    organisation\n    since\n    connections\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StreamViewers($streamId: ID!) {\n    streamViewers(streamId: $streamId) {\n      ...StreamViewerFields\n    }\n  }\n"): (typeof documents)["\n  query StreamViewers($streamId: ID!) {\n    streamViewers(streamId: $streamId) {\n      ...StreamViewerFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription StreamEvents {\n    streamEvents {\n      kind\n      streamId\n      grantId\n      driver\n      epoch\n      at\n      viewers {\n        ...StreamViewerFields\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription StreamEvents {\n    streamEvents {\n      kind\n      streamId\n      grantId\n      driver\n      epoch\n      at\n      viewers {\n        ...StreamViewerFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SignedTreeHeadFields on SignedTreeHead {\n    treeSize\n    rootHashB64\n    timestamp\n    logIdHex\n    signatureB64\n    logPublicKeyPem\n    cosignatures {\n      witnessName\n      witnessKeyIdHex\n      cosignedAt\n      signatureB64\n    }\n  }\n"): (typeof documents)["\n  fragment SignedTreeHeadFields on SignedTreeHead {\n    treeSize\n    rootHashB64\n    timestamp\n    logIdHex\n    signatureB64\n    logPublicKeyPem\n    cosignatures {\n      witnessName\n      witnessKeyIdHex\n      cosignedAt\n      signatureB64\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LogProofFields on LogProof {\n    leafIndex\n    treeSize\n    auditPathB64\n    treeHead {\n      ...SignedTreeHeadFields\n    }\n  }\n"): (typeof documents)["\n  fragment LogProofFields on LogProof {\n    leafIndex\n    treeSize\n    auditPathB64\n    treeHead {\n      ...SignedTreeHeadFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TreeHead {\n    treeHead {\n      ...SignedTreeHeadFields\n    }\n  }\n"): (typeof documents)["\n  query TreeHead {\n    treeHead {\n      ...SignedTreeHeadFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitTreeHeadCosignature($input: TreeHeadCosignatureInput!) {\n    submitTreeHeadCosignature(input: $input) {\n      witnessName\n      witnessKeyIdHex\n      cosignedAt\n      signatureB64\n    }\n  }\n"): (typeof documents)["\n  mutation SubmitTreeHeadCosignature($input: TreeHeadCosignatureInput!) {\n    submitTreeHeadCosignature(input: $input) {\n      witnessName\n      witnessKeyIdHex\n      cosignedAt\n      signatureB64\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsistencyProof($firstSize: Int!, $secondSize: Int!) {\n    consistencyProof(firstSize: $firstSize, secondSize: $secondSize)\n  }\n"): (typeof documents)["\n  query ConsistencyProof($firstSize: Int!, $secondSize: Int!) {\n    consistencyProof(firstSize: $firstSize, secondSize: $secondSize)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LoggedCertificates($username: String!, $first: Int!, $afterLeafIndex: Int) {\n    certificatesInLog(username: $username, first: $first, afterLeafIndex: $afterLeafIndex) {\n      leafIndex\n      certificatePem\n      certificateSha256Hex\n      serialHex\n      revocationLeafIndex\n      revokedAt\n    }\n  }\n"): (typeof documents)["\n  query LoggedCertificates($username: String!, $first: Int!, $afterLeafIndex: Int) {\n    certificatesInLog(username: $username, first: $first, afterLeafIndex: $afterLeafIndex) {\n      leafIndex\n      certificatePem\n      certificateSha256Hex\n      serialHex\n      revocationLeafIndex\n      revokedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PlatformLogKey {\n    treeHead {\n      logIdHex\n      logPublicKeyPem\n    }\n  }\n"): (typeof documents)["\n  query PlatformLogKey {\n    treeHead {\n      logIdHex\n      logPublicKeyPem\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;