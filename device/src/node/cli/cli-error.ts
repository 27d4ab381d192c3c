import { isPkiError } from '@seccam/pki';
import { EvidenceError } from '../../evidence/evidence-error.ts';
import { GraphQLRequestError } from '../../client/request-errors.ts';
import { MediaFileError } from '../../media/media-file-error.ts';
import { StreamingError } from '../../streaming/streaming-error.ts';
import { isContactError } from '../../contacts/contact-error.ts';

/** A failure the CLI reports as one line (exit code 1), a usage mistake (exit code 2), or evidence that is valid but INCOMPLETE (exit code 3: no signed END). */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: 1 | 2 | 3 = 1,
  ) {
    super(message);
  }
}

export const usageError = (message: string): CliError => new CliError(message, 2);

const GRAPHQL_HINTS: Readonly<Record<string, string>> = {
  UNAUTHENTICATED: 'run `login` first (the session lasts 15 minutes without activity)',
  FORBIDDEN: 'this account may not do that',
  NOT_FOUND: 'check the id',
  RATE_LIMITED: 'wait a moment and try again',
};

const NETWORK_HINTS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'nothing listens there: check --server',
  ENOTFOUND: 'unknown host: check --server',
  ETIMEDOUT: 'the server did not answer: check the network',
  ECONNRESET: 'the connection was reset: try again',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server certificate is not signed by the trusted CA: check --ca',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server certificate is not signed by the trusted CA: check --ca',
  SELF_SIGNED_CERT_IN_CHAIN: 'the server certificate is not signed by the trusted CA: check --ca',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the server certificate is for another host name: check --server',
  ENOENT: 'no such file',
  EACCES: 'permission denied',
};

/** One line for an error: what went wrong and, where known, what to do next. */
export function describeError(error: unknown): string {
  if (error instanceof CliError || error instanceof StreamingError || error instanceof MediaFileError || error instanceof EvidenceError)
    return error.message;
  if (error instanceof GraphQLRequestError) {
    const hint = error.code === undefined ? undefined : GRAPHQL_HINTS[error.code];
    return `the server refused: ${error.message}${error.code ? ` [${error.code}]` : ''}${hint ? `: ${hint}` : ''}`;
  }
  if (isContactError(error)) {
    const change = error.change;
    if (change === undefined) return error.message;
    const u = change.username;
    return (
      `${error.message}. Nothing was shared. Run \`contacts code ${u}\` and compare with ${u}, then \`contacts verify ${u} <their code>\`; ` +
      `or, to trust the new certificate without comparing, \`contacts accept ${u} ${change.currentFingerprintHex}\``
    );
  }
  if (isPkiError(error, 'BUNDLE_DECRYPT_FAILED')) return 'cannot open the bundle: wrong password (or not this user’s bundle)';
  if (isPkiError(error)) return `${error.code}: ${error.message}`;
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    const hint = code === undefined ? undefined : NETWORK_HINTS[code];
    return hint ? `${error.message}: ${hint}` : error.message;
  }
  return String(error);
}
