/**
 * The text form both transparency statements share (the log's tree head, a witness's
 * cosignature): a version line, then one `label=value` line per field in a fixed order, UTF-8,
 * joined by `\n`, no trailing newline. Each statement defines its labels and checks its values;
 * this only writes and splits the lines.
 */

/** The UTF-8 bytes of `version` and `labels[i] + values[i]`, one per line. */
export function encodeLabelledLines(version: string, labels: readonly string[], values: readonly string[]): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode([version, ...values.map((value, i) => `${labels[i] ?? ''}${value}`)].join('\n'));
}

/**
 * The values of `bytes` written by {@link encodeLabelledLines} with the same `version` and
 * `labels`. Throws a TypeError naming the first problem: longer than `maxBytes`, not UTF-8,
 * another version line, another number of lines, a line without its label. `what` names the
 * statement in messages.
 */
export function decodeLabelledLines(
  bytes: Uint8Array,
  what: string,
  version: string,
  labels: readonly string[],
  maxBytes: number,
): string[] {
  if (!(bytes instanceof Uint8Array) || bytes.byteLength > maxBytes) throw new TypeError(`a ${what} is at most ${maxBytes} bytes`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (cause) {
    throw new TypeError(`a ${what} is UTF-8`, { cause });
  }
  const [first, ...lines] = text.split('\n');
  if (first !== version) throw new TypeError(`a ${what} starts with "${version}"`);
  if (lines.length !== labels.length) throw new TypeError(`a ${what} has ${labels.length + 1} lines`);
  return lines.map((line, i) => {
    const label = labels[i] ?? '';
    if (!line.startsWith(label)) throw new TypeError(`line ${i + 2} of a ${what} starts with "${label}"`);
    return line.slice(label.length);
  });
}

/** Throws a TypeError unless `bytes` are exactly `canonical` (decoding then re-encoding gives the same bytes). */
export function assertCanonical(bytes: Uint8Array, canonical: Uint8Array, what: string): void {
  if (canonical.byteLength !== bytes.byteLength || canonical.some((byte, i) => byte !== bytes[i])) {
    throw new TypeError(`${what} is not in its canonical form`);
  }
}
