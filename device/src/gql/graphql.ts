/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** What the viewer declared when it opened the watch socket: watch (live or replay), export (evidence file), download (video file). */
export type AccessKind =
  | 'download'
  | 'export'
  | 'watch';

/** A fresh signature by your current sig key over an action statement (docs/PROTOCOL.md, "Action statements"). */
export type ActionProofInput = {
  /** The time the statement names; within 5 minutes of the server clock. */
  at: string;
  /** ECDSA P-256 signature (raw r||s, base64) over the statement. */
  signatureB64: string;
};

/** `sig`: ECDSA P-256 signing key. `enc`: RSA-OAEP 3072 key-wrapping key. */
export type CertificateKind =
  | 'enc'
  | 'sig';

export type ConfirmTotpInput = {
  code: string;
  username: string;
};

export type CreateGrantInput = {
  createdAt: string;
  dispatcher: string;
  dispatcherEncSerial: string;
  expiresAt?: string | null | undefined;
  /** Chosen by the client (UUID), part of the signed statement. */
  id: string | number;
  scope: GrantScope;
  /** ECDSA P-256 signature (raw r||s, base64) over the grant statement. */
  signatureB64: string;
  streamIds?: Array<string | number> | null | undefined;
};

export type EpochKeyEntryInput = {
  recipientSerial: string;
  signatureB64: string;
  wrappedKeyB64: string;
};

/** `all`: every stream of the driver, past and future. `streams`: the listed ones. */
export type GrantScope =
  | 'all'
  | 'streams';

export type LoginInput = {
  challengeId: string;
  /** base64 (or base64url) of the 64-byte raw ECDSA signature. */
  signature: string;
  totp: string;
  username: string;
};

export type PublishEpochKeysInput = {
  entries: Array<EpochKeyEntryInput>;
  epoch: number;
  streamId: string | number;
};

/** A new account. Keys are generated on the client; only CSRs are sent. */
export type RegisterInput = {
  /** Dispatchers: ISO 3166-1 alpha-2 country code. */
  country?: string | null | undefined;
  email: string;
  /** PKCS#10 CSR (PEM) for the RSA-OAEP 3072 encryption key. */
  encCsrPem: string;
  /** Dispatchers: the person behind the account. */
  fullName?: string | null | undefined;
  /** Dispatchers: the company they represent. */
  organisation?: string | null | undefined;
  role: Role;
  /** PKCS#10 CSR (PEM) for the ECDSA P-256 signing key. */
  sigCsrPem: string;
  /** Lower-case letters and digits, 3 to 32 characters. */
  username: string;
};

/** Drivers record; dispatchers watch what drivers share. */
export type Role =
  | 'dispatcher'
  | 'driver';

export type StartStreamInput = {
  title?: string | null | undefined;
};

/** started/ended: a visible stream began or signed its END; shared/revoked: a grant you are party to; rekeyed: a key for a new epoch was published for you; deleted: the owner deleted a stream you could see; viewers: (owners only) who watches your stream changed, the new list in `viewers`. */
export type StreamEventKind =
  | 'deleted'
  | 'ended'
  | 'rekeyed'
  | 'revoked'
  | 'shared'
  | 'started'
  | 'viewers';

/** A witness's cosignature of a head the log signed (PROTOCOL.md §10, "Witness"): the head as the log signed it, and the cosignature. */
export type TreeHeadCosignatureInput = {
  /** The witness signature over the cosignature statement, raw r||s (64 bytes), base64. */
  cosignatureB64: string;
  /** When the witness cosigned (the time= of its statement). */
  cosignedAt: string;
  /** The log's signature of the head (SignedTreeHead.signatureB64). */
  logSignatureB64: string;
  rootHashB64: string;
  /** The head's timestamp, as the log signed it. */
  timestamp: string;
  treeSize: number;
  /** The witness name the operator configured (TRANSPARENCY_WITNESSES). */
  witnessName: string;
};

export type RegisterMutationVariables = Exact<{
  input: RegisterInput;
}>;


export type RegisterMutation = { register: { userId: string, username: string, role: Role, sigCertificatePem: string, encCertificatePem: string, intermediatePems: Array<string>, rootPem: string, totpUri: string } };

export type ConfirmTotpMutationVariables = Exact<{
  input: ConfirmTotpInput;
}>;


export type ConfirmTotpMutation = { confirmTotp: boolean };

export type ResendVerificationEmailMutationVariables = Exact<{
  email: string;
}>;


export type ResendVerificationEmailMutation = { resendVerificationEmail: boolean };

export type LoginChallengeMutationVariables = Exact<{
  username: string;
}>;


export type LoginChallengeMutation = { loginChallenge: { challengeId: string, nonce: string, origin: string, expiresAt: string } };

export type LoginMutationVariables = Exact<{
  input: LoginInput;
}>;


export type LoginMutation = { login: { id: string, username: string, role: Role, emailVerified: boolean } };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { id: string, username: string, role: Role, email: string, emailVerified: boolean, fullName: string | null, organisation: string | null, country: string | null, certificates: Array<{ serialHex: string, kind: CertificateKind, pem: string, notBefore: string, notAfter: string, revokedAt: string | null }> } };

export type LogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type LogoutMutation = { logout: boolean };

