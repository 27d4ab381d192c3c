/**
 * Scans a QR code with the camera where the browser has `BarcodeDetector` (Chromium on Android,
 * ChromeOS, macOS); elsewhere the panel offers to paste the payload instead.
 */
import { createSignal, onCleanup, Show } from 'solid-js';

interface DetectedBarcode {
  readonly rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<readonly DetectedBarcode[]>;
}
type BarcodeDetectorConstructor = new (options: { formats: string[] }) => BarcodeDetectorLike;

function barcodeDetector(): BarcodeDetectorConstructor | undefined {
  return (globalThis as { BarcodeDetector?: BarcodeDetectorConstructor }).BarcodeDetector;
}

/** True when this browser can read QR codes from the camera. */
export function canScanQr(): boolean {
  // Insecure origins have no `mediaDevices`, whatever the DOM types say.
  return barcodeDetector() !== undefined && 'mediaDevices' in navigator;
}

const SCAN_INTERVAL_MS = 250;

/** Opens the camera on demand and calls `onPayload` with the first QR code's text. */
export function QrScanner(props: { readonly onPayload: (text: string) => void }) {
  const [scanning, setScanning] = createSignal(false);
  const [error, setError] = createSignal<string>();
  let video: HTMLVideoElement | undefined;
  let stream: MediaStream | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;

  const stop = () => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
    for (const track of stream?.getTracks() ?? []) track.stop();
    stream = undefined;
    setScanning(false);
  };
  onCleanup(stop);

  const start = async () => {
    const Detector = barcodeDetector();
    if (Detector === undefined || video === undefined) return;
    setError(undefined);
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
    } catch {
      setError('The camera could not be opened: allow it for this site, or paste the code instead.');
      return;
    }
    setScanning(true);
    video.srcObject = stream;
    await video.play().catch(() => undefined);
    const detector = new Detector({ formats: ['qr_code'] });
    const source = video;
    timer = setInterval(() => {
      void detector.detect(source).then((codes) => {
        const text = codes[0]?.rawValue;
        if (text === undefined || !scanning()) return;
        stop();
        props.onPayload(text);
      });
    }, SCAN_INTERVAL_MS);
  };

  return (
    <div class="qr-scanner">
      <video ref={video} muted playsinline hidden={!scanning()} />
      <Show
        when={scanning()}
        fallback={
          <button type="button" class="quiet" onClick={() => void start()}>
            Scan their QR code
          </button>
        }
      >
        <button type="button" class="quiet" onClick={stop}>
          Stop scanning
        </button>
      </Show>
      <Show when={error()}>
        <p role="alert" class="error">
          {error()}
        </p>
      </Show>
    </div>
  );
}
