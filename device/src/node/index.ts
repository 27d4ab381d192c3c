/**
 * `@seccam/device/node`: what only Node has. The Node transport (HTTPS with the pinned CA, an
 * optional client certificate, the Origin header and a cookie jar; `ws` sockets with keepalive
 * and pause), media files read from disk, the offline buffer on disk, and the `seccam-device` CLI with its session file.
 * Everything else is in the isomorphic `@seccam/device`.
 */
export { HttpsClient, type HttpsClientOptions } from './https-client.ts';
export { nodeTransport, type NodeTransportOptions } from './node-transport.ts';
export { wsSocketControl } from './ws-socket-control.ts';
export { cookieHeaderOf, storeSetCookies, type CookieJar } from './cookie-jar.ts';
export { readMediaFile } from './read-media-file.ts';
export { DiskFrameStore, type DiskFrameStoreOptions } from './disk-frame-store.ts';
export { FileRevokedGrantStore } from './file-revoked-grant-store.ts';
export { FileContactStore } from './file-contact-store.ts';
export { FileWitnessStore, witnessPublicKeyB64 } from './file-witness-store.ts';
export { runCli, usage, COMMANDS } from './cli/main.ts';
export { readCliEnv, type CliEnv } from './cli/cli-env.ts';
export { readSessionState, writeSessionState, deleteSessionState, type SessionState } from './cli/state-file.ts';
