import { ApiError, follow, post } from './api.js';
import { fill, h, versionColor } from './dom.js';
import { bytes, duration, when } from './format.js';
import { deploymentLink, statusBadge } from './parts.js';
import { observedLegend, splitBar } from './split-bar.js';

/** Page state that survives re-rendering on every update: which confirmation is open, messages. */
const state = { confirming: undefined, busy: false, message: undefined, openVersions: new Set() };

function progressText(d) {
  const parts = [];
  if (d.step !== undefined) parts.push(`step ${d.step} of ${d.steps}`);
  parts.push(`${d.targetWeight}% on v${d.targetVersion}`);
  return parts.join(', ');
}

function rollbackControl(fn, alias, rerender) {
  const plan = alias.rollback;
  if (!plan) return null;
  const key = `${fn.name}:${alias.name}`;
  if (state.confirming !== key) {
    return h(
      'button',
      {
        type: 'button',
        class: 'danger small',
        dataset: { action: 'rollback', alias: key },
        title: plan.description,
        onclick: () => {
          state.confirming = key;
          rerender();
        },
      },
      `Roll back to v${plan.toVersion}`,
    );
  }
  return h(
    'span',
    { class: 'confirm' },
    h('span', { class: 'confirm-text' }, `${plan.description}?`),
    h(
      'button',
      {
        type: 'button',
        class: 'danger small',
        dataset: { action: 'confirm-rollback', alias: key },
        disabled: state.busy,
        onclick: async () => {
          state.busy = true;
          rerender();
          try {
            const result = await post('/ui/api/aliases/rollback', {
              functionName: fn.name,
              alias: alias.name,
              toVersion: plan.toVersion,
              revisionId: alias.revisionId,
            });
            state.message = { kind: 'ok', text: result.statusMessage };
          } catch (e) {
            state.message = { kind: 'error', text: e instanceof ApiError ? e.message : String(e) };
          }
          state.busy = false;
          state.confirming = undefined;
          rerender();
        },
      },
      'Roll back now',
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'small',
        onclick: () => {
          state.confirming = undefined;
          rerender();
        },
      },
      'Cancel',
    ),
  );
}

function aliasRow(fn, alias, rerender) {
  const deployment = alias.deployment;
  return h(
    'div',
    { class: 'alias', dataset: { alias: `${fn.name}:${alias.name}` } },
    h(
      'div',
      { class: 'alias-head' },
      h('span', { class: 'alias-name' }, alias.name),
      deployment
        ? h(
            'span',
            { class: 'deploying' },
            statusBadge(deployment.status),
            ' ',
            deploymentLink(
              deployment,
              `deploying v${deployment.currentVersion} → v${deployment.targetVersion}`,
            ),
            ` (${progressText(deployment)})`,
          )
        : null,
      h('span', { class: 'spacer' }),
      rollbackControl(fn, alias, rerender),
    ),
    splitBar('configured', alias.configured, 'no routing'),
    splitBar('observed', alias.observed, `no invocations through this alias (${alias.observedOver})`),
    observedLegend(alias.observed, alias.observedOver),
  );
}

function functionCard(fn, rerender) {
  return h(
    'section',
    { class: 'card function', dataset: { function: fn.name } },
    h(
      'div',
      { class: 'card-head' },
      h('h2', {}, fn.name),
      h('span', { class: 'muted' }, `${fn.runtime} · ${fn.state}`),
    ),
    fn.description ? h('p', { class: 'muted' }, fn.description) : null,
    fn.aliases.length === 0
      ? h('p', { class: 'muted' }, 'No aliases.')
      : fn.aliases.map((a) => aliasRow(fn, a, rerender)),
    h(
      'details',
      {
        class: 'versions',
        open: state.openVersions.has(fn.name),
        ontoggle: (e) => {
          if (e.target.open) state.openVersions.add(fn.name);
          else state.openVersions.delete(fn.name);
        },
      },
      h('summary', {}, `${fn.versions.length} published version${fn.versions.length === 1 ? '' : 's'}`),
      h(
        'table',
        {},
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Version', 'Description', 'Published', 'Code'].map((t) => h('th', {}, t)),
          ),
        ),
        h(
          'tbody',
          {},
          fn.versions.map((v) =>
            h(
              'tr',
              {},
              h(
                'td',
                {},
                h('span', { class: 'swatch', style: { background: versionColor(v.version) } }),
                v.version,
              ),
              h('td', {}, v.description || '–'),
              h('td', {}, when(v.lastModified)),
              h('td', { class: 'mono' }, `${v.codeSha256.slice(0, 10)}… ${bytes(v.codeSize)}`),
            ),
          ),
        ),
      ),
    ),
  );
}

