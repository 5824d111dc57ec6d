/** Formatting of times (ms since the epoch, as the server's platform clock counts), durations, numbers. */

const timeOnly = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const dateTime = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export function time(ms) {
  return ms === undefined || ms === null ? '–' : timeOnly.format(new Date(ms));
}

export function when(ms) {
  return ms === undefined || ms === null ? '–' : dateTime.format(new Date(ms));
}

export function duration(ms) {
  if (ms === undefined || ms === null || !Number.isFinite(ms)) return '–';
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  const rest = s % 60;
  if (m < 60) return rest ? `${m} min ${rest} s` : `${m} min`;
  const hours = Math.floor(m / 60);
  return m % 60 ? `${hours} h ${m % 60} min` : `${hours} h`;
}

export function percent(n) {
  if (n === undefined || n === null) return '–';
  return `${Math.round(n * 100) / 100}%`;
}

export function count(n) {
  return new Intl.NumberFormat().format(n);
}

/** A count with its noun, singular for one: "1 invocation", "3 invocations". */
export function counted(n, noun) {
  return `${count(n)} ${noun}${n === 1 ? '' : 's'}`;
}

export function bytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
