/**
 * What a grant covers (docs/ARCHITECTURE.md, "Sharing and revocation"): `all` is every stream of
 * the driver, past and future; `streams` is the listed ones only. The grant statement signs the
 * scope by name, the API stores and exposes it, clients test coverage with it.
 */
export const GRANT_SCOPES = ['all', 'streams'] as const;

export type GrantScope = (typeof GRANT_SCOPES)[number];

/** Most stream ids one `streams` grant may list. */
export const MAX_GRANT_STREAM_IDS = 1000;