function deploymentsTable(list) {
  return h(
    'table',
    { class: 'deployments' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['Deployment', 'Alias', 'Versions', 'Config', 'Status', 'Created'].map((t) => h('th', {}, t)),
      ),
    ),
    h(
      'tbody',
      {},
      list.map((d) =>
        h(
          'tr',
          { dataset: { deployment: d.id } },
          h('td', {}, deploymentLink(d)),
          h('td', {}, d.functionName ? `${d.functionName}:${d.alias}` : '–'),
          h('td', {}, d.currentVersion ? `v${d.currentVersion} → v${d.targetVersion}` : '–'),
          h('td', { class: 'config' }, d.configName.replace('CodeDeployDefault.', '')),
          h('td', {}, statusBadge(d.status), d.creator === 'codeDeployRollback' ? ' rollback' : ''),
          h('td', {}, when(d.createTime)),
        ),
      ),
    ),
  );
}

function heartbeatAge(ms) {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s ago`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s ago`;
  return `${duration(ms)} ago`;
}

/** The nodes serving this gradual: where, which version, last heartbeat, environments running. */
function nodesTable(nodes) {
  return h(
    'table',
    { class: 'nodes' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['Node', 'Address', 'Version', 'Last heartbeat', 'Environments'].map((t) => h('th', {}, t)),
      ),
    ),
    h(
      'tbody',
      {},
      nodes.map((n) =>
        h(
          'tr',
          { dataset: { node: n.id, alive: String(n.alive) } },
          h('td', {}, n.id),
          h('td', {}, n.address || '(starting)'),
          h('td', {}, n.version),
          h(
            'td',
            { title: when(n.lastHeartbeat) },
            n.alive ? null : h('span', { class: 'badge status-failed' }, 'gone'),
            n.alive ? '' : ' ',
            heartbeatAge(n.heartbeatAgeMs),
          ),
          h('td', { class: 'environments' }, String(n.environments)),
        ),
      ),
    ),
  );
}

function activeCard(d) {
  return h(
    'div',
    { class: 'card active-deployment', dataset: { deployment: d.id } },
    h(
      'div',
      { class: 'card-head' },
      h('h3', {}, deploymentLink(d, `${d.functionName}:${d.alias}`)),
      statusBadge(d.status),
    ),
    h(
      'p',
      {},
      `v${d.currentVersion} → v${d.targetVersion} · ${d.configName.replace('CodeDeployDefault.', '')}`,
    ),
    h(
      'div',
      { class: 'progress', title: `${d.targetWeight}% of traffic on the new version` },
      h('span', { style: { width: `${d.targetWeight}%`, background: versionColor(d.targetVersion) } }),
    ),
    h('p', { class: 'muted' }, progressText(d)),
  );
}

function render(main, data, rerender) {
  const message = state.message
    ? h('p', { class: state.message.kind === 'ok' ? 'notice' : 'error', role: 'status' }, state.message.text)
    : null;
  fill(
    main,
    h('h1', { class: 'page-title' }, 'Overview'),
    message,
    data.deployments.active.length > 0
      ? h(
          'section',
          { class: 'active-list' },
          h('h2', {}, 'Deployments in progress'),
          h('div', { class: 'grid' }, data.deployments.active.map(activeCard)),
        )
      : null,
    h('h2', {}, 'Functions'),
    data.functions.length === 0
      ? h('p', { class: 'muted' }, 'No functions yet. Create one with the AWS CLI or SDK.')
      : data.functions.map((fn) => functionCard(fn, rerender)),
    data.moreFunctions > 0 ? h('p', { class: 'muted' }, `…and ${data.moreFunctions} more functions.`) : null,
    data.deployments.recent.length > 0
      ? h(
          'section',
          {},
          h('h2', {}, 'Recent deployments'),
          h('div', { class: 'scroll' }, deploymentsTable(data.deployments.recent)),
        )
      : null,
    data.nodes.length > 0
      ? h(
          'section',
          { class: 'nodes-list' },
          h(
            'h2',
            {},
            data.nodes.length === 1
              ? 'Node'
              : `Nodes (${data.nodes.filter((n) => n.alive).length} of ${data.nodes.length} up)`,
          ),
          h('div', { class: 'scroll' }, nodesTable(data.nodes)),
        )
      : null,
  );
}

/** The overview, kept current by the server's event stream. Returns a function that stops it. */
export function renderOverview(main) {
  document.title = 'gradual · overview';
  let latest;
  const rerender = () => latest && render(main, latest, rerender);
  return follow('/ui/api/overview/events', {
    overview: (data) => {
      latest = data;
      rerender();
    },
  });
}
