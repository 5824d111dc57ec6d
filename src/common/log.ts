/** Structured logging passed in as a dependency; the default is silent. */
export type LogFields = Record<string, unknown>;

export interface Log {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof LEVELS;

export const silentLog: Log = { debug() {}, info() {}, warn() {}, error() {} };

/** One line per record: `level message key=value ...`, written to `write` (stderr by default). */
export function lineLog(
  minLevel: LogLevel = 'info',
  write: (line: string) => void = (l) => process.stderr.write(l + '\n'),
): Log {
  const emit =
    (level: LogLevel) =>
    (message: string, fields: LogFields = {}): void => {
      if (LEVELS[level] < LEVELS[minLevel]) return;
      const rest = Object.entries(fields)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(' ');
      write(`${level.padEnd(5)} ${message}${rest ? ' ' + rest : ''}`);
    };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
