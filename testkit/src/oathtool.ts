/** TOTP codes from the independent `oathtool` binary (RFC 6238 cross-check). */
import { execFileSync } from 'node:child_process';

/** The code for the time step containing `atMs` (default now). */
export function oathtoolCode(base32Secret: string, atMs = Date.now()): string {
  const at = `@${Math.floor(atMs / 1000)}`;
  return execFileSync('oathtool', ['--totp', '-b', '-N', at, base32Secret], { encoding: 'utf8' }).trim();
}

/** The current and the next step's codes: confirm with one, log in with the other. */
export function twoCodes(base32Secret: string): [string, string] {
  const now = Date.now();
  return [oathtoolCode(base32Secret, now), oathtoolCode(base32Secret, now + 30_000)];
}
