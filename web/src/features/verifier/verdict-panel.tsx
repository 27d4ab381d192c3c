import type { EvidenceReport, EvidenceVerification } from '@seccam/device';
import { createEffect, For, Match, on, Show, Switch } from 'solid-js';
import { formatBytes, formatDuration } from '../../lib/format';
import type { CheckedFile, ClaimedLogEntry, KeyUse, VideoState } from './evidence-check';
import { failureTitle, utcTime, verdictKindOf, type ChainLink } from './evidence-verdict';

type Failure = Extract<EvidenceVerification, { ok: false }>;
type Success = Extract<EvidenceVerification, { ok: true }>;

const BADGES = { verified: 'VERIFIED', incomplete: 'INCOMPLETE', 'not-verified': 'NOT VERIFIED' } as const;

/** The verdict on one file: VERIFIED, INCOMPLETE (no signed END) or NOT VERIFIED with the precise reason. */
export function VerdictPanel(props: { readonly checked: CheckedFile; readonly video: VideoState }) {
  const kind = () => verdictKindOf(props.checked.result);
  const failure = () => (props.checked.result.ok ? undefined : props.checked.result);
  const success = () => (props.checked.result.ok ? props.checked.result : undefined);
  let heading: HTMLHeadingElement | undefined;
  // Each new verdict takes the focus, so keyboard and screen reader users land on it.
  createEffect(
    on(
      () => props.checked,
      () => heading?.focus({ preventScroll: false }),
    ),
  );
  return (
    <section
      class={`card verdict verdict-${kind()}`}
      id="verdict"
      aria-labelledby="verdict-heading"
      data-verdict={kind()}
      data-reason={failure()?.reason}
      data-seq={failure()?.seq}
      data-code={failure()?.code}
    >
      <p class="verdict-badge" id="verdict-badge">
        {BADGES[kind()]}
      </p>
      <h2 id="verdict-heading" tabindex="-1" ref={heading}>
        <Show
          when={failure()}
          fallback={kind() === 'verified' ? 'Genuine, complete and unchanged since export' : 'Genuine, but without the driver’s signed end'}
        >
          {(f) => failureTitle(f())}
        </Show>
      </h2>
      <Show when={failure()}>{(f) => <FailureText failure={f()} checked={props.checked} />}</Show>
      <Show when={success()}>{(s) => <SuccessFacts result={s()} checked={props.checked} video={props.video} />}</Show>
      <Show when={props.checked.chain}>
        {(chain) => (
          <>
            <h3>{props.checked.result.ok ? 'Certificate chain' : 'Certificates the file carries (not trusted)'}</h3>
            <ol class="chain" id="verdict-chain">
              {/* Verified: the file's root is the pinned root, byte for byte, so it is listed once, as the pinned root. */}
              <For each={props.checked.result.ok ? chain().driver.slice(0, -1) : chain().driver}>{(link) => <ChainItem link={link} />}</For>
              <Show when={props.checked.pinnedRoot}>{(root) => <ChainItem link={root()} pinned />}</Show>
            </ol>
            <Show when={chain().exporter}>
              {(exporter) => (
                <ol class="chain chain-exporter">
                  <ChainItem link={exporter()} />
                </ol>
              )}
            </Show>
            <LogEntry checked={props.checked} />
          </>
        )}
      </Show>
    </section>
  );
}

const LOG_STATUS_TEXT = {
  verified: 'Proven: the inclusion proof leads to a tree head signed by the log key you trust.',
  unpinned: 'Consistent, but NOT checked against a log key you trust (this page could not fetch the platform’s log key).',
  claimed: 'As the file claims it (not trusted: see the verdict).',
} as const;

