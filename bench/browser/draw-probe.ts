/**
 * The init script of the wall's page in `npm run bench:browser`
 * (`context.addInitScript(installDrawProbe)`): it wraps `CanvasRenderingContext2D.drawImage`
 * and notes, for every decoded video picture drawn on a canvas inside a wall tile
 * (`[data-stream-id]`), the tile's stream, the picture's timestamp and the page's clock at that
 * moment. The app is not changed for it: the probe sees what the dispatcher sees.
 * Self-contained: Playwright sends its source text to the page.
 */
export function installDrawProbe(): void {
  const samples: [streamId: string, timestampUs: number, drawnAtMs: number][] = [];
  const proto = CanvasRenderingContext2D.prototype;
  // Called below with the context it was taken from (`Reflect.apply(…, this, …)`).
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const drawImage = proto.drawImage;
  proto.drawImage = function (this: CanvasRenderingContext2D, ...args: unknown[]): void {
    Reflect.apply(drawImage, this, args);
    const image = args[0];
    if (typeof VideoFrame === 'undefined' || !(image instanceof VideoFrame)) return;
    const id = this.canvas.closest('[data-stream-id]')?.getAttribute('data-stream-id');
    if (id !== null && id !== undefined) samples.push([id, image.timestamp, Date.now()]);
  };
  (window as unknown as { seccamDrawProbe: DrawProbe }).seccamDrawProbe = { drain: () => samples.splice(0) };
}

export interface DrawProbe {
  /** The pictures drawn since the last call. */
  drain(): [streamId: string, timestampUs: number, drawnAtMs: number][];
}
