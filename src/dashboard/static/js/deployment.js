import { ApiError, follow, getJson, post } from './api.js';
import { DeploymentCharts } from './charts.js';
import { fill, h, versionColor } from './dom.js';
import { duration, percent, time, when } from './format.js';
import { deploymentLink, statusBadge } from './overview.js';
import { timeline } from './timeline.js';

const ACTIONS = {
  continue: {
    label: 'Continue',
    confirm: "End the current step's hold now and shift to the next step",
    path: (id) => `/ui/api/deployments/${id}/continue`,
    body: {},
    style: 'primary',
  },
  stop: {
    label: 'Stop',
    confirm: 'Stop the deployment and leave the alias as it is now',
    path: (id) => `/ui/api/deployments/${id}/stop`,
    body: { rollback: false },
    style: '',
  },
  'stop-rollback': {
    label: 'Stop and roll back',
    confirm: 'Stop the deployment and send all traffic back to the original version',
    path: (id) => `/ui/api/deployments/${id}/stop`,
    body: { rollback: true },
    style: 'danger',
  },
};

function section(title, ...children) {
  return h('section', { class: 'card' }, h('h2', {}, title), ...children);
}

function table(headers, rows, attrs = {}) {
  return h(
    'div',
    { class: 'scroll' },
    h(
      'table',
      attrs,
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          headers.map((t) => h('th', {}, t)),
        ),
      ),
      h('tbody', {}, rows),
    ),
  );
}

