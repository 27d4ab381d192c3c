/**
 * The shape every codec's error shares: a stable machine-readable `code` (tests and adapters
 * branch on it, never on text) and a message that starts with the code. Each codec declares its
 * own subclass and code union (`FrameError`, `MediaPayloadError`, `MediaFileError`, `EvidenceError`).
 */
export abstract class CodedError<Code extends string> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string, options?: ErrorOptions) {
    super(`${code}: ${message}`, options);
    this.code = code;
  }
}
