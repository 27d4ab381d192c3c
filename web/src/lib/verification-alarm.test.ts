import { describe, expect, it } from 'vitest';
import { alarmKindOf, verificationAlarm } from './verification-alarm';

describe('verificationAlarm', () => {
  it('names a signature failure and its seq', () => {
    const alarm = verificationAlarm({ reason: 'signature', seq: 12, message: 'signature of seq 12 does not verify' }, 11, 'alice');
    expect(alarm).toMatchObject({ kind: 'signature', seq: 12, title: 'Signature failure at seq 12' });
    expect(alarm.detail).toContain('@alice');
  });

  it('says a stream signed by another certificate than the verified contact’s is refused, and what to do', () => {
    const alarm = verificationAlarm(
      { reason: 'contact-certificate-changed', seq: null, message: 'not the verified certificate' },
      null,
      'alice',
    );
    expect(alarm).toMatchObject({ kind: 'contact', seq: null, title: 'Not the certificate you verified' });
    expect(alarm.detail).toMatch(/not the one you verified with them.*Compare the safety code with @alice/);
  });

  it('gives the range a gap left out, from the last verified frame', () => {
    expect(verificationAlarm({ reason: 'gap', seq: 9, message: 'expected seq 6, got 9' }, 5, 'alice')).toMatchObject({
      kind: 'gap',
      title: 'Gap at seq 6',
      detail: 'frames 6–8 are missing: the next frame the server sent was seq 9.',
    });
    expect(verificationAlarm({ reason: 'gap', seq: 7, message: 'expected seq 6, got 7' }, 5, 'alice').detail).toMatch(
      /^frame 6 is missing/,
    );
    expect(verificationAlarm({ reason: 'gap', seq: 3, message: 'the subscription promised frames from seq 0' }, null, 'a').detail).toMatch(
      /^frames 0–2 are missing/,
    );
  });

  it('maps every verifier reason to one alarm kind', () => {
    const kinds = {
      chain: 'chain',
      order: 'order',
      duplicate: 'order',
      epoch: 'order',
      'after-end': 'order',
      truncated: 'truncated',
      stream: 'stream',
      'key-set': 'key',
      unwrap: 'key',
      decrypt: 'key',
      'detached-init': 'signature',
      malformed: 'malformed',
      payload: 'other',
      'something new': 'other',
    };
    for (const [reason, kind] of Object.entries(kinds)) {
      const alarm = verificationAlarm({ reason, seq: 4, message: 'm' }, 3, 'alice');
      expect(alarm.kind, reason).toBe(kind);
      if (kind !== 'malformed') expect(alarm.title, reason).toMatch(/seq 4$/);
    }
  });

  it('says where an undecodable frame came when it has no seq', () => {
    expect(verificationAlarm({ reason: 'malformed', seq: null, message: 'TRUNCATED: 3 bytes' }, 7, 'alice')).toMatchObject({
      seq: null,
      title: 'Unreadable frame after the last verified frame',
    });
  });
});

describe('alarmKindOf', () => {
  it('maps every verifier reason to the alarm that names it', () => {
    const reasons = ['signature', 'detached-init', 'chain', 'order', 'duplicate', 'after-end', 'epoch', 'gap', 'truncated', 'stream'];
    const keys = ['no-key', 'key-set', 'unwrap', 'decrypt'];
    expect(
      Object.fromEntries([...reasons, ...keys, 'malformed', 'payload', 'certificate', 'newer'].map((r) => [r, alarmKindOf(r)])),
    ).toEqual({
      signature: 'signature',
      'detached-init': 'signature',
      chain: 'chain',
      order: 'order',
      duplicate: 'order',
      'after-end': 'order',
      epoch: 'order',
      gap: 'gap',
      truncated: 'truncated',
      stream: 'stream',
      'no-key': 'key',
      'key-set': 'key',
      unwrap: 'key',
      decrypt: 'key',
      malformed: 'malformed',
      payload: 'other',
      certificate: 'certificate',
      newer: 'other',
    });
    expect(verificationAlarm({ reason: 'certificate', seq: null, message: 'not issued by the root' }, null, 'ana')).toMatchObject({
      kind: 'certificate',
      title: 'Untrusted signing certificate',
    });
  });
});
