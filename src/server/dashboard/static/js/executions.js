import { follow } from './api.js';
import { fill, h } from './dom.js';
import { duration, when } from './format.js';
import { section, statusBadge, table } from './parts.js';
import { executionHref } from './execution.js';

const ORDER = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

function counts(c) {
  const parts = ORDER.filter((s) => c[s]).map((s) =>
    h('span', { class: 'count' }, statusBadge(s), ` ${c[s]}`),
  );
  return parts.length ? parts : h('span', { class: 'muted' }, 'no executions');
}

function render(main, data) {
  const now = data.now;
  fill(
    main,
    h('h1', { class: 'page-title' }, 'Executions'),
    data.machines.length === 0
      ? h(
          'p',
          { class: 'muted' },
          'No state machines yet. Create one with aws stepfunctions create-state-machine.',
        )
      : section(
          'State machines',
          table(
            ['State machine', 'Type', 'Executions'],
            data.machines.map((m) =>
              h(
                'tr',
                { dataset: { machine: m.name } },
                h('td', {}, m.name),
                h('td', {}, m.type),
                h('td', { class: 'counts' }, counts(m.counts)),
              ),
            ),
          ),
        ),
    data.executions.length === 0
      ? null
      : section(
          'Recent executions',
          table(
            ['Execution', 'State machine', 'Status', 'Started', 'Duration', 'Error'],
            data.executions.map((e) =>
              h(
                'tr',
                { dataset: { execution: e.arn, status: e.status } },
                h('td', {}, h('a', { href: executionHref(e.arn) }, e.name)),
                h('td', {}, e.machineName),
                h('td', {}, statusBadge(e.status)),
                h('td', { class: 'nowrap' }, when(e.startDate)),
                h('td', { class: 'nowrap' }, duration((e.stopDate ?? now) - e.startDate)),
                h('td', { class: 'bad' }, e.error ?? ''),
              ),
            ),
            { class: 'executions' },
          ),
          data.moreExecutions > 0
            ? h('p', { class: 'muted' }, `…and ${data.moreExecutions} older ones.`)
            : null,
        ),
  );
}

/** Every execution, newest first, kept current by the server's event stream. */
export function renderExecutions(main) {
  document.title = 'gradual · executions';
  return follow('/ui/api/executions/events', { executions: (data) => render(main, data) });
}
