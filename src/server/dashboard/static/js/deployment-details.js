import { h } from './dom.js';
import { percent, time } from './format.js';
import { statusBadge, table } from './parts.js';

/** The deployment page's tables: lifecycle events, hooks, alarms, the decision log. */

export function lifecycle(d) {
  const events = d.gradual.lifecycleEvents;
  return table(
    ['Event', 'Status', 'Started', 'Ended'],
    Object.entries(events).map(([name, e]) => [
      h(
        'tr',
        { dataset: { event: name }, class: e.diagnostics ? 'has-detail' : undefined },
        h('td', {}, name),
        h('td', {}, statusBadge(e.status)),
        h('td', {}, time(e.startTime)),
        h('td', {}, time(e.endTime)),
      ),
      e.diagnostics && e.diagnostics.errorCode !== 'Success'
        ? h(
            'tr',
            { class: 'detail' },
            h('td', { colspan: 4 }, `${e.diagnostics.errorCode}: ${e.diagnostics.message}`),
          )
        : null,
    ]),
  );
}

export function hooks(d) {
  const list = d.gradual.hooks;
  if (list.length === 0) return h('p', { class: 'muted' }, 'No hooks in the AppSpec.');
  return table(
    ['Hook', 'Function', 'Result'],
    list.map((hook) => [
      h(
        'tr',
        { dataset: { hook: hook.event }, class: hook.failure ? 'has-detail' : undefined },
        h('td', {}, hook.event),
        h('td', {}, hook.functionName),
        h('td', {}, statusBadge(hook.status)),
      ),
      hook.failure ? h('tr', { class: 'detail' }, h('td', { colspan: 3 }, hook.failure)) : null,
    ]),
  );
}

export function alarms(page) {
  const config = page.deployment.gradual.alarms;
  if (page.alarms.length === 0) return h('p', { class: 'muted' }, 'No alarms watched.');
  return [
    h(
      'p',
      { class: 'muted caption' },
      config.enabled
        ? 'States now; the decision log shows the states seen at each decision.'
        : 'Alarm monitoring is disabled for this deployment.',
    ),
    table(
      ['Alarm', 'State', 'Since', 'Reason'],
      page.alarms.map((a) =>
        h(
          'tr',
          { dataset: { alarm: a.name } },
          h('td', {}, a.name),
          h('td', {}, h('span', { class: `badge alarm-${a.state.toLowerCase()}` }, a.state)),
          h('td', {}, time(a.updatedAt)),
          h('td', { class: 'wrap' }, a.reason ?? ''),
        ),
      ),
    ),
  ];
}

export function decisionLog(d) {
  return table(
    ['Time', 'Event', 'Weight', 'Observed (cur / new)', 'Alarms', 'Reason'],
    d.gradual.decisionLog
      .slice()
      .reverse()
      .map((e) =>
        h(
          'tr',
          { class: `log-${e.event}` },
          h('td', { class: 'nowrap' }, time(e.at)),
          h('td', {}, e.event),
          h('td', {}, e.weight === undefined ? '' : percent(e.weight)),
          h('td', {}, e.observed ? `${e.observed.current} / ${e.observed.target}` : ''),
          h(
            'td',
            { class: 'wrap' },
            e.alarms
              ? Object.entries(e.alarms)
                  .map(([name, state]) => `${name}: ${state}`)
                  .join(', ')
              : '',
          ),
          h('td', { class: 'wrap reason' }, e.reason),
        ),
      ),
    { class: 'log' },
  );
}
