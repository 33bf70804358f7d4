// Local dates and times as the UI writes them: fixed YYYY-MM-DD and HH:MM:SS, whatever the
// browser's locale, so a wall of tiles lines up and a screenshot reads the same everywhere.
const two = (n: number) => String(n).padStart(2, '0');

/** The local calendar day of `ms` (ms since the epoch), `2026-12-02`. */
export function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

/** The local time of day of `ms`, `03:41:07`. */
export function localTime(ms: number): string {
  const d = new Date(ms);
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}