export type LogoutEverywhereMutationVariables = Exact<{ [key: string]: never; }>;


export type LogoutEverywhereMutation = { logoutEverywhere: number };

export type PlatformTrustQueryVariables = Exact<{ [key: string]: never; }>;


export type PlatformTrustQuery = { platformTrust: { rootPem: string, intermediatePems: Array<string> } };

export type GrantFieldsFragment = { id: string, driver: string, dispatcher: string, dispatcherOrganisation: string, dispatcherEncSerial: string, scope: GrantScope, streamIds: Array<string>, expiresAt: string | null, createdAt: string, revokedAt: string | null, active: boolean, signatureB64: string };

export type GrantsQueryVariables = Exact<{ [key: string]: never; }>;


export type GrantsQuery = { grants: Array<{ id: string, driver: string, dispatcher: string, dispatcherOrganisation: string, dispatcherEncSerial: string, scope: GrantScope, streamIds: Array<string>, expiresAt: string | null, createdAt: string, revokedAt: string | null, active: boolean, signatureB64: string }> };

export type CreateGrantMutationVariables = Exact<{
  input: CreateGrantInput;
}>;


export type CreateGrantMutation = { createGrant: { id: string, driver: string, dispatcher: string, dispatcherOrganisation: string, dispatcherEncSerial: string, scope: GrantScope, streamIds: Array<string>, expiresAt: string | null, createdAt: string, revokedAt: string | null, active: boolean, signatureB64: string } };

export type RevokeGrantMutationVariables = Exact<{
  id: string | number;
  proof: ActionProofInput;
}>;


export type RevokeGrantMutation = { revokeGrant: { id: string, driver: string, dispatcher: string, dispatcherOrganisation: string, dispatcherEncSerial: string, scope: GrantScope, streamIds: Array<string>, expiresAt: string | null, createdAt: string, revokedAt: string | null, active: boolean, signatureB64: string } };

export type RevokeCertificateMutationVariables = Exact<{
  serialHex: string;
  proof: ActionProofInput;
  reason?: string | null | undefined;
}>;


export type RevokeCertificateMutation = { revokeCertificate: boolean };

export type DispatchersQueryVariables = Exact<{
  search?: string | null | undefined;
  limit: number;
}>;


export type DispatchersQuery = { dispatchers: Array<{ id: string, username: string, fullName: string, organisation: string, country: string, encCertificatePem: string, sigCertificatePem: string, encCertificateLogProof: { leafIndex: number, treeSize: number, auditPathB64: Array<string>, treeHead: { treeSize: number, rootHashB64: string, timestamp: string, logIdHex: string, signatureB64: string, logPublicKeyPem: string, cosignatures: Array<{ witnessName: string, witnessKeyIdHex: string, cosignedAt: string, signatureB64: string }> } } | null }> };

export type StreamAccessHistoryQueryVariables = Exact<{
  streamId: string | number;
  first: number;
  before?: string | null | undefined;
}>;


export type StreamAccessHistoryQuery = { streamAccessHistory: Array<{ id: string, at: string, kind: AccessKind, username: string, fullName: string | null, organisation: string | null, byOwner: boolean }> };

export type DeleteStreamMutationVariables = Exact<{
  id: string | number;
  proof: ActionProofInput;
}>;


export type DeleteStreamMutation = { deleteStream: { id: string, title: string, owner: string, sigCertificatePem: string, createdAt: string, startedAt: string | null, endedAt: string | null, lastSeq: number | null, lastEpoch: number | null, frameCount: number, byteCount: number } };

export type StreamFieldsFragment = { id: string, title: string, owner: string, sigCertificatePem: string, createdAt: string, startedAt: string | null, endedAt: string | null, lastSeq: number | null, lastEpoch: number | null, frameCount: number, byteCount: number };

export type StartStreamMutationVariables = Exact<{
  input: StartStreamInput;
}>;


export type StartStreamMutation = { startStream: { id: string, title: string, owner: string, sigCertificatePem: string, createdAt: string, startedAt: string | null, endedAt: string | null, lastSeq: number | null, lastEpoch: number | null, frameCount: number, byteCount: number } };

export type StreamQueryVariables = Exact<{
  id: string | number;
}>;


export type StreamQuery = { stream: { id: string, title: string, owner: string, sigCertificatePem: string, createdAt: string, startedAt: string | null, endedAt: string | null, lastSeq: number | null, lastEpoch: number | null, frameCount: number, byteCount: number, sigCertificateLogProof: { leafIndex: number, treeSize: number, auditPathB64: Array<string>, treeHead: { treeSize: number, rootHashB64: string, timestamp: string, logIdHex: string, signatureB64: string, logPublicKeyPem: string, cosignatures: Array<{ witnessName: string, witnessKeyIdHex: string, cosignedAt: string, signatureB64: string }> } } | null } };

export type MyStreamsQueryVariables = Exact<{ [key: string]: never; }>;


export type MyStreamsQuery = { myStreams: Array<{ id: string, title: string, owner: string, sigCertificatePem: string, createdAt: string, startedAt: string | null, endedAt: string | null, lastSeq: number | null, lastEpoch: number | null, frameCount: number, byteCount: number }> };

export type SharedStreamsQueryVariables = Exact<{ [key: string]: never; }>;


