/**
 * The route table: one route per line, each page loaded lazily (its own chunk), so the sign-in
 * page does not download the recorder. `info` gives the page title, who may open it and its
 * navigation label (see RouteInfo); the navigation lists labelled routes in table order. Add a
 * page with a one-line edit; keep the catch-all last.
 */
import { lazy } from 'solid-js';
import type { AppRoute } from './route-info';

// One route per line, so each page is a one-line edit (prettier would wrap them).
// prettier-ignore
export const routes: readonly AppRoute[] = [
  { path: '/', component: lazy(() => import('../features/home/home-page')), info: { title: 'Home' } },
  { path: '/register', component: lazy(() => import('../features/identity/register-page')), info: { title: 'Create an account', signedOut: true, nav: 'Register' } },
  { path: '/login', component: lazy(() => import('../features/identity/sign-in-page')), info: { title: 'Sign in', signedOut: true, nav: 'Sign in' } },
  { path: '/passport', component: lazy(() => import('../features/identity/passport-page')), info: { title: 'Change your bundle password' } },
  { path: '/record', component: lazy(() => import('../features/record/record-page')), info: { title: 'Record', signedIn: true, nav: 'Record' } },
  { path: '/sharing', component: lazy(() => import('../features/sharing/sharing-page')), info: { title: 'Share', signedIn: true, nav: 'Share' } },
  { path: '/recordings', component: lazy(() => import('../features/recordings/recordings-page')), info: { title: 'Your recordings', signedIn: true, nav: 'Recordings' } },
  { path: '/recordings/:id', component: lazy(() => import('../features/recordings/recordings-page')), info: { title: 'Recording', signedIn: true } },
  { path: '/shared', component: lazy(() => import('../features/playback/shared-page')), info: { title: 'Shared with you', signedIn: true, nav: 'Shared' } },
  { path: '/shared/:id', component: lazy(() => import('../features/playback/shared-page')), info: { title: 'Shared recording', signedIn: true } },
  { path: '/wall', component: lazy(() => import('../features/wall/wall-page')), info: { title: 'Live wall', signedIn: true, nav: 'Live wall' } },
  { path: '/account', component: lazy(() => import('../features/identity/account-page')), info: { title: 'Your account', signedIn: true, nav: 'Account' } },
  { path: '/verify', component: lazy(() => import('../features/verifier/verifier-page')), info: { title: 'Verify evidence', nav: 'Verify' } },
  { path: '/status', component: lazy(() => import('../features/platform/status-page')), info: { title: 'Platform status' } },
  { path: '*404', component: lazy(() => import('./not-found-page')), info: { title: 'Page not found' } },
];
