import uPlot from '/ui/vendor/uPlot.esm.js';
import { h, versionColor } from './dom.js';

const hhmm = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const hhmmss = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** One-line time labels: seconds only when ticks are closer than a minute. */
function timeLabels(u, splits, axisIdx, space, incr) {
  const format = incr < 60 ? hhmmss : hhmm;
  return splits.map((s) => format.format(new Date(s * 1000)));
}

/**
 * A time-series chart (uPlot) that follows its container's width and takes new data in place,
 * so live updates do not rebuild it. `series`: `{label, color, stepped?, points?, spanGaps?}`.
 */
export class Chart {
  constructor(container, { title, series, yRange, valueFormat, counts = false }) {
    this.el = h('div', { class: 'chart' });
    container.append(this.el);
    const stepped = uPlot.paths.stepped({ align: 1 });
    const opts = {
      title,
      width: Math.max(200, this.el.clientWidth || container.clientWidth || 320),
      height: 180,
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: true },
        y: { range: yRange ?? ((u, min, max) => [0, Math.max(1, (max ?? 0) * 1.15)]) },
      },
      axes: [
        {
          stroke: '#6b7280',
          grid: { stroke: '#eef0f3' },
          ticks: { stroke: '#e5e7eb' },
          values: timeLabels,
          // Room for the widest label, "09:31:45 AM" in a 12-hour locale: at 70 px they ran together.
          space: 95,
        },
        {
          stroke: '#6b7280',
          grid: { stroke: '#eef0f3' },
          ticks: { stroke: '#e5e7eb' },
          size: 48,
          // Counts are whole numbers: no 0.5 ticks.
          ...(counts ? { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 100000] } : {}),
          ...(valueFormat ? { values: (u, vals) => vals.map(valueFormat) } : {}),
        },
      ],
      series: [
        { value: (u, v) => (v === null || v === undefined ? '–' : hhmmss.format(new Date(v * 1000))) },
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          value: (u, v) =>
            v === null || v === undefined
              ? '–'
              : valueFormat
                ? valueFormat(v)
                : String(Math.round(v * 100) / 100),
          width: 2,
          spanGaps: s.spanGaps ?? false,
          points: { show: s.points ?? false, size: 5, fill: s.color },
          ...(s.stepped ? { paths: stepped } : {}),
        })),
      ],
    };
    this.plot = new uPlot(opts, [[], ...series.map(() => [])], this.el);
    this.resize = new ResizeObserver(() => {
      const width = Math.max(200, this.el.clientWidth);
      if (width !== this.plot.width) this.plot.setSize({ width, height: 180 });
    });
    this.resize.observe(this.el);
  }

  update(data) {
    this.plot.setData(data);
  }

  destroy() {
    this.resize.disconnect();
    this.plot.destroy();
    this.el.remove();
  }
}

/** How many periods the observed share is summed over: about a twentieth of the chart. */
function rollingSpan(points) {
  return Math.max(1, Math.round(points / 24));
}

/** The target version's weight at each time `x` (s), from its configured changes `{at (ms), weight}`. */
function weightAt(weights, x) {
  let w = 0;
  for (const p of weights) if (p.at / 1000 <= x) w = p.weight;
  return w;
}

/**
 * The four charts of a deployment: traffic to the new version (configured and observed), and
 * invocations, errors and p99 duration per version.
 */
export class DeploymentCharts {
  constructor(container) {
    this.container = container;
    this.versions = undefined;
  }

  build(current, target) {
    for (const chart of this.charts ?? []) chart.destroy();
    const pair = (extra = {}) => [
      { label: `v${current}`, color: versionColor(current), ...extra },
      { label: `v${target}`, color: versionColor(target), ...extra },
    ];
    this.weights = new Chart(this.container, {
      title: `Traffic on v${target} (%)`,
      yRange: [0, 100],
      series: [
        { label: 'configured', color: '#111827', stepped: true },
        { label: 'observed', color: versionColor(target), points: true, spanGaps: true },
      ],
      valueFormat: (v) => `${Math.round(v * 10) / 10}%`,
    });
    this.invocations = new Chart(this.container, { title: 'Invocations', series: pair(), counts: true });
    this.errors = new Chart(this.container, { title: 'Errors', series: pair(), counts: true });
    this.p99 = new Chart(this.container, {
      title: 'p99 duration (ms)',
      series: pair({ points: true }),
      valueFormat: (v) => `${Math.round(v * 10) / 10}`,
    });
    this.charts = [this.weights, this.invocations, this.errors, this.p99];
    this.versions = `${current}/${target}`;
  }

  update(series) {
    if (!series.current || !series.target) return;
    const cur = series.current.series;
    const tgt = series.target.series;
    if (this.versions !== `${series.current.version}/${series.target.version}`)
      this.build(series.current.version, series.target.version);
    this.invocations.update([cur.timestamps, cur.invocations, tgt.invocations]);
    this.errors.update([cur.timestamps, cur.errors, tgt.errors]);
    this.p99.update([cur.timestamps, cur.p99, tgt.p99]);

    // Configured weight changes fall between buckets: draw them on the union of both time sets.
    const inWindow = (x) => x >= series.window.from && x <= series.window.to;
    const end = Math.min(series.now / 1000, series.window.to);
    const xs = [
      ...new Set([
        ...cur.timestamps,
        ...series.weights.map((w) => w.at / 1000).filter(inWindow),
        ...(inWindow(end) ? [end] : []),
      ]),
    ].sort((a, b) => a - b);
    // The share over a few periods: one period of thin traffic alone swings between 0 and 100%.
    const span = rollingSpan(cur.timestamps.length);
    this.rollingSeconds = span * series.window.period;
    const observed = new Map(
      cur.timestamps.map((t, i) => {
        let total = 0;
        let target = 0;
        for (let k = Math.max(0, i - span + 1); k <= i; k++) {
          total += cur.invocations[k] + tgt.invocations[k];
          target += tgt.invocations[k];
        }
        return [t, total > 0 ? (100 * target) / total : null];
      }),
    );
    this.weights.update([
      xs,
      xs.map((x) => weightAt(series.weights, x)),
      xs.map((x) => observed.get(x) ?? null),
    ]);
  }
}
