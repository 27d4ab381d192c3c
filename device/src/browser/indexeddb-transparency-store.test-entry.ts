/**
 * Test support: runs in Chromium (bundled by indexeddb-transparency-store.test.ts). Each export is
 * one step the test drives through `page.evaluate`; a reload between steps is a real page reload.
 */
import type { TransparencyState } from '../transparency/transparency-store.ts';
import { openRaw, putRaw } from './indexeddb-raw.test-support.ts';
import { IndexedDbRevokedGrantStore, IndexedDbTransparencyStore } from './indexeddb-transparency-store.ts';

export async function save(input: { server: string; state: TransparencyState }): Promise<true> {
  await new IndexedDbTransparencyStore(input.server, 'test-transparency').save(input.state);
  return true;
}

export async function load(input: { server: string }): Promise<TransparencyState | null> {
  return new IndexedDbTransparencyStore(input.server, 'test-transparency').load();
}

/** Writes a record the store did not write (a damaged or edited one). */
export async function damage(input: { server: string }): Promise<true> {
  await new IndexedDbTransparencyStore(input.server, 'test-transparency').load(); // creates the object stores
  await putRaw(await openRaw('test-transparency'), 'logs', { logIdHex: 'not hex', head: null }, input.server);
  return true;
}

export async function saveRevoked(input: { server: string; grantIds: string[] }): Promise<true> {
  await new IndexedDbRevokedGrantStore(input.server, 'test-transparency').save(input.grantIds);
  return true;
}

export async function loadRevoked(input: { server: string }): Promise<readonly string[] | string> {
  return new IndexedDbRevokedGrantStore(input.server, 'test-transparency').load().catch((error: unknown) => `error: ${String(error)}`);
}

export async function damageRevoked(input: { server: string }): Promise<true> {
  await new IndexedDbRevokedGrantStore(input.server, 'test-transparency').load();
  await putRaw(await openRaw('test-transparency'), 'revoked-grants', ['not-a-grant-id'], input.server);
  return true;
}

/** A database as the first version of the store left it (only `logs`), holding `state`. */
export async function writeVersion1(input: { server: string; state: TransparencyState }): Promise<true> {
  const db = await openRaw('test-upgrade', 1, (created) => created.createObjectStore('logs'));
  await putRaw(db, 'logs', input.state, input.server);
  return true;
}

/** Opens the version-1 database with today's stores: the head survives and revocations can be kept. */
export async function afterUpgrade(input: { server: string }): Promise<{ state: TransparencyState | null; revoked: readonly string[] }> {
  const state = await new IndexedDbTransparencyStore(input.server, 'test-upgrade').load();
  const revoked = new IndexedDbRevokedGrantStore(input.server, 'test-upgrade');
  await revoked.save(['0b6f4c1e-9a55-4c0d-8f7e-2a3b4c5d6e7f']);
  return { state, revoked: await revoked.load() };
}

/** The error message `load` fails with, or null. */
export async function loadError(input: { server: string }): Promise<string | null> {
  return load(input).then(
    () => null,
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
}
