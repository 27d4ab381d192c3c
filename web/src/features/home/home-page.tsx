import { A } from '@solidjs/router';
import { Match, Switch } from 'solid-js';
import { useSession } from '../identity/session';

function Step(props: { readonly href: string; readonly title: string; readonly children: string }) {
  return (
    <li class="step">
      <A href={props.href} class="step-link">
        <span class="step-title">{props.title}</span>
        <span class="step-text">{props.children}</span>
      </A>
    </li>
  );
}

/** `/`: what to do first — register or sign in; once signed in, record (drivers) and share. */
export default function HomePage() {
  const session = useSession();
  return (
    <>
      <section class="hero" aria-labelledby="home-heading">
        <h1 id="home-heading">Your dashcam, end to end encrypted</h1>
        <p class="lead">
          Video is encrypted and signed in your browser before it leaves it. Only the dispatchers you share with can watch, and you can
          revoke them at any time.
        </p>
      </section>
      <h2>What to do first</h2>
      <Switch>
        <Match when={session.identity()?.role === 'driver'}>
          <ol class="steps">
            <Step href="/record" title="Record">
              Start the camera and stream live, sealed frame by frame.
            </Step>
            <Step href="/sharing" title="Share">
              Choose dispatchers who may watch, and revoke them when you like.
            </Step>
            <Step href="/recordings" title="Your recordings">
              Play, download, export or delete what you recorded.
            </Step>
          </ol>
        </Match>
        <Match when={session.identity()}>
          <ol class="steps">
            <Step href="/account" title="Your account">
              Check your certificates, and give drivers your name so they can share with you.
            </Step>
          </ol>
        </Match>
        <Match when={!session.signedIn()}>
          <ol class="steps">
            <Step href="/register" title="1. Create an account">
              Your keys are made in this browser and saved in a file only you keep.
            </Step>
            <Step href="/login" title="2. Sign in">
              With your key bundle, its password and a code from your authenticator app.
            </Step>
          </ol>
        </Match>
      </Switch>
    </>
  );
}