/** The driver certificate's transparency log entry, beside the chain ([Note: log proof in evidence] in @seccam/device). */
function LogEntry(props: { readonly checked: CheckedFile }) {
  const status = (): keyof typeof LOG_STATUS_TEXT | 'none' => {
    const result = props.checked.result;
    if (props.checked.claimedLogEntry === null) return 'none';
    if (!result.ok) return 'claimed';
    return result.report.log.status === 'none' ? 'none' : result.report.log.status;
  };
  const entry = (): ClaimedLogEntry | null => props.checked.claimedLogEntry;
  return (
    <div class="verdict-log" id="verdict-log" data-status={status()}>
      <h3>Transparency log</h3>
      <Show
        when={status() !== 'none' ? entry() : null}
        fallback={
          <p class="notice" id="log-none">
            No log proof: the file does not show that the driver’s certificate was published in the transparency log (an export made before
            log proofs were added, or without one).
          </p>
        }
      >
        {(e) => (
          <>
            <dl class="facts">
              <dt>Entry</dt>
              <dd id="log-entry">
                {e().leafIndex} of a tree of {e().treeSize}
              </dd>
              <dt>Tree head signed</dt>
              <dd>{utcTime(e().headTimestamp)}</dd>
              <dt>Log key id</dt>
              <dd>
                <code id="log-id">{e().logIdHex}</code>
              </dd>
            </dl>
            <p class="hint">{LOG_STATUS_TEXT[status() as keyof typeof LOG_STATUS_TEXT]}</p>
          </>
        )}
      </Show>
    </div>
  );
}

const FAILURE_HINTS: Partial<Record<Failure['reason'], string>> = {
  'untrusted-certificate':
    'The file does not chain to the root you trust: compare the verification codes below, or choose another root above.',
  'foreign-certificate':
    'The driver’s own signed list of her certificates does not include the one that signed these frames: it was issued in her name by someone else, e.g. whoever holds the platform’s CA key. Do not rely on this recording as hers.',
  'known-certificates': 'The file carries a list of the driver’s certificates that she did not sign: do not rely on this recording.',
  'log-unknown-key': 'The log proof comes from a log other than the one this page trusts: the certificate is not shown to be public.',
};

function FailureText(props: { readonly failure: Failure; readonly checked: CheckedFile }) {
  return (
    <>
      <p>
        Reason <code id="verdict-reason">{props.failure.reason}</code>
        <Show when={props.failure.code}>
          {(code) => (
            <>
              {' '}
              (<code>{code()}</code>)
            </>
          )}
        </Show>
        <Show when={props.failure.seq !== undefined}> at seq {props.failure.seq}</Show>:{' '}
        <span id="verdict-detail">{props.failure.detail}</span>.
      </p>
      <p class="hint">
        {FAILURE_HINTS[props.failure.reason] ??
          'Do not rely on this recording: it is not the file the driver recorded and the exporter signed.'}
      </p>
    </>
  );
}

function SuccessFacts(props: { readonly result: Success; readonly checked: CheckedFile; readonly video: VideoState }) {
  const report = (): EvidenceReport => props.result.report;
  return (
    <>
      <p>
        <Show
          when={report().ended === 'signed'}
          fallback={
            <>
              Every frame up to seq {report().lastSeq} is genuine, but the driver’s signed END is missing: the recording may go on beyond
              this file (it was cut off, or exported while still recording).
            </>
          }
        >
          Recorded and signed frame by frame by {report().driver}, complete up to the driver’s signed END, and unchanged since{' '}
          {report().exporter} exported it.
        </Show>
      </p>
      <dl class="facts verdict-facts" id="verdict-facts">
        <Show when={props.result.info}>
          {(info) => (
            <>
              <dt>Title</dt>
              <dd id="fact-title">
                {info().title === '' ? '(untitled)' : info().title} <span class="hint">(as the driver signed it)</span>
              </dd>
            </>
          )}
        </Show>
        <dt>Signed by</dt>
        <dd id="fact-driver">
          {report().driver} <span class="hint">(certificate {report().driverCertSerial})</span>
        </dd>
        <dt>Time range</dt>
        <dd id="fact-time">
          {utcTime(report().firstCaptureTs)} to {utcTime(report().lastCaptureTs)}{' '}
          <span class="hint">({formatDuration(report().lastCaptureTs - report().firstCaptureTs)})</span>
        </dd>
        <dt>Frames</dt>
        <dd id="fact-frames">
          {report().frames} (seq {report().firstSeq} to {report().lastSeq}, {report().ended === 'signed' ? 'signed END' : 'no signed END'})
        </dd>
        <dt>Recording</dt>
        <dd>
          <code id="fact-stream">{report().streamId}</code>
        </dd>
        <dt>Driver’s certificates</dt>
        <dd id="fact-known">
          <Show when={report().knownCertificates} fallback="No list in the file (only the driver’s own export carries it)">
            {(known) => (
              <>
                The signing certificate is on {report().driver}’s list of {known().count}, signed {utcTime(known().at)}{' '}
                <span class="hint">
                  (with {known().signedByExporter ? 'the exporter’s certificate' : 'certificate'} {known().signerCertSerial})
                </span>
              </>
            )}
          </Show>
        </dd>
        <dt>Exported by</dt>
        <dd>
          {report().exporter} at {utcTime(report().exportedAt)} <span class="hint">(certificate {report().exporterCertSerial})</span>
        </dd>
        <dt>File</dt>
        <dd>
          {props.checked.fileName} ({formatBytes(props.checked.size)})
        </dd>
      </dl>
      <VideoSave video={props.video} keys={props.checked.keys} decrypted={report().decrypted} />
    </>
  );
}

