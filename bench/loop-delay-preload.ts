/**
 * Preloaded into the profiled server (`--import`): samples its event loop's delay and prints the
 * histogram when the process exits, so blocking on the request path shows as a number.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

const histogram = monitorEventLoopDelay({ resolution: 1 });
histogram.enable();
process.once('exit', () => {
  const ms = (ns: number): string => (ns / 1e6).toFixed(2);
  process.stderr.write(
    `event loop delay: p50 ${ms(histogram.percentile(50))} ms, p99 ${ms(histogram.percentile(99))} ms, ` +
      `max ${ms(histogram.max)} ms over ${histogram.count} samples\n`,
  );
});
