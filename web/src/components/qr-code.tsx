/**
 * A QR code as inline SVG built from DOM nodes (Solid's JSX), so the strict CSP needs no
 * `unsafe-inline`, no data: URL and no canvas. Dark modules on a white square with the 4-module
 * quiet zone ISO/IEC 18004 asks for, in both colour schemes, so phone cameras read it.
 */
import { encode } from 'uqr';
import { createMemo } from 'solid-js';

export interface QrCodeProps {
  /** The text to encode, e.g. an `otpauth://` URI. */
  readonly value: string;
  /** What the code holds, for people who cannot see it. */
  readonly label: string;
}

const QUIET_ZONE = 4;

/** One SVG path of unit squares for the dark modules (`M x y h1 v1 h-1 z` per module). */
function modulePath(data: readonly (readonly boolean[])[]): string {
  const parts: string[] = [];
  data.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) parts.push(`M${x + QUIET_ZONE} ${y + QUIET_ZONE}h1v1h-1z`);
    });
  });
  return parts.join('');
}

export function QrCode(props: QrCodeProps) {
  const qr = createMemo(() => encode(props.value, { ecc: 'M', border: 0 }));
  const side = () => qr().size + 2 * QUIET_ZONE;
  return (
    <svg class="qr-code" role="img" aria-label={props.label} viewBox={`0 0 ${side()} ${side()}`} shape-rendering="crispEdges">
      <rect width={side()} height={side()} fill="#ffffff" />
      <path d={modulePath(qr().data)} fill="#000000" />
    </svg>
  );
}
