import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRootCa } from '@seccam/pki';
import {
  ensureContactCertificate,
  findContact,
  fingerprintHexOf,
  forgetContact,
  listContacts,
  rememberContact,
} from '../contacts/contact-rules.ts';
import { isContactError } from '../contacts/contact-error.ts';
import { FileContactStore } from './file-contact-store.ts';
import { useTempDir } from './temp-dir.test-support.ts';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

describe('FileContactStore', () => {
  const inDir = useTempDir('seccam-contacts-');

  it('keeps each owner’s contacts across instances; re-verifying appends the fingerprint; forget removes one', async () => {
    const path = inDir('state', 'contacts.json');
    const store = (): FileContactStore => new FileContactStore(path);
    expect(await store().load()).toEqual([]);
    const at = new Date('2026-12-01T10:00:00Z');
    await rememberContact(store(), { owner: 'alice1', username: 'acme1', role: 'dispatcher', fingerprintHex: A, method: 'code', at });
    await rememberContact(store(), { owner: 'bob01', username: 'acme1', role: 'dispatcher', fingerprintHex: B, method: 'qr', at });
    await rememberContact(store(), { owner: 'alice1', username: 'acme1', role: 'dispatcher', fingerprintHex: B, method: 'qr', at });
    expect(await findContact(store(), 'alice1', 'acme1')).toEqual({
      owner: 'alice1',
      username: 'acme1',
      role: 'dispatcher',
      fingerprintsHex: [A, B],
      verifiedAt: '2026-12-01T10:00:00.000Z',
      method: 'qr',
    });
    expect((await listContacts(store(), 'bob01')).map((c) => c.fingerprintsHex)).toEqual([[B]]);
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ v: 1 });
    expect(await forgetContact(store(), 'alice1', 'acme1')).toBe(true);
    expect(await forgetContact(store(), 'alice1', 'acme1')).toBe(false);
    expect(await findContact(store(), 'alice1', 'acme1')).toBeUndefined();
    expect(await findContact(store(), 'bob01', 'acme1')).toBeDefined();
  });

  it('refuses a damaged file instead of forgetting whom you verified', async () => {
    const good = {
      owner: 'alice1',
      username: 'acme1',
      role: 'dispatcher',
      fingerprintsHex: [A],
      verifiedAt: '2026-12-01T10:00:00Z',
      method: 'code',
    };
    const damaged: [string, unknown][] = [
      ['version', { v: 2, contacts: [] }],
      ['fingerprint', { v: 1, contacts: [{ ...good, fingerprintsHex: ['A'.repeat(64)] }] }],
      ['none', { v: 1, contacts: [{ ...good, fingerprintsHex: [] }] }],
      ['role', { v: 1, contacts: [{ ...good, role: 'admin' }] }],
      ['method', { v: 1, contacts: [{ ...good, method: 'trust-me' }] }],
      ['date', { v: 1, contacts: [{ ...good, verifiedAt: 'yesterday' }] }],
    ];
    for (const [name, value] of damaged) {
      const path = inDir(`${name}.json`);
      await writeFile(path, JSON.stringify(value));
      await expect(new FileContactStore(path).load(), name).rejects.toThrow(/damaged; it lists the people you verified/);
    }
    await writeFile(inDir('garbage.json'), '{not json');
    await expect(new FileContactStore(inDir('garbage.json')).load()).rejects.toThrow();
  });
});

describe('the wrap rule', () => {
  it('lets an unknown or verified certificate through, refuses a changed one unless that exact fingerprint is accepted', async () => {
    const [dispatcherPem, otherPem] = await Promise.all(
      ['D', 'O'].map(async (n) => (await createRootCa({ commonName: `Wrap Rule ${n}` })).certPem),
    );
    if (dispatcherPem === undefined || otherPem === undefined) throw new Error('no certificates');
    const store = new FileContactStore(join(await mkdtemp(join(tmpdir(), 'seccam-wrap-rule-')), 'contacts.json'));
    const contact = { username: 'acme1', role: 'dispatcher' as const, certPem: dispatcherPem };
    await ensureContactCertificate(store, 'alice1', contact); // not a contact: nothing to ask
    const verified = await fingerprintHexOf(dispatcherPem);
    await rememberContact(store, { owner: 'alice1', username: 'acme1', role: 'dispatcher', fingerprintHex: verified, method: 'code' });
    await ensureContactCertificate(store, 'alice1', contact);
    const changed = { ...contact, certPem: otherPem };
    const error: unknown = await ensureContactCertificate(store, 'alice1', changed).catch((e: unknown) => e);
    expect(isContactError(error, 'CERTIFICATE_CHANGED')).toBe(true);
    await expect(ensureContactCertificate(store, 'alice1', changed, verified)).rejects.toMatchObject({ code: 'CERTIFICATE_CHANGED' });
    // Another owner on the same device never verified acme1.
    await ensureContactCertificate(store, 'bob01', changed);
    const now = await fingerprintHexOf(otherPem);
    await ensureContactCertificate(store, 'alice1', changed, now.toUpperCase());
    expect(await findContact(store, 'alice1', 'acme1')).toMatchObject({ fingerprintsHex: [verified, now], method: 'accepted' });
    await ensureContactCertificate(store, 'alice1', changed);
  });
});
