/**
 * Where sign-in returns to ([Note: signed-in routes after a reload] in layout.tsx). The path
 * comes from the URL, so it is hostile: only a path of this site is accepted, never `//host`,
 * `/\host` or an absolute URL, which would make the sign-in page an open redirect.
 */

/** `next` if it is a path of this site (`/…`), else `/`. */
export function safeReturnPath(next: string | null | undefined): string {
  if (next == null || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return '/';
  try {
    // A path that resolves to another origin (control characters, odd encodings) is refused too.
    const base = 'https://app.invalid';
    return new URL(next, base).origin === base ? next : '/';
  } catch {
    return '/';
  }
}

/** The sign-in path that comes back to `path` afterwards. */
export function signInPathFor(path: string): string {
  return `/login?next=${encodeURIComponent(path)}`;
}
