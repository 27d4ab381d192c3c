/**
 * The time stamp `npm run bench:browser` draws into every camera picture and reads back from
 * every decoded one.
 *
 * [Note: a clock drawn in the picture]
 * The driver's camera is a canvas that draws `Date.now()` (mod 2³², ms) as 32 black or white
 * blocks plus an 8-bit checksum, 32 px squares across two rows near the top of a 640 × 480
 * picture, over a moving background. Blocks that size survive VP8 at 0.5–2.5 Mbit/s; the
 * checksum rejects a picture the encoder smeared (counted as a misread, not a sample). Both pages
 * run on one machine, so `Date.now()` at the viewer minus the stamp is the glass-to-glass latency:
 * from the moment the picture was drawn to the moment the viewer's canvas shows it.
 */

/** Where the stamp sits in the picture; passed to the init script as data (it cannot import). */
export interface StampLayout {
  readonly width: number;
  readonly height: number;
  readonly framerate: number;
  /** Block side, px. */
  readonly block: number;
  /** Top of the first row, px. */
  readonly top: number;
  readonly blocksPerRow: number;
}

export const STAMP_LAYOUT: StampLayout = { width: 640, height: 480, framerate: 30, block: 32, top: 32, blocksPerRow: 20 };

/** 32 value bits then 8 checksum bits. */
const STAMP_BITS = 40;

/** The 8-bit checksum of a 32-bit stamp (bytes summed, then flipped so all-black or all-white fails). */
export function stampChecksum(value: number): number {
  return (((value & 0xff) + ((value >>> 8) & 0xff) + ((value >>> 16) & 0xff) + (value >>> 24)) & 0xff) ^ 0x5a;
}

/**
 * Reads the stamp from a canvas showing a decoded picture; null when the checksum fails.
 * The picture fills the canvas at its coded size (as `CanvasVideoPlayer` draws it).
 */
export function readStamp(context: CanvasRenderingContext2D, layout: StampLayout = STAMP_LAYOUT): number | null {
  const rows = Math.ceil(STAMP_BITS / layout.blocksPerRow);
  const image = context.getImageData(0, layout.top, layout.blocksPerRow * layout.block, rows * layout.block);
  const bits: number[] = [];
  const half = layout.block / 2;
  for (let i = 0; i < STAMP_BITS; i++) {
    const cx = (i % layout.blocksPerRow) * layout.block + half;
    const cy = Math.floor(i / layout.blocksPerRow) * layout.block + half;
    let sum = 0;
    let count = 0;
    for (let y = cy - 4; y < cy + 4; y++) {
      for (let x = cx - 4; x < cx + 4; x++) {
        const at = (y * image.width + x) * 4;
        sum += (image.data[at] ?? 0) + (image.data[at + 1] ?? 0) + (image.data[at + 2] ?? 0);
        count += 3;
      }
    }
    bits.push(sum / count < 128 ? 1 : 0);
  }
  let value = 0;
  for (let i = 0; i < 32; i++) value = (value | ((bits[i] ?? 0) << i)) >>> 0;
  let check = 0;
  for (let i = 0; i < 8; i++) check |= (bits[32 + i] ?? 0) << i;
  return check === stampChecksum(value) ? value : null;
}

/** ms from `stamp` to now, or null when it is not a plausible recent stamp. */
export function latencySince(stamp: number, nowMs: number = Date.now()): number | null {
  const age = ((nowMs >>> 0) - stamp) >>> 0;
  return age < 60_000 ? age : null;
}

/**
 * The init script of every bench page (`page.addInitScript(installCanvasCamera, STAMP_LAYOUT)`):
 * defines `window.seccamBenchCamera()`, a canvas camera drawing the stamp ([Note: a clock drawn in
 * the picture]), and makes `getUserMedia` answer with its video track (plus the real — here
 * Chromium's fake — microphone when audio is asked for), so the record page records it as it
 * would a camera. Self-contained: Playwright sends its source text to the page.
 */
export function installCanvasCamera(layout: StampLayout): void {
  const checksum = (value: number): number =>
    (((value & 0xff) + ((value >>> 8) & 0xff) + ((value >>> 16) & 0xff) + (value >>> 24)) & 0xff) ^ 0x5a;
  const makeCamera = (): MediaStream => {
    const canvas = document.createElement('canvas');
    canvas.width = layout.width;
    canvas.height = layout.height;
    const context = canvas.getContext('2d');
    if (context === null) throw new Error('no 2d canvas');
    const draw = (): void => {
      const now = Date.now();
      const t = now / 1000;
      context.fillStyle = `hsl(${Math.round((t * 40) % 360)} 45% 45%)`;
      context.fillRect(0, 0, layout.width, layout.height);
      context.fillStyle = '#e8e8e8';
      context.fillRect(Math.round((t * 160) % layout.width), 220, 96, 96);
      context.font = '40px monospace';
      context.fillText(new Date(now).toISOString().slice(11, 23), 24, 420);
      const value = now >>> 0;
      const check = checksum(value);
      for (let i = 0; i < 40; i++) {
        const bit = i < 32 ? (value >>> i) & 1 : (check >>> (i - 32)) & 1;
        context.fillStyle = bit === 1 ? '#000' : '#fff';
        const x = (i % layout.blocksPerRow) * layout.block;
        const y = layout.top + Math.floor(i / layout.blocksPerRow) * layout.block;
        context.fillRect(x, y, layout.block, layout.block);
      }
    };
    const loop = (): void => {
      draw();
      requestAnimationFrame(loop);
    };
    loop();
    return canvas.captureStream(layout.framerate);
  };
  const bench = window as unknown as { seccamBenchCamera?: () => MediaStream };
  bench.seccamBenchCamera = makeCamera;
  const devices = (navigator as Partial<Navigator>).mediaDevices;
  if (devices === undefined) return;
  const real = devices.getUserMedia.bind(devices);
  devices.getUserMedia = async (constraints?: MediaStreamConstraints): Promise<MediaStream> => {
    const video = makeCamera().getVideoTracks();
    const audio = constraints?.audio ? (await real({ audio: constraints.audio })).getAudioTracks() : [];
    return new MediaStream([...video, ...audio]);
  };
}
