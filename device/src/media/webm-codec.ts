import type { AudioCodec, VideoCodec } from 'mediabunny';

// [Note: codec names]
// The media payload carries WebCodecs codec strings ("vp8", "vp09.00.10.08", "av01.0.04M.08",
// "opus"), because that is what a viewer hands to VideoDecoder/AudioDecoder. mediabunny names
// codec families instead ('vp9', 'av1'). WebM holds VP8, VP9, AV1, Opus and Vorbis only, so the
// mapping is small and refuses everything else (H.264 needs MP4 or MKV).
// Codec registry: https://www.w3.org/TR/webcodecs-codec-registry/

/** The mediabunny video codec for a WebCodecs codec string, or null when WebM cannot hold it. */
export function webmVideoCodecOf(codec: string): VideoCodec | null {
  if (codec === 'vp8') return 'vp8';
  if (codec.startsWith('vp09.')) return 'vp9';
  if (codec.startsWith('av01.')) return 'av1';
  return null;
}

/** The mediabunny audio codec for a WebCodecs codec string, or null when WebM cannot hold it. */
export function webmAudioCodecOf(codec: string): AudioCodec | null {
  if (codec === 'opus') return 'opus';
  if (codec === 'vorbis') return 'vorbis';
  return null;
}
