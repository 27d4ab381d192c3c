import { isUuid, type GrantScope } from '@seccam/schema';
import { fetchGrants, searchDispatchers } from '../../../sharing/grant-operations.ts';
import { createGrant, revokeGrant } from '../../../sharing/grants.ts';
import { fetchMyStreams, fetchSharedStreams } from '../../../streaming/stream-operations.ts';
import { usageError } from '../cli-error.ts';
import { booleanOption, formatBytes, onePositional, stringOption, type Command, type OptionValues } from '../command.ts';

function grantScope(values: OptionValues): { scope: GrantScope; streamIds: string[] } {
  const all = booleanOption(values, 'all');
  const list = stringOption(values, 'streams');
  if (all === (list !== undefined)) throw usageError('give either --all or --streams id,id,…');
  if (all) return { scope: 'all', streamIds: [] };
  const streamIds = (list ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  const bad = streamIds.find((id) => !isUuid(id));
  if (bad !== undefined || streamIds.length === 0)
    throw usageError(`--streams takes stream ids (lower-case UUIDs), got ${bad ?? list ?? ''}`);
  return { scope: 'streams', streamIds };
}

function expiry(values: OptionValues): Date | null {
  const text = stringOption(values, 'expires');
  if (text === undefined) return null;
  const at = new Date(text);
  if (Number.isNaN(at.getTime()) || at.getTime() <= Date.now())
    throw usageError(`--expires is a future date-time (e.g. 2030-01-31T18:00:00Z), got ${text}`);
  return at;
}

export const grantCommand: Command = {
  name: 'grant',
  summary: 'let a dispatcher watch your streams: sign a grant and wrap every existing key to them',
  usage: '<dispatcher> (--all | --streams id,id) [--expires ISO-date]',
  options: { all: { type: 'boolean' }, streams: { type: 'string' }, expires: { type: 'string' } },
  async run(ctx, positionals, values) {
    const dispatcher = onePositional(positionals, 'a dispatcher username', `grant ${this.usage}`);
    const { scope, streamIds } = grantScope(values);
    const expiresAt = expiry(values);
    const identity = await ctx.identity();
    const client = await ctx.client({ withSession: true, useBundleRoot: true });
    const created = await createGrant(client, identity, { dispatcher, scope, streamIds, expiresAt });
    ctx.print(
      `grant ${created.grant.id} to ${dispatcher} (${created.grant.dispatcherOrganisation}), scope ${scope}${expiresAt ? `, until ${expiresAt.toISOString()}` : ''}`,
    );
    ctx.print(`wrapped ${created.shared.length} existing epoch keys to certificate ${created.grant.dispatcherEncSerial}`);
    for (const skipped of created.skipped) ctx.note(`warning: epoch ${skipped.epoch} of ${skipped.streamId} not shared: ${skipped.reason}`);
  },
};

export const revokeCommand: Command = {
  name: 'revoke',
  summary: 'revoke a grant now: keys deleted, watchers disconnected, live recorders rotate',
  usage: '<grantId>',
  options: {},
  async run(ctx, positionals) {
    const grantId = onePositional(positionals, 'a grant id', `revoke ${this.usage}`);
    const client = await ctx.client({ withSession: true, useBundleRoot: false });
    const grant = await revokeGrant(client, await ctx.identity(), grantId);
    ctx.print(`revoked grant ${grant.id} to ${grant.dispatcher} at ${grant.revokedAt ?? 'now'}`);
  },
};

export const grantsCommand: Command = {
  name: 'grants',
  summary: 'list the grants you gave (driver) or received (dispatcher)',
  usage: '',
  options: {},
  async run(ctx) {
    const client = await ctx.client({ withSession: true, useBundleRoot: false });
    for (const g of await fetchGrants(client)) {
      const scope = g.scope === 'all' ? 'all streams' : `${g.streamIds.length} streams`;
      ctx.print(
        `${g.id}  ${g.driver} -> ${g.dispatcher} (${g.dispatcherOrganisation})  ${scope}  ${g.active ? 'active' : g.revokedAt ? `revoked ${g.revokedAt}` : 'expired'}`,
      );
    }
  },
};

export const dispatchersCommand: Command = {
  name: 'dispatchers',
  summary: 'find dispatchers to share with',
  usage: '[search]',
  options: {},
  async run(ctx, positionals) {
    const client = await ctx.client({ withSession: true, useBundleRoot: false });
    for (const d of await searchDispatchers(client, positionals[0] ?? ''))
      ctx.print(`${d.username}  ${d.fullName}, ${d.organisation} (${d.country})`);
  },
};

export const streamsCommand: Command = {
  name: 'streams',
  summary: 'list your streams (or, with --shared, the streams shared with you)',
  usage: '[--shared]',
  options: { shared: { type: 'boolean' } },
  async run(ctx, _positionals, values) {
    const client = await ctx.client({ withSession: true, useBundleRoot: false });
    const streams = booleanOption(values, 'shared') ? await fetchSharedStreams(client) : await fetchMyStreams(client);
    for (const s of streams) {
      const state = s.endedAt ? 'ended' : s.lastSeq === null ? 'empty' : 'open';
      ctx.print(
        `${s.id}  ${s.owner}  ${s.title || '(untitled)'}  ${s.frameCount} frames  ${formatBytes(s.byteCount)}  ${state}  ${s.createdAt}`,
      );
    }
  },
};
