/** Every table, for drizzle's typed queries and drizzle-kit's migration generator. */
export * from '../modules/users/users.table.ts';
export * from '../modules/certificates/certificates.table.ts';
export * from '../modules/sessions/sessions.table.ts';
export * from '../modules/email-verification/email-tokens.table.ts';
export * from '../modules/auth/auth.table.ts';
export * from '../modules/audit/audit.table.ts';
export * from '../modules/streams/streams.table.ts';
export * from '../modules/sharing/sharing.table.ts';
export * from '../modules/transparency/transparency.table.ts';
export * from '../modules/transparency/cosignatures.table.ts';
