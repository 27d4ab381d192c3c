/**
 * Which precompressed copy of a static file to send, from the request's Accept-Encoding
 * (RFC 9110 §12.5.3): codings with their q-values, `q=0` meaning "not acceptable", `*` for any
 * coding not named. The header is client input: anything unparsable counts as not offered.
 */

/** The codings the static handler has copies for, in order of preference (smaller first). */
export type StaticCoding = 'br' | 'gzip';
const PREFERENCE: readonly StaticCoding[] = ['br', 'gzip'];

/** The q-value of each coding named in `header` (lower-case names); malformed entries are ignored. */
export function parseAcceptEncoding(header: string | undefined): ReadonlyMap<string, number> {
  const weights = new Map<string, number>();
  if (header === undefined || header.length > 1024) return weights;
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (name === undefined || !/^[a-z0-9*!#$%&'+.^_`|~-]+$/.test(name)) continue;
    let q = 1;
    for (const param of params) {
      const match = /^\s*q\s*=\s*(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)\s*$/.exec(param);
      if (match?.[1] !== undefined) q = Number(match[1]);
      else if (/^\s*q\s*=/.test(param)) q = 0;
    }
    weights.set(name, q);
  }
  return weights;
}

/** The best coding we have that the client accepts (highest q, then our preference), or undefined for identity. */
export function chooseStaticCoding(header: string | undefined, available: readonly StaticCoding[]): StaticCoding | undefined {
  const weights = parseAcceptEncoding(header);
  let best: StaticCoding | undefined;
  let bestQ = 0;
  for (const coding of PREFERENCE) {
    if (!available.includes(coding)) continue;
    const q = weights.get(coding) ?? (coding === 'gzip' ? weights.get('x-gzip') : undefined) ?? weights.get('*') ?? 0;
    if (q > bestQ) {
      best = coding;
      bestQ = q;
    }
  }
  return best;
}