export type SharedStreamsQuery = { sharedStreams: Array<{ id: string, title: string, owner: string, sigCertificatePem: string, createdAt: string, startedAt: string | null, endedAt: string | null, lastSeq: number | null, lastEpoch: number | null, frameCount: number, byteCount: number }> };

export type StreamRecipientsQueryVariables = Exact<{
  streamId: string | number;
}>;


export type StreamRecipientsQuery = { streamRecipients: Array<{ username: string, role: Role, encCertificatePem: string, encSerial: string, encCertificateLogProof: { leafIndex: number, treeSize: number, auditPathB64: Array<string>, treeHead: { treeSize: number, rootHashB64: string, timestamp: string, logIdHex: string, signatureB64: string, logPublicKeyPem: string, cosignatures: Array<{ witnessName: string, witnessKeyIdHex: string, cosignedAt: string, signatureB64: string }> } } | null }> };

export type EpochKeysQueryVariables = Exact<{
  streamId: string | number;
  epoch?: number | null | undefined;
}>;


export type EpochKeysQuery = { epochKeys: Array<{ streamId: string, epoch: number, recipientSerial: string, wrappedKeyB64: string, signatureB64: string }> };

export type PublishEpochKeysMutationVariables = Exact<{
  input: PublishEpochKeysInput;
}>;


export type PublishEpochKeysMutation = { publishEpochKeys: number };

export type StreamViewerFieldsFragment = { username: string, fullName: string | null, organisation: string | null, since: string, connections: number };

export type StreamViewersQueryVariables = Exact<{
  streamId: string | number;
}>;


export type StreamViewersQuery = { streamViewers: Array<{ username: string, fullName: string | null, organisation: string | null, since: string, connections: number }> };

export type StreamEventsSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type StreamEventsSubscription = { streamEvents: { kind: StreamEventKind, streamId: string | null, grantId: string | null, driver: string, epoch: number | null, at: string, viewers: Array<{ username: string, fullName: string | null, organisation: string | null, since: string, connections: number }> | null } };

export type SignedTreeHeadFieldsFragment = { treeSize: number, rootHashB64: string, timestamp: string, logIdHex: string, signatureB64: string, logPublicKeyPem: string, cosignatures: Array<{ witnessName: string, witnessKeyIdHex: string, cosignedAt: string, signatureB64: string }> };

export type LogProofFieldsFragment = { leafIndex: number, treeSize: number, auditPathB64: Array<string>, treeHead: { treeSize: number, rootHashB64: string, timestamp: string, logIdHex: string, signatureB64: string, logPublicKeyPem: string, cosignatures: Array<{ witnessName: string, witnessKeyIdHex: string, cosignedAt: string, signatureB64: string }> } };

export type TreeHeadQueryVariables = Exact<{ [key: string]: never; }>;


export type TreeHeadQuery = { treeHead: { treeSize: number, rootHashB64: string, timestamp: string, logIdHex: string, signatureB64: string, logPublicKeyPem: string, cosignatures: Array<{ witnessName: string, witnessKeyIdHex: string, cosignedAt: string, signatureB64: string }> } };

export type SubmitTreeHeadCosignatureMutationVariables = Exact<{
  input: TreeHeadCosignatureInput;
}>;


export type SubmitTreeHeadCosignatureMutation = { submitTreeHeadCosignature: { witnessName: string, witnessKeyIdHex: string, cosignedAt: string, signatureB64: string } };

export type ConsistencyProofQueryVariables = Exact<{
  firstSize: number;
  secondSize: number;
}>;


export type ConsistencyProofQuery = { consistencyProof: Array<string> };

export type LoggedCertificatesQueryVariables = Exact<{
  username: string;
  first: number;
  afterLeafIndex?: number | null | undefined;
}>;


export type LoggedCertificatesQuery = { certificatesInLog: Array<{ leafIndex: number, certificatePem: string, certificateSha256Hex: string, serialHex: string, revocationLeafIndex: number | null, revokedAt: string | null }> };

export type PlatformLogKeyQueryVariables = Exact<{ [key: string]: never; }>;


export type PlatformLogKeyQuery = { treeHead: { logIdHex: string, logPublicKeyPem: string } };

