import { follow, getJson } from './api.js';
import { fill, h } from './dom.js';
import { when } from './format.js';
import { section, table } from './parts.js';

/** The CloudFormation pages' shared pieces, and the list of stacks. */

/** CloudFormation's statuses in the badge colours the deployment pages use. */
export function stackBadge(status) {
  const tone = /FAILED|ROLLBACK/.test(status)
    ? 'failed'
    : /IN_PROGRESS/.test(status)
      ? 'inprogress'
      : status === 'DELETE_COMPLETE'
        ? 'pending'
        : 'succeeded';
  // A break opportunity after each underscore, taken only in a table too narrow for the longest
  // (UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS); the text stays the status.
  const parts = status.split('_').flatMap((part, i) => (i === 0 ? [part] : ['_', h('wbr', {}), part]));
  return h('span', { class: `badge status-${tone}`, dataset: { status } }, parts);
}

export function stackHref(s) {
  // A deleted stack is found by its id: its name may be in use again.
  const ref = s.status === 'DELETE_COMPLETE' ? s.stackId : s.name;
  return `/ui/stacks/${encodeURIComponent(ref)}`;
}

function render(main, data) {
  fill(
    main,
    h('h1', { class: 'page-title' }, 'Stacks'),
    data.stacks.length === 0
      ? h(
          'p',
          { class: 'muted' },
          'No stacks yet. Create one with aws cloudformation deploy (or create-change-set and execute-change-set).',
        )
      : section(
          'CloudFormation stacks',
          table(
            ['Stack', 'Status', 'Resources', 'Created', 'Updated', 'Reason'],
            data.stacks.map((s) =>
              h(
                'tr',
                { dataset: { stack: s.name, status: s.status } },
                h('td', {}, h('a', { href: stackHref(s) }, s.name)),
                h('td', {}, stackBadge(s.status)),
                h('td', {}, String(s.resourceCount)),
                h('td', { class: 'nowrap' }, when(s.created)),
                h('td', { class: 'nowrap' }, when(s.updated ?? s.deleted)),
                h('td', { class: /FAILED|ROLLBACK/.test(s.status) ? 'bad' : 'muted' }, s.statusReason ?? ''),
              ),
            ),
            { class: 'stacks' },
          ),
        ),
  );
}

/** Every stack, kept current by the server's event stream. */
export function renderStacks(main) {
  document.title = 'gradual · stacks';
  return follow('/ui/api/stacks/events', { stacks: (data) => render(main, data) }, () =>
    getJson('/ui/api/stacks').then(
      (data) => render(main, data),
      (e) => fill(main, h('p', { class: 'error' }, e.message)),
    ),
  );
}
