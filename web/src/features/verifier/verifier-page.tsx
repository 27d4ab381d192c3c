import { Match, Show, Switch } from 'solid-js';
import { useSession } from '../identity/session';
import { createEvidenceCheck, type CheckState } from './evidence-check';
import { EvidenceDrop } from './evidence-drop';
import { createTrustRoot, TrustRootPicker } from './trust-root';
import { VerdictPanel } from './verdict-panel';
import './verifier.css';

const STEP_LABELS = { frames: 'Checking signatures and the hash chain', media: 'Decrypting' } as const;

function Progress(props: { readonly state: Extract<CheckState, { kind: 'verifying' }> }) {
  const label = () => (props.state.progress === null ? 'Reading the file' : STEP_LABELS[props.state.progress.step]);
  return (
    <section class="card verify-progress" aria-labelledby="progress-heading">
      <h2 id="progress-heading">Verifying {props.state.fileName}</h2>
      <progress
        id="verify-progress"
        aria-labelledby="progress-heading"
        max={Math.max(props.state.progress?.total ?? 1, 1)}
        value={props.state.progress?.done ?? 0}
      />
      <p role="status" class="hint" id="verify-progress-text">
        {label()}
        {props.state.progress === null ? '…' : `: ${props.state.progress.done} of ${props.state.progress.total} frames`}
      </p>
    </section>
  );
}

/**
 * `/verify`: verifies an evidence file (docs/PROTOCOL.md §9) in this tab, signed in or not, and
 * saves its video: for an insurer or a court, with nothing to install. Once the page has loaded
 * it needs no network ([Note: the verifier's pinned root]).
 */
export default function VerifierPage() {
  const session = useSession();
  const root = createTrustRoot();
  const evidence = createEvidenceCheck(root, session.identity);
  const stateIs = <K extends CheckState['kind']>(kind: K): Extract<CheckState, { kind: K }> | undefined => {
    const state = evidence.state();
    return state.kind === kind ? (state as Extract<CheckState, { kind: K }>) : undefined;
  };
  return (
    <div class="verifier">
      <h1>Verify evidence</h1>
      <p class="lead">
        Check an evidence file exported from SecCam: who signed it, the certificate chain to a root you trust, the time range and every
        frame. It runs in this tab; once the page is open it works without a network.
      </p>
      <div class="verifier-steps">
        <TrustRootPicker root={root} />
        <EvidenceDrop
          disabled={evidence.state().kind === 'verifying'}
          onFile={(file) => {
            evidence.check(file);
          }}
        />
      </div>
      <Switch>
        <Match when={stateIs('verifying')}>{(state) => <Progress state={state()} />}</Match>
        <Match when={stateIs('refused')}>
          {(state) => (
            <section class="card verdict verdict-not-verified" id="verdict" data-verdict="refused" aria-labelledby="verdict-heading">
              <p class="verdict-badge">NOT CHECKED</p>
              <h2 id="verdict-heading">{state().fileName}</h2>
              <p role="alert" class="error" id="verdict-refused">
                {state().message}
              </p>
            </section>
          )}
        </Match>
        <Match when={stateIs('done')}>{(checked) => <VerdictPanel checked={checked()} video={evidence.video()} />}</Match>
      </Switch>
      <Show when={evidence.state().kind === 'idle'}>
        <p class="hint verifier-idle">The verdict appears here.</p>
      </Show>
    </div>
  );
}
