/**
 * A database editor lowers `streams.last_seq` of an ended stream, with or without deleting the
 * tail: the server then serves a shorter stream, and neither a download nor an evidence file may
 * present it as complete. Both report "ended unsigned at seq N" (INCOMPLETE), never VERIFIED.
 */
import { editDatabase } from '@seccam/testkit';
import { describe, expect, it } from 'vitest';
import { verifyEvidenceExport } from '../evidence/verify-evidence.ts';
import { Recorder } from './recorder.ts';
import { exportStream } from './stream-export.ts';
import { readStreamMedia } from './stream-media.ts';
import { sourceGroups, useStreamingWorld } from './streaming-parties.test-support.ts';

describe('a lowered stream head in the database', () => {
  const world = useStreamingWorld();

  async function endedRecording(): Promise<{ streamId: string; endSeq: number }> {
    const recorder = await Recorder.start({ client: world.driver.client, identity: world.driver.identity });
    for (const group of sourceGroups(2).groups) await recorder.push(group);
    return { streamId: recorder.streamId, endSeq: await recorder.end() };
  }

  for (const deleteTail of [false, true]) {
    it(`is reported as ended unsigned at the new head, never complete (${deleteTail ? 'tail deleted' : 'tail kept'})`, async () => {
      const { streamId, endSeq } = await endedRecording();
      const genuine = await exportStream(world.driver.client, world.driver.identity, streamId, { discloseKeys: true });
      expect(genuine.ended).toBe('signed');
      const rootPem = world.driver.identity.anchors.rootPem;
      const whole = await verifyEvidenceExport(genuine.bytes, { rootPem });
      expect(whole.ok && whole.report).toMatchObject({ ended: 'signed', lastSeq: endSeq });

      const head = 9;
      await editDatabase(world.api.db.database, 'UPDATE streams SET last_seq = $1 WHERE id = $2', [head, streamId]);
      if (deleteTail) await editDatabase(world.api.db.database, 'DELETE FROM chunks WHERE stream_id = $1 AND seq > $2', [streamId, head]);

      const media = await readStreamMedia(world.driver.client, world.driver.identity, streamId);
      expect(media).toMatchObject({ ended: 'unsigned', lastSeq: head });
      const cut = await exportStream(world.driver.client, world.driver.identity, streamId, { discloseKeys: true });
      expect(cut).toMatchObject({ ended: 'unsigned', frames: head + 1 });
      const verified = await verifyEvidenceExport(cut.bytes, { rootPem });
      if (!verified.ok) throw new Error(`${verified.reason}: ${verified.detail}`);
      expect(verified.report).toMatchObject({ ended: 'unsigned', lastSeq: head, frames: head + 1 });
    });
  }
});
