/**
 * Vitest global setup: stop at once, naming the install command, when a system tool the suite
 * drives is missing (`npm test` already installed what it could before vitest started).
 */
import { ensurePrerequisites } from './prerequisites.ts';

export default function setup(): void {
  if (!ensurePrerequisites({ installIfMissing: false })) {
    throw new Error('System tools are missing (see the command above); no test was run.');
  }
}