export const GrantFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"GrantFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Grant"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"driver"}},{"kind":"Field","name":{"kind":"Name","value":"dispatcher"}},{"kind":"Field","name":{"kind":"Name","value":"dispatcherOrganisation"}},{"kind":"Field","name":{"kind":"Name","value":"dispatcherEncSerial"}},{"kind":"Field","name":{"kind":"Name","value":"scope"}},{"kind":"Field","name":{"kind":"Name","value":"streamIds"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"signatureB64"}}]}}]} as unknown as DocumentNode<GrantFieldsFragment, unknown>;
export const StreamFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StreamFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Stream"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"owner"}},{"kind":"Field","name":{"kind":"Name","value":"sigCertificatePem"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"endedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeq"}},{"kind":"Field","name":{"kind":"Name","value":"lastEpoch"}},{"kind":"Field","name":{"kind":"Name","value":"frameCount"}},{"kind":"Field","name":{"kind":"Name","value":"byteCount"}}]}}]} as unknown as DocumentNode<StreamFieldsFragment, unknown>;
export const StreamViewerFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StreamViewerFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"StreamViewer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}},{"kind":"Field","name":{"kind":"Name","value":"organisation"}},{"kind":"Field","name":{"kind":"Name","value":"since"}},{"kind":"Field","name":{"kind":"Name","value":"connections"}}]}}]} as unknown as DocumentNode<StreamViewerFieldsFragment, unknown>;
export const SignedTreeHeadFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SignedTreeHeadFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SignedTreeHead"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"treeSize"}},{"kind":"Field","name":{"kind":"Name","value":"rootHashB64"}},{"kind":"Field","name":{"kind":"Name","value":"timestamp"}},{"kind":"Field","name":{"kind":"Name","value":"logIdHex"}},{"kind":"Field","name":{"kind":"Name","value":"signatureB64"}},{"kind":"Field","name":{"kind":"Name","value":"logPublicKeyPem"}},{"kind":"Field","name":{"kind":"Name","value":"cosignatures"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"witnessName"}},{"kind":"Field","name":{"kind":"Name","value":"witnessKeyIdHex"}},{"kind":"Field","name":{"kind":"Name","value":"cosignedAt"}},{"kind":"Field","name":{"kind":"Name","value":"signatureB64"}}]}}]}}]} as unknown as DocumentNode<SignedTreeHeadFieldsFragment, unknown>;
export const LogProofFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LogProofFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"LogProof"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"leafIndex"}},{"kind":"Field","name":{"kind":"Name","value":"treeSize"}},{"kind":"Field","name":{"kind":"Name","value":"auditPathB64"}},{"kind":"Field","name":{"kind":"Name","value":"treeHead"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SignedTreeHeadFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SignedTreeHeadFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SignedTreeHead"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"treeSize"}},{"kind":"Field","name":{"kind":"Name","value":"rootHashB64"}},{"kind":"Field","name":{"kind":"Name","value":"timestamp"}},{"kind":"Field","name":{"kind":"Name","value":"logIdHex"}},{"kind":"Field","name":{"kind":"Name","value":"signatureB64"}},{"kind":"Field","name":{"kind":"Name","value":"logPublicKeyPem"}},{"kind":"Field","name":{"kind":"Name","value":"cosignatures"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"witnessName"}},{"kind":"Field","name":{"kind":"Name","value":"witnessKeyIdHex"}},{"kind":"Field","name":{"kind":"Name","value":"cosignedAt"}},{"kind":"Field","name":{"kind":"Name","value":"signatureB64"}}]}}]}}]} as unknown as DocumentNode<LogProofFieldsFragment, unknown>;
export const RegisterDocument = {"__meta__":{"hash":"sha256:232b9956f5c14c1247194a7d1ab96d1ff30706228af0b5fedfbb33c9da16b252"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Register"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RegisterInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"register"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"sigCertificatePem"}},{"kind":"Field","name":{"kind":"Name","value":"encCertificatePem"}},{"kind":"Field","name":{"kind":"Name","value":"intermediatePems"}},{"kind":"Field","name":{"kind":"Name","value":"rootPem"}},{"kind":"Field","name":{"kind":"Name","value":"totpUri"}}]}}]}}]} as unknown as DocumentNode<RegisterMutation, RegisterMutationVariables>;
export const ConfirmTotpDocument = {"__meta__":{"hash":"sha256:89ef2a1a06fd0f59dc06d394092f1608b6da0cedb48a2ae6987f321e73e37c54"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConfirmTotp"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ConfirmTotpInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"confirmTotp"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}]}]}}]} as unknown as DocumentNode<ConfirmTotpMutation, ConfirmTotpMutationVariables>;
export const ResendVerificationEmailDocument = {"__meta__":{"hash":"sha256:1f5488c8d91ad004a7e446691193a79630fd7436c81605a4cb0b4fc135dd9c69"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ResendVerificationEmail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"email"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resendVerificationEmail"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"email"},"value":{"kind":"Variable","name":{"kind":"Name","value":"email"}}}]}]}}]} as unknown as DocumentNode<ResendVerificationEmailMutation, ResendVerificationEmailMutationVariables>;
export const LoginChallengeDocument = {"__meta__":{"hash":"sha256:1e5d165541e77dd044433cd92e37770b7a8fb5d643ed37f9e2f002d1cad09a1d"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"LoginChallenge"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"username"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"loginChallenge"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"username"},"value":{"kind":"Variable","name":{"kind":"Name","value":"username"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"challengeId"}},{"kind":"Field","name":{"kind":"Name","value":"nonce"}},{"kind":"Field","name":{"kind":"Name","value":"origin"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]}}]} as unknown as DocumentNode<LoginChallengeMutation, LoginChallengeMutationVariables>;
export const LoginDocument = {"__meta__":{"hash":"sha256:6eea15a3c6b92b7464372d78ba2599ab6cce480442c007e9c87f5420715d3d70"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Login"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LoginInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"login"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"emailVerified"}}]}}]}}]} as unknown as DocumentNode<LoginMutation, LoginMutationVariables>;
export const MeDocument = {"__meta__":{"hash":"sha256:c3b7421e3ef8cb4242eeb4638ddf5fadb15ad70c8f10f31e010c7dee7a13710b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"emailVerified"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}},{"kind":"Field","name":{"kind":"Name","value":"organisation"}},{"kind":"Field","name":{"kind":"Name","value":"country"}},{"kind":"Field","name":{"kind":"Name","value":"certificates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serialHex"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"pem"}},{"kind":"Field","name":{"kind":"Name","value":"notBefore"}},{"kind":"Field","name":{"kind":"Name","value":"notAfter"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}}]}}]}}]}}]} as unknown as DocumentNode<MeQuery, MeQueryVariables>;
export const LogoutDocument = {"__meta__":{"hash":"sha256:cb1d14c1cc99a25294cfa4376de2402364cb32e6c038a11fb36cf0ebb3a5ce91"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Logout"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"logout"}}]}}]} as unknown as DocumentNode<LogoutMutation, LogoutMutationVariables>;
export const LogoutEverywhereDocument = {"__meta__":{"hash":"sha256:52707447b420e68f4a0918465e15cadf17002137ecf83682995cbd21b0be795c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"LogoutEverywhere"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"logoutEverywhere"}}]}}]} as unknown as DocumentNode<LogoutEverywhereMutation, LogoutEverywhereMutationVariables>;
export const PlatformTrustDocument = {"__meta__":{"hash":"sha256:8de8a0d024ed8edd5d9f25543c276985bfa7a9a33fd7bb4bd4b036ec2f7ba675"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PlatformTrust"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"platformTrust"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rootPem"}},{"kind":"Field","name":{"kind":"Name","value":"intermediatePems"}}]}}]}}]} as unknown as DocumentNode<PlatformTrustQuery, PlatformTrustQueryVariables>;
export const GrantsDocument = {"__meta__":{"hash":"sha256:36895e6bc0c622972b84afaef1da645799f86b8bce1659c6a051ce23a10d0ad3"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Grants"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"grants"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"GrantFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"GrantFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Grant"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"driver"}},{"kind":"Field","name":{"kind":"Name","value":"dispatcher"}},{"kind":"Field","name":{"kind":"Name","value":"dispatcherOrganisation"}},{"kind":"Field","name":{"kind":"Name","value":"dispatcherEncSerial"}},{"kind":"Field","name":{"kind":"Name","value":"scope"}},{"kind":"Field","name":{"kind":"Name","value":"streamIds"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"signatureB64"}}]}}]} as unknown as DocumentNode<GrantsQuery, GrantsQueryVariables>;
export const CreateGrantDocument = {"__meta__":{"hash":"sha256:8670f3482bba9c44f815431861d4cfb5fea5d4167538440794f5d22192c5b3b5"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateGrant"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateGrantInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createGrant"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"GrantFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"GrantFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Grant"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"driver"}},{"kind":"Field","name":{"kind":"Name","value":"dispatcher"}},{"kind":"Field","name":{"kind":"Name","value":"dispatcherOrganisation"}},{"kind":"Field","name":{"kind":"Name","value":"dispatcherEncSerial"}},{"kind":"Field","name":{"kind":"Name","value":"scope"}},{"kind":"Field","name":{"kind":"Name","value":"streamIds"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"signatureB64"}}]}}]} as unknown as DocumentNode<CreateGrantMutation, CreateGrantMutationVariables>;
export const RevokeGrantDocument = {"__meta__":{"hash":"sha256:3753bf3c3271017a0661ae5501ab0c36a58343b154446b12b54a7fefcc73b827"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RevokeGrant"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"proof"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ActionProofInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revokeGrant"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"proof"},"value":{"kind":"Variable","name":{"kind":"Name","value":"proof"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"GrantFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"GrantFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Grant"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"driver"}},{"kind":"Field","name":{"kind":"Name","value":"dispatcher"}},{"kind":"Field","name":{"kind":"Name","value":"dispatcherOrganisation"}},{"kind":"Field","name":{"kind":"Name","value":"dispatcherEncSerial"}},{"kind":"Field","name":{"kind":"Name","value":"scope"}},{"kind":"Field","name":{"kind":"Name","value":"streamIds"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"signatureB64"}}]}}]} as unknown as DocumentNode<RevokeGrantMutation, RevokeGrantMutationVariables>;
export const RevokeCertificateDocument = {"__meta__":{"hash":"sha256:b59942329d47e3a4bcc727dffe4d4fb64f58083e467ab146429d92300dac9bea"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RevokeCertificate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"serialHex"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"proof"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ActionProofInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"reason"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revokeCertificate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"serialHex"},"value":{"kind":"Variable","name":{"kind":"Name","value":"serialHex"}}},{"kind":"Argument","name":{"kind":"Name","value":"proof"},"value":{"kind":"Variable","name":{"kind":"Name","value":"proof"}}},{"kind":"Argument","name":{"kind":"Name","value":"reason"},"value":{"kind":"Variable","name":{"kind":"Name","value":"reason"}}}]}]}}]} as unknown as DocumentNode<RevokeCertificateMutation, RevokeCertificateMutationVariables>;
export const DispatchersDocument = {"__meta__":{"hash":"sha256:e485b6a04ee624e7031218277abbbe05714c0d9232892432446e67a50ec0bd00"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Dispatchers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"search"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"limit"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dispatchers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"search"},"value":{"kind":"Variable","name":{"kind":"Name","value":"search"}}},{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"limit"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}},{"kind":"Field","name":{"kind":"Name","value":"organisation"}},{"kind":"Field","name":{"kind":"Name","value":"country"}},{"kind":"Field","name":{"kind":"Name","value":"encCertificatePem"}},{"kind":"Field","name":{"kind":"Name","value":"encCertificateLogProof"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"LogProofFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sigCertificatePem"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SignedTreeHeadFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SignedTreeHead"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"treeSize"}},{"kind":"Field","name":{"kind":"Name","value":"rootHashB64"}},{"kind":"Field","name":{"kind":"Name","value":"timestamp"}},{"kind":"Field","name":{"kind":"Name","value":"logIdHex"}},{"kind":"Field","name":{"kind":"Name","value":"signatureB64"}},{"kind":"Field","name":{"kind":"Name","value":"logPublicKeyPem"}},{"kind":"Field","name":{"kind":"Name","value":"cosignatures"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"witnessName"}},{"kind":"Field","name":{"kind":"Name","value":"witnessKeyIdHex"}},{"kind":"Field","name":{"kind":"Name","value":"cosignedAt"}},{"kind":"Field","name":{"kind":"Name","value":"signatureB64"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LogProofFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"LogProof"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"leafIndex"}},{"kind":"Field","name":{"kind":"Name","value":"treeSize"}},{"kind":"Field","name":{"kind":"Name","value":"auditPathB64"}},{"kind":"Field","name":{"kind":"Name","value":"treeHead"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SignedTreeHeadFields"}}]}}]}}]} as unknown as DocumentNode<DispatchersQuery, DispatchersQueryVariables>;
export const StreamAccessHistoryDocument = {"__meta__":{"hash":"sha256:7810aff1995e41a7f133bda7bd93c573f10b3d588e788827e2923e76fafc6cb0"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StreamAccessHistory"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"streamId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"before"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"streamAccessHistory"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"streamId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"streamId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"before"},"value":{"kind":"Variable","name":{"kind":"Name","value":"before"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}},{"kind":"Field","name":{"kind":"Name","value":"organisation"}},{"kind":"Field","name":{"kind":"Name","value":"byOwner"}}]}}]}}]} as unknown as DocumentNode<StreamAccessHistoryQuery, StreamAccessHistoryQueryVariables>;
export const DeleteStreamDocument = {"__meta__":{"hash":"sha256:2a3440748522ce0e945bacfacae4fe2b3099324ab0ba38aa610e391f367b9c3d"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteStream"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"proof"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ActionProofInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteStream"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"proof"},"value":{"kind":"Variable","name":{"kind":"Name","value":"proof"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"StreamFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StreamFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Stream"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"owner"}},{"kind":"Field","name":{"kind":"Name","value":"sigCertificatePem"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"endedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeq"}},{"kind":"Field","name":{"kind":"Name","value":"lastEpoch"}},{"kind":"Field","name":{"kind":"Name","value":"frameCount"}},{"kind":"Field","name":{"kind":"Name","value":"byteCount"}}]}}]} as unknown as DocumentNode<DeleteStreamMutation, DeleteStreamMutationVariables>;
export const StartStreamDocument = {"__meta__":{"hash":"sha256:aaca6a5b4f3eeaca4a095d4321718cc7e900d5cca5cfb1d0080f1c1d8df862d1"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartStream"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"StartStreamInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startStream"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"StreamFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StreamFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Stream"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"owner"}},{"kind":"Field","name":{"kind":"Name","value":"sigCertificatePem"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"endedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeq"}},{"kind":"Field","name":{"kind":"Name","value":"lastEpoch"}},{"kind":"Field","name":{"kind":"Name","value":"frameCount"}},{"kind":"Field","name":{"kind":"Name","value":"byteCount"}}]}}]} as unknown as DocumentNode<StartStreamMutation, StartStreamMutationVariables>;
export const StreamDocument = {"__meta__":{"hash":"sha256:da04eef901bced3a0ac0b65cf460eee07d5f1c6bb40eadb93216a5492948858f"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Stream"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stream"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"StreamFields"}},{"kind":"Field","name":{"kind":"Name","value":"sigCertificateLogProof"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"LogProofFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SignedTreeHeadFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SignedTreeHead"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"treeSize"}},{"kind":"Field","name":{"kind":"Name","value":"rootHashB64"}},{"kind":"Field","name":{"kind":"Name","value":"timestamp"}},{"kind":"Field","name":{"kind":"Name","value":"logIdHex"}},{"kind":"Field","name":{"kind":"Name","value":"signatureB64"}},{"kind":"Field","name":{"kind":"Name","value":"logPublicKeyPem"}},{"kind":"Field","name":{"kind":"Name","value":"cosignatures"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"witnessName"}},{"kind":"Field","name":{"kind":"Name","value":"witnessKeyIdHex"}},{"kind":"Field","name":{"kind":"Name","value":"cosignedAt"}},{"kind":"Field","name":{"kind":"Name","value":"signatureB64"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StreamFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Stream"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"owner"}},{"kind":"Field","name":{"kind":"Name","value":"sigCertificatePem"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"endedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeq"}},{"kind":"Field","name":{"kind":"Name","value":"lastEpoch"}},{"kind":"Field","name":{"kind":"Name","value":"frameCount"}},{"kind":"Field","name":{"kind":"Name","value":"byteCount"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LogProofFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"LogProof"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"leafIndex"}},{"kind":"Field","name":{"kind":"Name","value":"treeSize"}},{"kind":"Field","name":{"kind":"Name","value":"auditPathB64"}},{"kind":"Field","name":{"kind":"Name","value":"treeHead"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SignedTreeHeadFields"}}]}}]}}]} as unknown as DocumentNode<StreamQuery, StreamQueryVariables>;
export const MyStreamsDocument = {"__meta__":{"hash":"sha256:5a4f66346082a8cf4b3318aac9e2fc63d8acd77e2c73a4c6028ace6c5ad10e6d"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MyStreams"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"myStreams"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"StreamFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StreamFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Stream"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"owner"}},{"kind":"Field","name":{"kind":"Name","value":"sigCertificatePem"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"endedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeq"}},{"kind":"Field","name":{"kind":"Name","value":"lastEpoch"}},{"kind":"Field","name":{"kind":"Name","value":"frameCount"}},{"kind":"Field","name":{"kind":"Name","value":"byteCount"}}]}}]} as unknown as DocumentNode<MyStreamsQuery, MyStreamsQueryVariables>;
export const SharedStreamsDocument = {"__meta__":{"hash":"sha256:d4fc054e611792b78da3b7bfe8fbba1289a9ef7cd788862f8bb173229697b0f4"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SharedStreams"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sharedStreams"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"StreamFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StreamFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Stream"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"owner"}},{"kind":"Field","name":{"kind":"Name","value":"sigCertificatePem"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"endedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeq"}},{"kind":"Field","name":{"kind":"Name","value":"lastEpoch"}},{"kind":"Field","name":{"kind":"Name","value":"frameCount"}},{"kind":"Field","name":{"kind":"Name","value":"byteCount"}}]}}]} as unknown as DocumentNode<SharedStreamsQuery, SharedStreamsQueryVariables>;
export const StreamRecipientsDocument = {"__meta__":{"hash":"sha256:09bc8ec825b4beb1c45f9b2387a44f4bdad255d8b3fe7f07d00447e7bb76098d"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StreamRecipients"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"streamId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"streamRecipients"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"streamId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"streamId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"encCertificatePem"}},{"kind":"Field","name":{"kind":"Name","value":"encCertificateLogProof"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"LogProofFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"encSerial"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SignedTreeHeadFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SignedTreeHead"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"treeSize"}},{"kind":"Field","name":{"kind":"Name","value":"rootHashB64"}},{"kind":"Field","name":{"kind":"Name","value":"timestamp"}},{"kind":"Field","name":{"kind":"Name","value":"logIdHex"}},{"kind":"Field","name":{"kind":"Name","value":"signatureB64"}},{"kind":"Field","name":{"kind":"Name","value":"logPublicKeyPem"}},{"kind":"Field","name":{"kind":"Name","value":"cosignatures"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"witnessName"}},{"kind":"Field","name":{"kind":"Name","value":"witnessKeyIdHex"}},{"kind":"Field","name":{"kind":"Name","value":"cosignedAt"}},{"kind":"Field","name":{"kind":"Name","value":"signatureB64"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LogProofFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"LogProof"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"leafIndex"}},{"kind":"Field","name":{"kind":"Name","value":"treeSize"}},{"kind":"Field","name":{"kind":"Name","value":"auditPathB64"}},{"kind":"Field","name":{"kind":"Name","value":"treeHead"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SignedTreeHeadFields"}}]}}]}}]} as unknown as DocumentNode<StreamRecipientsQuery, StreamRecipientsQueryVariables>;
export const EpochKeysDocument = {"__meta__":{"hash":"sha256:05cd7860f2109335ba7bce9e9e632f89cf987e81788f277c0696a0f0d5aaa180"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"EpochKeys"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"streamId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"epoch"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"epochKeys"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"streamId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"streamId"}}},{"kind":"Argument","name":{"kind":"Name","value":"epoch"},"value":{"kind":"Variable","name":{"kind":"Name","value":"epoch"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"streamId"}},{"kind":"Field","name":{"kind":"Name","value":"epoch"}},{"kind":"Field","name":{"kind":"Name","value":"recipientSerial"}},{"kind":"Field","name":{"kind":"Name","value":"wrappedKeyB64"}},{"kind":"Field","name":{"kind":"Name","value":"signatureB64"}}]}}]}}]} as unknown as DocumentNode<EpochKeysQuery, EpochKeysQueryVariables>;
export const PublishEpochKeysDocument = {"__meta__":{"hash":"sha256:611ff080c46628db6bc802be389ab75718ec82d94bbc2d2fbf3ac397308523ce"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PublishEpochKeys"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PublishEpochKeysInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"publishEpochKeys"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}]}]}}]} as unknown as DocumentNode<PublishEpochKeysMutation, PublishEpochKeysMutationVariables>;
export const StreamViewersDocument = {"__meta__":{"hash":"sha256:38ef9963805875824eaa4e8d589d7611230c819869a6c1ccd9f106b5c07d8c9f"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StreamViewers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"streamId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"streamViewers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"streamId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"streamId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"StreamViewerFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StreamViewerFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"StreamViewer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}},{"kind":"Field","name":{"kind":"Name","value":"organisation"}},{"kind":"Field","name":{"kind":"Name","value":"since"}},{"kind":"Field","name":{"kind":"Name","value":"connections"}}]}}]} as unknown as DocumentNode<StreamViewersQuery, StreamViewersQueryVariables>;
export const StreamEventsDocument = {"__meta__":{"hash":"sha256:5e34dfb017cc293d2f9a4e8422cd7e9721b3ce2063bfc55eee640e2ccad6a5ff"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"StreamEvents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"streamEvents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"streamId"}},{"kind":"Field","name":{"kind":"Name","value":"grantId"}},{"kind":"Field","name":{"kind":"Name","value":"driver"}},{"kind":"Field","name":{"kind":"Name","value":"epoch"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"viewers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"StreamViewerFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StreamViewerFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"StreamViewer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}},{"kind":"Field","name":{"kind":"Name","value":"organisation"}},{"kind":"Field","name":{"kind":"Name","value":"since"}},{"kind":"Field","name":{"kind":"Name","value":"connections"}}]}}]} as unknown as DocumentNode<StreamEventsSubscription, StreamEventsSubscriptionVariables>;
export const TreeHeadDocument = {"__meta__":{"hash":"sha256:6d0cb4bb2c36fde47885c70507fcf4fb745ffd28de5df4b190a9c79b837fc278"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TreeHead"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"treeHead"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SignedTreeHeadFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SignedTreeHeadFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SignedTreeHead"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"treeSize"}},{"kind":"Field","name":{"kind":"Name","value":"rootHashB64"}},{"kind":"Field","name":{"kind":"Name","value":"timestamp"}},{"kind":"Field","name":{"kind":"Name","value":"logIdHex"}},{"kind":"Field","name":{"kind":"Name","value":"signatureB64"}},{"kind":"Field","name":{"kind":"Name","value":"logPublicKeyPem"}},{"kind":"Field","name":{"kind":"Name","value":"cosignatures"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"witnessName"}},{"kind":"Field","name":{"kind":"Name","value":"witnessKeyIdHex"}},{"kind":"Field","name":{"kind":"Name","value":"cosignedAt"}},{"kind":"Field","name":{"kind":"Name","value":"signatureB64"}}]}}]}}]} as unknown as DocumentNode<TreeHeadQuery, TreeHeadQueryVariables>;
export const SubmitTreeHeadCosignatureDocument = {"__meta__":{"hash":"sha256:1cdf101b80284bf768633bd651e0469b7267151ed0c4d972ba2a1a33a63c00e2"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SubmitTreeHeadCosignature"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TreeHeadCosignatureInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submitTreeHeadCosignature"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"witnessName"}},{"kind":"Field","name":{"kind":"Name","value":"witnessKeyIdHex"}},{"kind":"Field","name":{"kind":"Name","value":"cosignedAt"}},{"kind":"Field","name":{"kind":"Name","value":"signatureB64"}}]}}]}}]} as unknown as DocumentNode<SubmitTreeHeadCosignatureMutation, SubmitTreeHeadCosignatureMutationVariables>;
export const ConsistencyProofDocument = {"__meta__":{"hash":"sha256:9c1b3361304d3949c3e3ce68aa1fc2c6bdcec32c2d9261a267203aad3054ece0"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsistencyProof"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"firstSize"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"secondSize"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"consistencyProof"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"firstSize"},"value":{"kind":"Variable","name":{"kind":"Name","value":"firstSize"}}},{"kind":"Argument","name":{"kind":"Name","value":"secondSize"},"value":{"kind":"Variable","name":{"kind":"Name","value":"secondSize"}}}]}]}}]} as unknown as DocumentNode<ConsistencyProofQuery, ConsistencyProofQueryVariables>;
export const LoggedCertificatesDocument = {"__meta__":{"hash":"sha256:66c88a2d874fdb64407619de7c6f9f3d172d74b946585ea829e8636793ea3b17"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LoggedCertificates"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"username"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"afterLeafIndex"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"certificatesInLog"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"username"},"value":{"kind":"Variable","name":{"kind":"Name","value":"username"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"afterLeafIndex"},"value":{"kind":"Variable","name":{"kind":"Name","value":"afterLeafIndex"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"leafIndex"}},{"kind":"Field","name":{"kind":"Name","value":"certificatePem"}},{"kind":"Field","name":{"kind":"Name","value":"certificateSha256Hex"}},{"kind":"Field","name":{"kind":"Name","value":"serialHex"}},{"kind":"Field","name":{"kind":"Name","value":"revocationLeafIndex"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}}]}}]}}]} as unknown as DocumentNode<LoggedCertificatesQuery, LoggedCertificatesQueryVariables>;
export const PlatformLogKeyDocument = {"__meta__":{"hash":"sha256:0d81e9746c41ffbc478dacbebeb7fda0e6eb804ab9cdef4e0a9d010129ac48a1"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PlatformLogKey"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"treeHead"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"logIdHex"}},{"kind":"Field","name":{"kind":"Name","value":"logPublicKeyPem"}}]}}]}}]} as unknown as DocumentNode<PlatformLogKeyQuery, PlatformLogKeyQueryVariables>;