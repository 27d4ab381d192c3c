// `@seccam/pki/testing`: fixtures for other packages' tests, made with the real pki code. Never
// imported by shipped code.
export * from './seal/seal-fixtures.test-support.ts';
export { csrWithKeys, generateKeyPair } from './forged-csr.test-support.ts';
