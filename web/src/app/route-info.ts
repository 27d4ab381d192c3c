/**
 * What the layout knows about each route: its page title, who may open it, and its place in
 * the navigation. Each entry of the route table (routes.tsx) carries one as `info`.
 */
import type { RouteDefinition } from '@solidjs/router';

// A type alias, not an interface: the router's `info` is an index-signature record.
export type RouteInfo = {
  /** The page title (document.title becomes `<title> · SecCam`). */
  readonly title: string;
  /** Only for a signed-in user with the bundle's keys open; others are sent to sign in first, then back. */
  readonly signedIn?: boolean;
  /** Only for visitors who are not signed in (register, sign in): hidden from the navigation once signed in. */
  readonly signedOut?: boolean;
  /** The label of the route's link in the main navigation; routes without one are not listed. */
  readonly nav?: string;
};

/** A route of the table: `info` is required, so every page has a title. */
export type AppRoute = Omit<RouteDefinition<string>, 'path' | 'info' | 'children'> & { readonly path: string; readonly info: RouteInfo };

/** The route's info, or a neutral one for a match without info. */
export function routeInfoOf(info: Record<string, unknown> | undefined): RouteInfo {
  return info !== undefined && typeof info.title === 'string' ? (info as RouteInfo) : { title: 'SecCam' };
}
