import { follow, getJson } from './api.js';
import { DeploymentCharts } from './charts.js';
import { actionsBar } from './deployment-actions.js';
import { alarms, decisionLog, hooks, lifecycle } from './deployment-details.js';
import { judgeSection } from './judge.js';
import { fill, h, versionColor } from './dom.js';
import { duration, percent, when } from './format.js';
import { deploymentLink, section, statusBadge } from './parts.js';
import { timeline } from './timeline.js';

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
  let page;
  let series;
  const head = h('div', { class: 'deployment-head' });
  const actions = h('div', { class: 'actions' });
  const showActions = actionsBar(actions, id);
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

  function renderSchedule() {
    fill(schedule, timeline(page.deployment, now()));
  }

  function renderDetails() {
    const d = page.deployment;
    fill(
      details,
      h('div', { class: 'grid two' }, section('Lifecycle events', lifecycle(d)), section('Hooks', hooks(d))),
      section('Alarms', alarms(page)),
      d.gradual.judgement ? section('Judge', judgeSection(d)) : null,
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
        showActions(page);
        renderSchedule();
        renderDetails();
      },
      series: (data) => {
        series = data;
        charts.update(data);
        const period = data.window.period;
        const seconds = (n) => (n < 60 ? `${n} s` : `${Math.round(n / 6) / 10} min`);
        chartCaption.textContent = `Through the alias, per ${seconds(period)} (platform time). Observed: the new version's share of invocations over a rolling ${seconds(charts.rollingSeconds ?? period)}.`;
        if (page) renderSchedule();
      },
      failed: (data) => fill(chartCaption, `Live updates failed: ${data.message}`),
    },
    closed,
  );
}
