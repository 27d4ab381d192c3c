import { describe, expect, it } from 'vitest';
import { createGrant } from '../sharing/grants.ts';
import { Recorder } from '../streaming/recorder.ts';
import { isStreamingError } from '../streaming/streaming-error.ts';
import { FAST, sourceGroups, useStreamingWorld, watcher, type Party } from '../streaming/streaming-parties.test-support.ts';
import type { WatchedFrame } from '../streaming/watch-frames.ts';
import { foreignCertificatesInLog } from './own-certificates.ts';
import { forgedCertificate as issueForged, logCertificate } from '@seccam/testkit';
import { throughHostileServer } from './compromised-server.test-support.ts';

// The test plays the server's operator, who holds the real intermediate CA key: it issues
// certificates for keys of its own in the names of real users, with the CA the clients pin, and
// shows them instead of the real ones without logging them. The chain checks pass; the SDK must
// refuse them because they are not in the transparency log ([Note: following the log]).

const world = useStreamingWorld();

/** A certificate for a fresh key in `victim`'s name, issued with the platform's real intermediate CA, and not logged. */
async function forgedCertificate(victim: Party, kind: 'sig' | 'enc'): Promise<string> {
  return (await issueForged(world.api, victim, kind)).certPem;
}

describe('a compromised server with the real intermediate CA key', () => {
  it('cannot get a grant wrapped to its own key in a dispatcher’s name: without a log proof, or with the real certificate’s proof', async () => {
    const forged = await forgedCertificate(world.dispatcher, 'enc');
    for (const keepProof of [false, true]) {
      const driver = throughHostileServer(world.driver, (data) => {
        const listed = data['dispatchers'] as Record<string, unknown>[] | undefined;
        if (!listed) return data;
        return {
          ...data,
          dispatchers: listed.map((d) => ({ ...d, encCertificatePem: forged, ...(keepProof ? {} : { encCertificateLogProof: null }) })),
        };
      });
      const error: unknown = await createGrant(driver, world.driver.identity, {
        dispatcher: world.dispatcher.username,
        scope: 'all',
      }).catch((e: unknown) => e);
      expect(isStreamingError(error, 'UNTRUSTED')).toBe(true);
      expect((error as Error).message).toMatch(
        keepProof ? /log proof .* is not valid \(root-mismatch\)/ : /is not in the transparency log/,
      );
    }
  });

  it('cannot make a viewer trust frames signed by its own key in a driver’s name', async () => {
    await createGrant(world.driver.client, world.driver.identity, { dispatcher: world.dispatcher.username, scope: 'all' });
    const recorder = await Recorder.start({ client: world.driver.client, identity: world.driver.identity, ingest: FAST });
    for (const group of sourceGroups(1).groups.slice(0, 1)) await recorder.push(group);
    const forged = await forgedCertificate(world.driver, 'sig');
    const viewer = {
      ...world.dispatcher,
      client: throughHostileServer(world.dispatcher, (data) => {
        const stream = data['stream'] as Record<string, unknown> | undefined;
        return stream ? { ...data, stream: { ...stream, sigCertificatePem: forged, sigCertificateLogProof: null } } : data;
      }),
    };
    const frames: WatchedFrame[] = [];
    const error: unknown = await watcher(viewer, recorder.streamId, frames)
      .start()
      .catch((e: unknown) => e);
    expect(isStreamingError(error, 'UNTRUSTED')).toBe(true);
    expect((error as Error).message).toMatch(/sig certificate of driver .* is not in the transparency log/);
    expect(frames).toEqual([]);
    // The honest server's answer is accepted by the same viewer's follower.
    const honest = watcher(world.dispatcher, recorder.streamId, frames);
    await honest.start();
    await honest.close();
    await recorder.close();
  });

  it('cannot log a certificate in someone’s name unseen: the holder’s client finds it among its own name’s entries', async () => {
    const held = (party: Party): string[] => [party.account.contents.sigCertPem, party.account.contents.encCertPem];
    expect(await foreignCertificatesInLog(world.dispatcher.client, world.dispatcher.username, held(world.dispatcher))).toEqual([]);
    const forged = await forgedCertificate(world.dispatcher, 'enc');
    // Logged, so that other clients accept it: the only way left to a compromised server.
    await logCertificate(world.api, forged);
    const foreign = await foreignCertificatesInLog(world.dispatcher.client, world.dispatcher.username, held(world.dispatcher));
    expect(foreign).toHaveLength(1);
    expect(foreign[0]?.certificatePem.replace(/\s/g, '')).toBe(forged.replace(/\s/g, ''));
    // The driver's client accepts it now (it is logged), which is why the holder must be told.
    expect(await foreignCertificatesInLog(world.driver.client, world.driver.username, held(world.driver))).toEqual([]);
  });
});
