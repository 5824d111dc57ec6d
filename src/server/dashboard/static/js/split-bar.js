import { h, versionColor } from './dom.js';
import { counted, percent } from './format.js';

/**
 * A traffic split as one bar: a segment per version, as wide as its share. `parts` are
 * `{version, percent, detail?}`; an empty or all-zero split draws an empty bar with `emptyText`.
 */
export function splitBar(label, parts, emptyText) {
  const shown = parts.filter((p) => p.percent > 0);
  const bar = h(
    'div',
    { class: 'split', role: 'img', 'aria-label': `${label}: ${describe(parts) || emptyText}` },
    shown.length === 0
      ? h('span', { class: 'split-empty' }, emptyText)
      : shown.map((p) =>
          h(
            'span',
            {
              class: 'split-part',
              style: { flexGrow: String(p.percent), background: versionColor(p.version) },
              title: `version ${p.version}: ${percent(p.percent)}${p.detail ? ` (${p.detail})` : ''}`,
              dataset: { version: p.version, percent: String(p.percent) },
            },
            h('span', { class: 'split-text' }, `v${p.version} ${percent(p.percent)}`),
          ),
        ),
  );
  return h('div', { class: 'split-row' }, h('span', { class: 'split-label' }, label), bar);
}

function describe(parts) {
  return parts
    .filter((p) => p.percent > 0)
    .map((p) => `version ${p.version} ${percent(p.percent)}`)
    .join(', ');
}

/** The observed split's legend: invocations and errors per version. */
export function observedLegend(observed, over) {
  if (!observed.some((o) => o.invocations > 0)) return null;
  return h(
    'p',
    { class: 'legend muted' },
    observed.map((o, i) => [
      i > 0 ? ' · ' : '',
      h('span', { class: 'swatch', style: { background: versionColor(o.version) } }),
      `v${o.version}: ${counted(o.invocations, 'invocation')}`,
      o.errors > 0 ? h('span', { class: 'bad' }, `, ${counted(o.errors, 'error')}`) : '',
    ]),
    ` (${over})`,
  );
}
