import { h } from './dom.js';
import { time } from './format.js';
import { table } from './parts.js';

/**
 * The judge on the deployment page: each check's latest verdict and evidence, and each check's
 * verdict over time (one column per decision-log entry that carries a judgement).
 */

function figure(value, unit) {
  if (value === null || value === undefined) return '–';
  if (unit === 'rate') return `${(value * 100).toFixed(value < 0.01 ? 2 : 1)}%`;
  if (unit === 'ms') return `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
  return String(Number(value.toPrecision(3)));
}

function bounds(f, unit) {
  return `${figure(f.estimate, unit)} [${figure(f.lower, unit)}, ${f.upper === null ? '∞' : figure(f.upper, unit)}]`;
}

function pValue(p) {
  if (p === null) return '';
  return p < 0.001 ? '< 0.001' : p.toFixed(p < 0.01 ? 3 : 2);
}

export function verdictBadge(verdict) {
  return h('span', { class: `badge verdict-${verdict}` }, verdict === 'not-yet' ? 'not yet' : verdict);
}

function latest(judgement) {
  return table(
    ['Check', 'Verdict', 'New', 'Current', 'New / current', 'p (worse)', 'p (no worse)'],
    judgement.result.checks.map((c) =>
      h(
        'tr',
        { dataset: { check: c.check } },
        h('td', {}, c.check),
        h('td', {}, verdictBadge(c.verdict)),
        h('td', { class: 'nowrap' }, c.note ? c.note : `${bounds(c.target, c.unit)} n=${c.target.n}`),
        h('td', { class: 'nowrap' }, c.note ? '' : `${bounds(c.current, c.unit)} n=${c.current.n}`),
        h(
          'td',
          { class: 'nowrap' },
          c.note
            ? ''
            : `${figure(c.ratio.estimate, 'value')} [${figure(c.ratio.lower, 'value')}, ${c.ratio.upper === null ? '∞' : figure(c.ratio.upper, 'value')}] (tolerated ${Math.round(c.tolerance.relative * 100)}%)`,
        ),
        h('td', {}, pValue(c.pWorse)),
        h('td', {}, pValue(c.pNoWorse)),
      ),
    ),
    { class: 'judge' },
  );
}

function overTime(log) {
  const looks = log.filter((e) => e.judge);
  if (looks.length === 0) return null;
  const checks = looks[looks.length - 1].judge.checks.map((c) => c.check);
  return table(
    ['Check', ...looks.map((e) => time(e.at))],
    checks.map((name) =>
      h(
        'tr',
        { dataset: { check: name } },
        h('td', {}, name),
        looks.map((e) => {
          const c = e.judge.checks.find((x) => x.check === name);
          return h('td', {}, c ? verdictBadge(c.verdict) : '');
        }),
      ),
    ),
    { class: 'judge-history' },
  );
}

export function judgeSection(d) {
  const judgement = d.gradual.judgement;
  if (!judgement) return null;
  return [
    h(
      'p',
      { class: 'muted caption' },
      `Latest look ${time(judgement.at)}: ${judgement.result.verdict === 'fail' ? 'the new version is worse than tolerated' : judgement.result.verdict === 'pass' ? 'every check shows the new version no worse than tolerated' : 'not enough evidence either way yet'}. Bounds hold at every look at once.`,
    ),
    latest(judgement),
    overTime(d.gradual.decisionLog),
  ];
}
