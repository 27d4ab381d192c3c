/**
 * A status line on stderr: redrawn in place on a terminal, printed every few seconds otherwise
 * (logs of an unattended dashcam). Messages are printed above it.
 */
export class ProgressLine {
  readonly #stream: NodeJS.WritableStream & { isTTY?: boolean };
  #timer: NodeJS.Timeout | undefined;
  #render: (() => string) | undefined;
  #ticks = 0;

  constructor(
    stream: NodeJS.WritableStream = process.stderr,
    readonly intervalMs = 500,
  ) {
    this.#stream = stream;
  }

  start(render: () => string): void {
    this.#render = render;
    this.#timer = setInterval(() => {
      this.#tick();
    }, this.intervalMs);
    this.#timer.unref();
  }

  /** Prints a message line (above the status line on a terminal). */
  log(line: string): void {
    if (this.#stream.isTTY === true) this.#stream.write('\r\x1b[K');
    this.#stream.write(`${line}\n`);
    this.#draw();
  }

  /** Prints the final status and stops. */
  stop(): void {
    clearInterval(this.#timer);
    if (this.#render) this.log(this.#render());
    this.#render = undefined;
  }

  #tick(): void {
    this.#ticks += 1;
    if (this.#stream.isTTY === true) this.#draw();
    else if (this.#ticks % 10 === 0 && this.#render) this.#stream.write(`${this.#render()}\n`);
  }

  #draw(): void {
    if (this.#stream.isTTY === true && this.#render) this.#stream.write(`\r\x1b[K${this.#render()}`);
  }
}
