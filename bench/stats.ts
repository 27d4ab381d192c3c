/** Percentiles of one measurement, as the benchmarks report them. */
export interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

/** Nearest-rank percentiles and the mean of `samples`, rounded to `decimals` places. */
export function stats(samples: readonly number[], decimals = 2): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  const scale = 10 ** decimals;
  const round = (x: number): number => Math.round(x * scale) / scale;
  return {
    n: s.length,
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    mean: round(s.reduce((a, b) => a + b, 0) / s.length),
  };
}
