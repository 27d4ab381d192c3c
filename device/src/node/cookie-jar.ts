/**
 * The cookie jar of a Node client: cookie name → value. Only `https` is spoken, so `Secure`
 * cookies are kept; a cookie set empty or with `Max-Age=0` is removed.
 */
export type CookieJar = Map<string, string>;

/** The `Cookie` request header for the jar, or undefined when it is empty. */
export function cookieHeaderOf(jar: CookieJar): string | undefined {
  if (jar.size === 0) return undefined;
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

/** Applies `Set-Cookie` response lines to the jar. */
export function storeSetCookies(jar: CookieJar, setCookie: readonly string[] | undefined): void {
  for (const line of setCookie ?? []) {
    const [pair, ...attrs] = line.split(';');
    const eq = pair?.indexOf('=') ?? -1;
    if (!pair || eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const maxAge = attrs.map((a) => a.trim().toLowerCase()).find((a) => a.startsWith('max-age='));
    if (value === '' || maxAge === 'max-age=0') jar.delete(name);
    else jar.set(name, value);
  }
}
