import { fetchStream, type StreamInfo } from '@seccam/device';
import type { StreamInfoRecord } from '@seccam/schema';
import { A } from '@solidjs/router';
import { createEffect, createResource, createSignal, Match, on, Switch, type JSX } from 'solid-js';
import { describeError, errorCodeOf } from '../../lib/api-error';
import { useSession } from '../identity/session';
import { RecordingFiles } from './recording-files';
import { RecordingFacts } from './recording-facts';
import { RecordingPlayer } from './recording-player';

/**
 * One recording loaded by id, as both the driver's and the dispatcher's pages show it: a link
 * back to the list, "not available" and loading states, then its facts (with the driver's
 * signed info once the player has it), the player and the files; each page adds its own parts.
 */
export function RecordingView(props: {
  readonly id: string;
  /** The list this recording was opened from. */
  readonly back: { readonly href: string; readonly label: string };
  /** The error codes that mean "not there for you", and what to say then. */
  readonly missing: { readonly codes: readonly string[]; readonly message: string };
  readonly errorId?: string;
  /** Shown under the "not available" message. */
  readonly errorFooter?: JSX.Element;
  readonly showOwner?: boolean;
  /** Between the facts and the player. */
  readonly beforePlayer?: (stream: StreamInfo) => JSX.Element;
  /** After the files. */
  readonly after?: (stream: StreamInfo) => JSX.Element;
}) {
  const session = useSession();
  const [stream] = createResource(
    () => props.id,
    (id) => fetchStream(session.client, id),
  );
  const [seenLive, setSeenLive] = createSignal(false);
  const [signed, setSigned] = createSignal<StreamInfoRecord | null>(null);
  // Another recording on the same page (a link between recordings): forget the last one's signed info.
  createEffect(
    on(
      () => props.id,
      () => setSigned(null),
      { defer: true },
    ),
  );
  return (
    <>
      <p class="back">
        <A href={props.back.href}>← {props.back.label}</A>
      </p>
      <Switch>
        <Match when={stream.error as unknown}>
          {(error) => (
            <>
              <h1>Recording not available</h1>
              <p role="alert" class="error" id={props.errorId}>
                {props.missing.codes.includes(errorCodeOf(error()) ?? '')
                  ? props.missing.message
                  : `It could not be loaded: ${describeError(error())} Reload the page to try again.`}
              </p>
              {props.errorFooter}
            </>
          )}
        </Match>
        <Match when={stream.loading}>
          <h1>Recording</h1>
          <p role="status">Loading the recording…</p>
        </Match>
        <Match when={stream()}>
          {(info) => (
            <>
              <RecordingFacts stream={info()} signed={signed()} seenLive={seenLive()} showOwner={props.showOwner} />
              {props.beforePlayer?.(info())}
              <RecordingPlayer stream={info()} onLive={() => setSeenLive(true)} onSignedInfo={setSigned} />
              <RecordingFiles stream={info()} />
              {props.after?.(info())}
            </>
          )}
        </Match>
      </Switch>
    </>
  );
}
