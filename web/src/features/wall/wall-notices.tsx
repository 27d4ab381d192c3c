import { createSignal, For, Match, Switch } from 'solid-js';

export interface WallNotice {
  readonly id: number;
  readonly text: string;
  readonly at: Date;
}

/** Notices kept on screen (newest first). */
const KEPT = 4;

type Permission = NotificationPermission | 'unsupported';

function currentPermission(): Permission {
  return typeof Notification === 'function' ? Notification.permission : 'unsupported';
}

/**
 * The wall's notices: an aria-live list in the page, and a browser `Notification` for each when
 * the user allowed them — asked only from the button, never on page load.
 */
export function createWallNotices() {
  const [notices, setNotices] = createSignal<readonly WallNotice[]>([]);
  const [permission, setPermission] = createSignal<Permission>(currentPermission());
  let next = 1;

  /** Shows `text` in the page; `browser` also raises a system notification if allowed. */
  const notify = (text: string, browser: boolean) => {
    setNotices((list) => [{ id: next++, text, at: new Date() }, ...list].slice(0, KEPT));
    if (browser && permission() === 'granted') new Notification('SecCam live wall', { body: text, tag: `seccam-wall-${next}` });
  };

  const ask = async () => {
    if (typeof Notification !== 'function') return;
    setPermission(await Notification.requestPermission());
  };

  const view = () => (
    <section class="wall-notices" aria-label="Notices">
      <div class="wall-notify">
        <Switch>
          <Match when={permission() === 'default'}>
            <button type="button" class="quiet" onClick={() => void ask()}>
              Turn on browser notifications
            </button>
            <span class="hint">when a driver shares with you or starts streaming</span>
          </Match>
          <Match when={permission() === 'granted'}>
            <span class="hint" id="notifications-on">
              Browser notifications are on.
            </span>
          </Match>
          <Match when={permission() === 'denied'}>
            <span class="hint">
              Browser notifications are blocked for this site: allow them in the browser’s site settings to get them.
            </span>
          </Match>
        </Switch>
      </div>
      <ul class="wall-notice-list" id="wall-notices" aria-live="polite" aria-relevant="additions">
        <For each={notices()}>
          {(notice) => (
            <li class="notice">
              <time datetime={notice.at.toISOString()}>{notice.at.toLocaleTimeString()}</time> {notice.text}
            </li>
          )}
        </For>
      </ul>
    </section>
  );

  return { notify, view };
}
