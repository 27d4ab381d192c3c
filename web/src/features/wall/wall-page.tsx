import { fetchSharedStreams, subscribeStreamEvents, type GraphqlSubscription, type StreamEventInfo } from '@seccam/device';
import { A } from '@solidjs/router';
import { createMemo, createSignal, For, Match, onCleanup, onMount, Show, Switch } from 'solid-js';
import { describeError } from '../../lib/api-error';
import { useSession } from '../identity/session';
import { VerificationCode } from '../sharing/dispatcher-directory';
import { createWallNotices } from './wall-notices';
import { WallTileView } from './wall-tile';
import { applySilence, applyStreamEvent, reconcileTiles, sortTiles, type WallTile } from './wall-state';
import './wall.css';

type Listening = 'connecting' | 'listening' | 'lost';

/** How often "behind live" and the silence rule are re-evaluated. */
const TICK_MS = 500;
/** Wait before subscribing again after the event socket closed. */
const RESUBSCRIBE_MS = 3000;

/**
 * `/wall`, the dispatcher's live wall: every stream shared with me, kept current by the
 * `streamEvents` subscription ([Note: what a dispatcher hears] in wall-state.ts), each tile a
 * verified live watch. Drivers are told where their side is.
 */
export default function WallPage() {
  const session = useSession();
  return (
    <div class="wall-page">
      <h1>Live wall</h1>
      <Show
        when={(session.identity()?.role ?? session.account()?.role) !== 'driver'}
        fallback={
          <p class="notice" id="wall-drivers">
            The live wall is for dispatchers: it shows the streams drivers share with them. To let a dispatcher watch you, share from your{' '}
            <A href="/sharing">Share page</A>.
          </p>
        }
      >
        <Wall />
      </Show>
    </div>
  );
}

