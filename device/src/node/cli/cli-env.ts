import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The environment the device CLI reads, parsed once at start-up (nothing else reads
 * `process.env`). Flags override these.
 */
export interface CliEnv {
  /** `SECCAM_BUNDLE_PASSWORD`: the bundle password, for unattended devices. */
  readonly bundlePassword: string | undefined;
  /** `SECCAM_SERVER`: the API base URL. */
  readonly server: string | undefined;
  /** `SECCAM_BUNDLE`: path of the `.sec.json` bundle. */
  readonly bundle: string | undefined;
  /** `SECCAM_STATE`: path of the session state file (default `~/.seccam/device-session.json`). */
  readonly stateFile: string;
}

export function readCliEnv(env: NodeJS.ProcessEnv = process.env): CliEnv {
  const nonEmpty = (value: string | undefined): string | undefined => (value === undefined || value === '' ? undefined : value);
  return Object.freeze({
    bundlePassword: nonEmpty(env.SECCAM_BUNDLE_PASSWORD),
    server: nonEmpty(env.SECCAM_SERVER),
    bundle: nonEmpty(env.SECCAM_BUNDLE),
    stateFile: nonEmpty(env.SECCAM_STATE) ?? join(homedir(), '.seccam', 'device-session.json'),
  });
}
