import { follow, getJson } from './api.js';
import { fill, h } from './dom.js';
import { duration, time, when } from './format.js';
import { deploymentLink, section, statusBadge, table } from './parts.js';
import { stackBadge } from './stacks.js';

/** One CloudFormation stack: its resources, its events, and the deployments each operation started. */

function deploymentRows(deployments) {
  return deployments.map((d) =>
    h(
      'tr',
      { dataset: { deployment: d.id, status: d.status } },
      h('td', {}, deploymentLink(d)),
      h('td', {}, d.functionName ? `${d.functionName}:${d.alias}` : `${d.application}/${d.group}`),
      h('td', { class: 'nowrap' }, d.fromVersion ? `${d.fromVersion} → ${d.toVersion}` : '–'),
      h('td', {}, statusBadge(d.status), d.isRollback ? h('span', { class: 'muted' }, ' rollback') : null),
      h('td', { class: 'nowrap' }, time(d.created)),
      h('td', { class: 'bad' }, d.error ?? ''),
    ),
  );
}

function operationCard(op, now) {
  const took = (op.ended ?? now) - op.started;
  return h(
    'div',
    { class: 'stack-operation', dataset: { kind: op.kind, status: op.status } },
    h(
      'p',
      {},
      h('strong', {}, op.kind),
      ' ',
      stackBadge(op.status),
      h(
        'span',
        { class: 'muted' },
        ` started ${when(op.started)} · ${op.ended ? 'took' : 'running for'} ${duration(took)}`,
      ),
    ),
    op.deployments.length === 0
      ? null
      : table(
          ['Deployment', 'Alias', 'Versions', 'Status', 'Created', 'Error'],
          deploymentRows(op.deployments),
          {
            class: 'stack-deployments',
          },
        ),
  );
}

function render(main, page) {
  const s = page.stack;
  document.title = `gradual · ${s.name}`;
  const withDeployments = page.operations.filter((op) => op.deployments.length > 0 || !op.ended);
  fill(
    main,
    h('p', {}, h('a', { href: '/ui/stacks' }, '← Stacks')),
    h(
      'div',
      { class: 'execution-head' },
      h('div', { class: 'title-row' }, h('h1', { class: 'page-title' }, s.name), stackBadge(s.status)),
      h('p', { class: 'muted mono' }, s.stackId),
      s.description ? h('p', {}, s.description) : null,
      h(
        'p',
        { class: 'muted' },
        `created ${when(s.created)}`,
        s.updated ? ` · updated ${when(s.updated)}` : '',
        s.deleted ? ` · deleted ${when(s.deleted)}` : '',
      ),
      s.statusReason
        ? h('p', { class: /FAILED|ROLLBACK/.test(s.status) ? 'error' : 'muted' }, s.statusReason)
        : null,
    ),
    withDeployments.length === 0
      ? null
      : section('Deployments', ...withDeployments.map((op) => operationCard(op, page.now))),
    section(
      'Resources',
      page.resources.length === 0
        ? h('p', { class: 'muted' }, 'No resources.')
        : table(
            ['Logical id', 'Type', 'Physical id', 'Status', 'Reason'],
            page.resources.map((r) =>
              h(
                'tr',
                { dataset: { resource: r.logicalId, status: r.status } },
                h('td', {}, r.logicalId),
                h('td', { class: 'mono' }, r.type),
                h('td', { class: 'mono' }, r.physicalId ?? ''),
                h('td', {}, stackBadge(r.status)),
                h('td', { class: 'bad reason' }, r.statusReason ?? ''),
              ),
            ),
            { class: 'stack-resources' },
          ),
    ),
    s.outputs.length === 0
      ? null
      : section(
          'Outputs',
          table(
            ['Key', 'Value', 'Description'],
            s.outputs.map((o) =>
              h(
                'tr',
                {},
                h('td', {}, o.key),
                h('td', { class: 'mono' }, o.value),
                h('td', {}, o.description ?? ''),
              ),
            ),
          ),
        ),
    section(
      'Events',
      page.totalEvents > page.events.length
        ? h('p', { class: 'muted' }, `The last ${page.events.length} of ${page.totalEvents} events.`)
        : null,
      table(
        ['Time', 'Logical id', 'Type', 'Status', 'Reason'],
        page.events.map((e) =>
          h(
            'tr',
            { dataset: { event: e.id, status: e.status } },
            h('td', { class: 'nowrap' }, time(e.timestamp)),
            h('td', {}, e.logicalId),
            h('td', { class: 'mono' }, e.type),
            h('td', {}, stackBadge(e.status)),
            h('td', { class: 'reason' }, e.reason ?? ''),
          ),
        ),
        { class: 'stack-events' },
      ),
    ),
  );
}

/** One stack, kept current by the server's event stream. Returns a function that stops it. */
export function renderStack(main, ref) {
  const path = `/ui/api/stacks/${encodeURIComponent(ref)}`;
  const closed = () =>
    getJson(path).then(
      (page) => render(main, page),
      (e) =>
        fill(
          main,
          h('p', {}, h('a', { href: '/ui/stacks' }, '← Stacks')),
          h('p', { class: 'error' }, e.message),
        ),
    );
  return follow(`${path}/events`, { stack: (page) => render(main, page) }, closed);
}
