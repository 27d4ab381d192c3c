import type { StreamInfo } from '@seccam/device';
import type { StreamInfoRecord } from '@seccam/schema';
import { Show } from 'solid-js';
import { ServerCopyWarning, shownStart, shownTitle } from '../../components/signed-stream-facts';
import { formatBytes, formatDateTime } from '../../lib/format';
import { lengthText, StateBadge } from './recording-list';

/**
 * The heading and facts of one recording, for the driver's and the dispatcher's pages. Title
 * and start are the driver's signed ones once the player has read them ([Note: signed stream
 * info]); until then the server's, marked so, and a warning when the server's copy differs.
 */
export function RecordingFacts(props: {
  readonly stream: StreamInfo;
  readonly signed: StreamInfoRecord | null;
  readonly seenLive: boolean;
  /** Show who recorded it (a dispatcher's view). */
  readonly showOwner?: boolean;
}) {
  const start = () => shownStart(props.stream, props.signed);
  return (
    <>
      <h1 id="recording-title">{shownTitle(props.stream, props.signed)}</h1>
      <ServerCopyWarning server={props.stream} signed={props.signed} />
      <dl class="recording-facts card" classList={{ 'with-owner': props.showOwner === true }}>
        <Show when={props.showOwner}>
          <div>
            <dt>Driver</dt>
            <dd id="recording-owner">@{props.stream.owner}</dd>
          </div>
        </Show>
        <div>
          <dt>Started</dt>
          <dd id="recording-start" data-signed={props.signed !== null}>
            {start() === null ? '—' : formatDateTime(start() ?? '')}
            <small class="fact-source">
              {props.signed === null ? 'as the server lists it: not yet confirmed by a signed frame' : 'signed by the driver'}
            </small>
          </dd>
        </div>
        <div>
          <dt>Length</dt>
          <dd>{lengthText(props.stream)}</dd>
        </div>
        <div>
          <dt>Size</dt>
          <dd>
            {formatBytes(props.stream.byteCount)} · {props.stream.frameCount} frames
          </dd>
        </div>
        <div>
          <dt>State</dt>
          <dd id="recording-state">
            <StateBadge stream={props.stream} seenLive={props.seenLive} />
          </dd>
        </div>
      </dl>
    </>
  );
}
