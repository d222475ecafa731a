// Durations in the panel: "35.7 ms", "412 ms", "1.50 s", "12.3 s". The unit and the number of decimals
// are chosen on the value as it will be shown once rounded, so 99.96 ms reads "100 ms", not "100.0 ms"
// (one character too wide for the Time column), and 999.7 ms reads "1.00 s".
export function formatDuration(ms: number): string {
  if (ms >= 9_995) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 999.5) return `${(ms / 1000).toFixed(2)} s`;
  return ms >= 99.95 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}