function keysText(keys: KeyUse | null): string {
  if (keys?.kind === 'none') {
    const who = keys.signedInAs === undefined ? 'You are not signed in' : `You are signed in as ${keys.signedInAs}, another recipient`;
    return `The video cannot be saved without its keys: they are wrapped to the encryption certificate ${keys.recipient}. ${who}; sign in as that recipient, or ask for an export with disclosed keys. The signatures and the chain are verified all the same.`;
  }
  return 'The video cannot be saved without its keys.';
}

function VideoSave(props: { readonly video: VideoState; readonly keys: KeyUse | null; readonly decrypted: boolean }) {
  return (
    <div class="verdict-video" id="verdict-video">
      <h3>Video</h3>
      <Show
        when={props.decrypted}
        fallback={
          <p class="notice" id="video-no-keys">
            {keysText(props.keys)}
          </p>
        }
      >
        <p class="hint">
          {props.keys?.kind === 'own' ? `Decrypted with your key (${props.keys.username}).` : 'Decrypted with the keys the file discloses.'}{' '}
          The saved video is no longer encrypted: keep it safe.
        </p>
        <Switch>
          <Match when={props.video.kind === 'preparing'}>
            <p role="status">Writing the video…</p>
          </Match>
          <Match when={props.video.kind === 'ready' ? props.video : undefined}>
            {(ready) => (
              <a class="button primary" id="save-video" href={ready().href} download={ready().fileName}>
                Save video (WebM, {formatBytes(ready().size)})
              </a>
            )}
          </Match>
          <Match when={props.video.kind === 'failed' ? props.video : undefined}>
            {(failed) => (
              <p role="alert" class="error">
                {failed().message}
              </p>
            )}
          </Match>
        </Switch>
      </Show>
    </div>
  );
}

function ChainItem(props: { readonly link: ChainLink; readonly pinned?: boolean }) {
  return (
    <li class="chain-link" classList={{ 'chain-pinned': props.pinned === true }}>
      <p class="chain-role">{props.link.role}</p>
      <dl class="chain-facts">
        <dt>Subject</dt>
        <dd>{props.link.subject}</dd>
        <dt>Issued by</dt>
        <dd>{props.link.issuer}</dd>
        <dt>Serial</dt>
        <dd>
          <code>{props.link.serialHex}</code>
        </dd>
        <dt>Valid</dt>
        <dd>
          {utcTime(props.link.notBefore)} to {utcTime(props.link.notAfter)}
        </dd>
        <dt>Verification code</dt>
        <dd>
          <code class="verification-code">{props.link.code}</code>
        </dd>
      </dl>
    </li>
  );
}