function Wall() {
  const session = useSession();
  const notices = createWallNotices();
  const [tiles, setTiles] = createSignal<readonly WallTile[]>([]);
  const [loaded, setLoaded] = createSignal(false);
  const [loadError, setLoadError] = createSignal<string>();
  const [listening, setListening] = createSignal<Listening>('connecting');
  const [focusedId, setFocusedId] = createSignal<string | null>(null);
  const [now, setNow] = createSignal(Date.now());
  const byId = createMemo(() => new Map(tiles().map((t) => [t.streamId, t])));
  // Keyed by id (strings compare by value), so a tile's watch survives every state change.
  const ids = createMemo(() => tiles().map((t) => t.streamId), undefined, { equals: (a, b) => a.join() === b.join() });
  let subscription: GraphqlSubscription | undefined;
  let stopped = false;
  let resubscribeTimer: ReturnType<typeof setTimeout> | undefined;

  // Re-reads coalesce: one request at a time, and one more if something changed meanwhile.
  let reading: Promise<void> | null = null;
  let readAgain = false;
  const load = async (): Promise<void> => {
    if (reading !== null) {
      readAgain = true;
      return reading;
    }
    reading = (async () => {
      const again = () => readAgain && !stopped;
      do {
        readAgain = false;
        try {
          const streams = await fetchSharedStreams(session.client);
          setTiles((current) => reconcileTiles(current, streams));
          setLoadError(undefined);
        } catch (error) {
          setLoadError(
            `The shared streams could not be read: ${describeError(error)} The wall reads them again on the next change; if it stays empty, check your connection and sign in again.`,
          );
        }
      } while (again());
      setLoaded(true);
    })();
    try {
      await reading;
    } finally {
      reading = null;
    }
  };

  const onEvent = (event: StreamEventInfo) => {
    const effect = applyStreamEvent(tiles(), event);
    setTiles(effect.tiles);
    if (effect.notice !== null) notices.notify(effect.notice, event.kind === 'shared' || event.kind === 'started');
    if (effect.refetch) void load();
  };

  const subscribe = () => {
    setListening('connecting');
    const current = subscribeStreamEvents(session.client, {
      next: onEvent,
      error: (errors) => {
        setLoadError(`Live updates were refused: ${errors.map((e) => e.message).join(' ')} Sign in again if this persists.`);
      },
    });
    subscription = current;
    // Events sent before the subscription ran are lost: read the list once it runs.
    void current.started.then(async () => {
      await load();
      if (subscription === current) setListening('listening');
    });
    void current.closed.then(() => {
      if (stopped || subscription !== current) return;
      setListening('lost');
      resubscribeTimer = setTimeout(subscribe, RESUBSCRIBE_MS);
    });
  };

  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && focusedId() !== null) {
      const id = focusedId();
      setFocusedId(null);
      document.querySelector<HTMLButtonElement>(`li[data-stream-id="${id ?? ''}"] .wall-screen`)?.focus();
    }
  };

  onMount(() => {
    subscribe();
    const ticker = setInterval(() => {
      const at = Date.now();
      setNow(at);
      setTiles((current) => {
        const next = current.map((t) => applySilence(t, at));
        return next.some((t, i) => t !== current[i]) ? sortTiles(next) : current;
      });
    }, TICK_MS);
    document.addEventListener('keydown', onKey);
    onCleanup(() => {
      stopped = true;
      clearInterval(ticker);
      clearTimeout(resubscribeTimer);
      document.removeEventListener('keydown', onKey);
      subscription?.close();
    });
  });

  const update = (streamId: string, change: (tile: WallTile) => WallTile) => {
    setTiles((current) => {
      const index = current.findIndex((t) => t.streamId === streamId);
      const tile = current[index];
      if (tile === undefined) return current;
      const updated = change(tile);
      if (updated === tile) return current;
      const next = [...current];
      next[index] = updated;
      return updated.state === tile.state ? next : sortTiles(next);
    });
  };

  const liveCount = () => tiles().filter((t) => t.state === 'live').length;

  return (
    <>
      <div class="wall-head">
        <p class="lead">
          Streams drivers share with you, verified and decrypted in this browser. Select a tile to enlarge it and hear its sound; Escape
          returns to the wall.
        </p>
        <p class="wall-summary" id="wall-summary" data-listening={listening()}>
          <span class="wall-dot" classList={{ on: listening() === 'listening' }} aria-hidden="true" />
          <Switch>
            <Match when={listening() === 'connecting'}>Connecting to live updates…</Match>
            <Match when={listening() === 'listening'}>
              {liveCount()} live · {tiles().length} shared · updates live
            </Match>
            <Match when={listening() === 'lost'}>Live updates lost — reconnecting; new shares appear once it is back.</Match>
          </Switch>
        </p>
      </div>
      {notices.view()}
      <Show when={loadError()}>
        <p class="error" role="alert" id="wall-error">
          {loadError()}
        </p>
      </Show>
      <Show when={loaded() && tiles().length === 0}>
        <div class="wall-empty card" id="wall-empty">
          <p class="wall-empty-title">No streams shared with you yet — a driver shares from their Share page.</p>
          <p class="hint">When a driver shares with you or starts streaming, a tile appears here by itself: no need to reload.</p>
          <Show when={session.identity()}>
            {(identity) => (
              <p class="wall-my-code">
                Your verification code, for the driver to compare before sharing:{' '}
                <VerificationCode certificatePem={identity().encCertPem} />
              </p>
            )}
          </Show>
        </div>
      </Show>
      <ul class="wall-grid" classList={{ 'has-focus': focusedId() !== null }} id="wall-grid">
        <For each={ids()}>
          {(id) => (
            <Show when={byId().get(id)}>
              {(tile) => (
                <WallTileView
                  tile={tile()}
                  now={now()}
                  focused={focusedId() === id}
                  onFocus={() => setFocusedId((current) => (current === id ? null : id))}
                  onUpdate={(change) => {
                    update(id, change);
                  }}
                  onRetry={() => {
                    update(id, (t) => ({ ...t, state: 'connecting', error: null }));
                  }}
                />
              )}
            </Show>
          )}
        </For>
      </ul>
    </>
  );
}