function lifecycle(d) {
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

function hooks(d) {
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

function alarms(page) {
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

function decisionLog(d) {
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

/** Where the alias's traffic is now, as far as this deployment (and its rollback) moved it. */
function trafficNow(page) {
  const s = page.summary;
  if (page.rollback?.status === 'Succeeded') return `rolled back: all traffic on v${s.currentVersion}`;
  if (s.status === 'Succeeded') return `all traffic on v${s.targetVersion}`;
  const verb = ['Succeeded', 'Failed', 'Stopped'].includes(s.status) ? 'left' : 'now';
  return `${verb} ${percent(page.deployment.gradual.targetWeight)} on v${s.targetVersion ?? '?'}`;
}

/** The deployment page, kept current by the server's event stream. Returns a function that stops it. */
export function renderDeployment(main, id) {
  document.title = `gradual · ${id}`;
  const ui = { confirming: undefined, busy: false, message: undefined };
  let page;
  let series;
  const head = h('div', { class: 'deployment-head' });
  const actions = h('div', { class: 'actions' });
  const schedule = h('div', { class: 'timeline-wrap' });
  const chartBox = h('div', { class: 'charts' });
  const chartCaption = h('p', { class: 'muted caption' });
  const details = h('div', { class: 'details' });
  fill(
    main,
    h('p', {}, h('a', { href: '/ui/' }, '← Overview')),
    head,
    actions,
    section('Schedule', schedule),
    h('section', { class: 'card' }, h('h2', {}, 'Traffic and health per version'), chartBox, chartCaption),
    details,
  );
  const charts = new DeploymentCharts(chartBox);

  const now = () => Math.max(page?.now ?? 0, series?.now ?? 0);

  function renderHead() {
    const d = page.deployment;
    const s = page.summary;
    head.dataset.status = d.status;
    head.dataset.weight = String(d.gradual.targetWeight);
    fill(
      head,
      h(
        'div',
        { class: 'title-row' },
        h('h1', { class: 'page-title' }, s.functionName ? `${s.functionName}:${s.alias}` : id),
        statusBadge(d.status),
        s.creator === 'codeDeployRollback' ? h('span', { class: 'badge' }, 'rollback') : null,
      ),
      h(
        'p',
        { class: 'muted' },
        `${id} · `,
        s.currentVersion
          ? [
              h('span', { class: 'swatch', style: { background: versionColor(s.currentVersion) } }),
              `v${s.currentVersion} → `,
              h('span', { class: 'swatch', style: { background: versionColor(s.targetVersion) } }),
              `v${s.targetVersion} · `,
            ]
          : '',
        `${s.configName} · ${s.applicationName}/${s.groupName}`,
      ),
      h(
        'p',
        { class: 'muted' },
        `created ${when(s.createTime)}`,
        s.completeTime
          ? ` · ended ${when(s.completeTime)} · took ${duration(s.completeTime - (d.startTime ? d.startTime * 1000 : s.createTime))}`
          : '',
        ` · ${trafficNow(page)}`,
      ),
      d.errorInformation
        ? h(
            'p',
            { class: 'error' },
            h('strong', {}, d.errorInformation.code),
            `: ${d.errorInformation.message}`,
          )
        : null,
      page.rollback
        ? h(
            'p',
            { class: 'notice' },
            'Rolled back by ',
            deploymentLink(page.rollback),
            ' (',
            page.rollback.status,
            ')',
          )
        : null,
      page.rollbackOf ? h('p', { class: 'notice' }, 'Rolls back ', deploymentLink(page.rollbackOf)) : null,
    );
  }

  function renderActions() {
    const available = [
      page.actions.continue ? 'continue' : null,
      page.actions.stop ? 'stop' : null,
      page.actions.stop ? 'stop-rollback' : null,
    ].filter(Boolean);
    if (ui.confirming && !available.includes(ui.confirming)) ui.confirming = undefined;
    const message = ui.message
      ? h('p', { class: ui.message.kind === 'ok' ? 'notice' : 'error', role: 'status' }, ui.message.text)
      : null;
    if (ui.confirming) {
      const action = ACTIONS[ui.confirming];
      return fill(
        actions,
        h('span', { class: 'confirm-text' }, `${action.confirm}?`),
        h(
          'button',
          {
            type: 'button',
            class: action.style || 'primary',
            dataset: { action: `confirm-${ui.confirming}` },
            disabled: ui.busy,
            onclick: async () => {
              ui.busy = true;
              renderActions();
              try {
                const result = await post(action.path(id), action.body);
                ui.message = { kind: 'ok', text: result.statusMessage ?? `${action.label}: done.` };
              } catch (e) {
                ui.message = { kind: 'error', text: e instanceof ApiError ? e.message : String(e) };
              }
              ui.busy = false;
              ui.confirming = undefined;
              renderActions();
            },
          },
          `Yes, ${action.label.toLowerCase()}`,
        ),
        h(
          'button',
          {
            type: 'button',
            onclick: () => {
              ui.confirming = undefined;
              renderActions();
            },
          },
          'Cancel',
        ),
        message,
      );
    }
    fill(
      actions,
      available.map((name) =>
        h(
          'button',
          {
            type: 'button',
            class: ACTIONS[name].style,
            dataset: { action: name },
            title: ACTIONS[name].confirm,
            onclick: () => {
              ui.confirming = name;
              ui.message = undefined;
              renderActions();
            },
          },
          ACTIONS[name].label,
        ),
      ),
      message,
    );
  }

  function renderSchedule() {
    fill(schedule, timeline(page.deployment, now()));
  }

  function renderDetails() {
    const d = page.deployment;
    fill(
      details,
      h('div', { class: 'grid two' }, section('Lifecycle events', lifecycle(d)), section('Hooks', hooks(d))),
      section('Alarms', alarms(page)),
      section('Decision log', decisionLog(d)),
    );
  }

  const closed = () =>
    getJson(`/ui/api/deployments/${id}`).then(
      () => fill(chartCaption, 'Live updates stopped; reload the page to resume.'),
      (e) =>
        fill(main, h('p', {}, h('a', { href: '/ui/' }, '← Overview')), h('p', { class: 'error' }, e.message)),
    );
  return follow(
    `/ui/api/deployments/${id}/events`,
    {
      deployment: (data) => {
        page = data;
        renderHead();
        renderActions();
        renderSchedule();
        renderDetails();
      },
      series: (data) => {
        series = data;
        charts.update(data);
        const period = data.window.period;
        chartCaption.textContent = `Through the alias, per ${period < 60 ? `${period} s` : `${period / 60} min`} (platform time). Observed = the new version's share of invocations.`;
        if (page) renderSchedule();
      },
      failed: (data) => fill(chartCaption, `Live updates failed: ${data.message}`),
    },
    closed,
  );
}
