import type { StreamInfo } from '@seccam/device';
import { Match, Switch } from 'solid-js';
import { VerificationCode } from '../sharing/dispatcher-directory';
import '../sharing/sharing.css';
import { ALARM_ADVICE, type VerificationAlarm } from '../../lib/verification-alarm';

/** Where the player's check of the recording stands. */
export type VerificationState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'checking'; readonly verified: number }
  /** Every frame so far verified; `ended` tells whether the driver's signed END was among them. */
  | { readonly kind: 'verified'; readonly verified: number; readonly lastSeq: number | null; readonly ended: boolean }
  | { readonly kind: 'failed'; readonly verified: number; readonly alarm: VerificationAlarm };

/**
 * The verdict on a recording, above its video: not yet checked, checking, "verified: signed by
 * @driver · code" (the code of the driver's `sig` certificate, [Note: verification codes] in
 * @seccam/pki, which the driver can read out from their account), or an alarm naming the check
 * that failed and the seq.
 */
export function VerificationStatus(props: { readonly stream: StreamInfo; readonly state: VerificationState }) {
  const signedBy = () => (
    <>
      signed by <strong>@{props.stream.owner}</strong> · <VerificationCode certificatePem={props.stream.sigCertificatePem} />
    </>
  );
  return (
    <div class="verification" id="verification" data-state={props.state.kind} aria-live="polite">
      <Switch>
        <Match when={props.state.kind === 'idle'}>
          <p class="verification-line">Not checked yet: press Play to verify every frame from the first, in this browser.</p>
        </Match>
        <Match when={props.state.kind === 'checking' && props.state}>
          {(state) => <p class="verification-line">Checking… {state().verified} frames verified</p>}
        </Match>
        <Match when={props.state.kind === 'verified' && props.state}>
          {(state) => (
            <>
              <p class="verification-line verification-ok" id="verification-verdict">
                <span class="verification-mark" aria-hidden="true">
                  ✓
                </span>{' '}
                {state().ended ? 'Verified' : 'Verified so far'}: {signedBy()}
              </p>
              <p class="verification-detail">
                {state().ended
                  ? `All ${state().verified} frames, from the first to the driver’s signed END: none missing, changed or reordered.`
                  : `${state().verified} frames up to seq ${state().lastSeq ?? '—'}, none missing or changed; no signed END yet (still recording, or the recorder stopped).`}
              </p>
            </>
          )}
        </Match>
        <Match when={props.state.kind === 'failed' && props.state}>
          {(state) => (
            <div role="alert" class="verification-alarm" data-reason={state().alarm.kind} data-seq={state().alarm.seq ?? ''}>
              <p class="verification-line" id="verification-verdict">
                <span class="verification-mark" aria-hidden="true">
                  ✕
                </span>{' '}
                Tampering detected — {state().alarm.title}
              </p>
              <p class="verification-detail" id="verification-detail">
                {state().alarm.detail}
              </p>
              <p class="verification-detail">{ALARM_ADVICE}</p>
            </div>
          )}
        </Match>
      </Switch>
    </div>
  );
}
