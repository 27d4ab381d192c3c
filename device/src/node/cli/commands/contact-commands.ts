/**
 * `contacts`: the people this user verified ([Note: verified contacts]) — list them, show the
 * safety code and QR payload to compare, mark one verified, accept a changed certificate
 * knowingly, forget one.
 */
import { isUsername } from '@seccam/schema';
import { contactCodes, verifyContact } from '../../../contacts/contact-verification.ts';
import { shortFingerprint } from '../../../contacts/contact-error.ts';
import { forgetContact, listContacts, rememberContact } from '../../../contacts/contact-rules.ts';
import type { Contact } from '../../../contacts/contact-store.ts';
import type { CliContext } from '../cli-context.ts';
import { CliError, usageError } from '../cli-error.ts';
import type { Command } from '../command.ts';

const USAGE =
  'list | code <username> | verify <username> <safety-code|seccam-contact:…> | accept <username> <fingerprint> | forget <username>';

function usernameArgument(value: string | undefined): string {
  if (value === undefined || !isUsername(value)) throw usageError(`expected a username; usage: contacts ${USAGE}`);
  return value;
}

function describeContact(contact: Contact): string {
  const how = { code: 'safety code compared', qr: 'QR code scanned', accepted: 'change accepted without comparing' }[contact.method];
  const newest = contact.fingerprintsHex.at(-1) ?? '';
  return `${contact.username}  ${contact.role}  ${shortFingerprint(newest)}  ${how} ${contact.verifiedAt}`;
}

async function showCodes(ctx: CliContext, username: string): Promise<void> {
  const client = await ctx.client({ withSession: true, useBundleRoot: true });
  const codes = await contactCodes(client, await ctx.identity(), username);
  ctx.print(`safety code with ${username}: ${codes.safetyCode}`);
  ctx.print(`your QR payload: ${codes.ownPayload}`);
  ctx.print(`${username}'s certificate: ${codes.peer.fingerprintHex}`);
  if (codes.check.status === 'verified') ctx.print(`status: verified (${describeContact(codes.check.contact)})`);
  else if (codes.check.status === 'unverified')
    ctx.print(`status: not verified; compare the code with ${username}, then \`contacts verify ${username} <code>\``);
  else ctx.print(`status: CERTIFICATE CHANGED: ${codes.check.error.message}`);
}

async function accept(ctx: CliContext, username: string, fingerprintHex: string): Promise<void> {
  const client = await ctx.client({ withSession: true, useBundleRoot: true });
  const identity = await ctx.identity();
  const codes = await contactCodes(client, identity, username);
  if (codes.check.status !== 'changed')
    throw new CliError(`${username}'s certificate has not changed since you verified them: nothing to accept`);
  if (fingerprintHex.toLowerCase() !== codes.peer.fingerprintHex)
    throw new CliError(`${username}'s certificate is ${codes.peer.fingerprintHex} now, not ${fingerprintHex}: nothing was accepted`);
  await rememberContact(client.contacts, {
    owner: identity.username,
    username,
    role: codes.peer.role,
    fingerprintHex: codes.peer.fingerprintHex,
    method: 'accepted',
  });
  ctx.print(`accepted ${username}'s new certificate ${shortFingerprint(codes.peer.fingerprintHex)} without comparing codes`);
}

export const contactsCommand: Command = {
  name: 'contacts',
  summary: 'verify the people you share with: safety codes, QR payloads, changed certificates',
  usage: USAGE,
  options: {},
  async run(ctx, positionals) {
    const [action, name, ...rest] = positionals;
    switch (action) {
      case 'list': {
        const contacts = await listContacts(ctx.contactStore(), (await ctx.identity()).username);
        if (contacts.length === 0) ctx.print('no verified contacts yet: `contacts code <username>` shows what to compare');
        for (const contact of contacts) ctx.print(describeContact(contact));
        return;
      }
      case 'code':
        return showCodes(ctx, usernameArgument(name));
      case 'verify': {
        const username = usernameArgument(name);
        if (rest.length === 0) throw usageError(`expected their safety code or QR payload; usage: contacts ${USAGE}`);
        const client = await ctx.client({ withSession: true, useBundleRoot: true });
        // A typed code may arrive as six arguments (groups separated by spaces).
        const contact = await verifyContact(client, await ctx.identity(), username, rest.join(' '));
        ctx.print(`verified ${describeContact(contact)}`);
        return;
      }
      case 'accept': {
        const username = usernameArgument(name);
        const [fingerprint] = rest;
        if (fingerprint === undefined || rest.length > 1)
          throw usageError(`expected the new certificate's fingerprint; usage: contacts ${USAGE}`);
        return accept(ctx, username, fingerprint);
      }
      case 'forget': {
        const username = usernameArgument(name);
        const forgotten = await forgetContact(ctx.contactStore(), (await ctx.identity()).username, username);
        ctx.print(
          forgotten
            ? `forgot ${username}: their certificate is no longer checked against what you verified`
            : `${username} was not a contact`,
        );
        return;
      }
      default:
        throw usageError(`contacts ${USAGE}`);
    }
  },
};
