/**
 * The client side of the tests is the real SDK: server tests speak to the API through the same
 * account flows and GraphQL documents the dashcam and the browser use, re-exported here so a
 * server test depends on the test kit only.
 */
export {
  confirmTotp,
  GraphQLRequestError,
  login,
  LoginChallengeDocument,
  LoginDocument,
  MeDocument,
  printDocument,
  RegisterDocument,
  registerAccount,
  type NewAccount,
  type RegisteredAccount,
} from '@seccam/device';
export { HttpsClient } from '@seccam/device/node';
