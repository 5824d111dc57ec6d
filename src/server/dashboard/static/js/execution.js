import { follow, getJson } from './api.js';
import { fill, h } from './dom.js';
import { bytes, duration, time, when } from './format.js';
import { section, statusBadge, table } from './parts.js';
import { stateGraph } from './state-graph.js';

/** History rows whose data is open: kept across the re-renders live updates cause. */
const open = new Set();

export const executionHref = (arn) => `/ui/executions/${encodeURIComponent(arn)}`;

/** The server's platform time now: it runs `timeScale` times faster than this page's clock. */
function clockOf(page) {
  const received = performance.now();
  return () => page.now + (performance.now() - received) * (page.timeScale || 1);
}

function left(until, now) {
  return `${duration(Math.max(0, until - now))} left`;
}

function dataCell(e) {
  if (!e.data) return h('td', { class: 'mono data' });
  if (e.data.length <= 60) return h('td', { class: 'mono data' }, e.data);
  return h(
    'td',
    { class: 'mono data' },
    h(
      'details',
      {
        open: open.has(e.id),
        ontoggle: (ev) => (ev.target.open ? open.add(e.id) : open.delete(e.id)),
      },
      h('summary', {}, `${e.dataKind} · ${bytes(e.data.length)}`),
      h('pre', {}, e.data),
    ),
  );
}

function historyRows(page) {
  return page.events.map((e) => {
    const failed = /Failed|TimedOut|Aborted/.test(e.type);
    return h(
      'tr',
      { class: failed ? 'event-failed' : undefined, dataset: { event: String(e.id), type: e.type } },
      h('td', { class: 'nowrap' }, String(e.id)),
      h('td', { class: 'nowrap' }, time(e.timestamp)),
      h('td', { class: 'nowrap' }, e.type),
      h('td', { class: 'nowrap' }, e.state ?? ''),
      e.error || e.cause
        ? h('td', { class: 'bad wrap' }, [e.error, e.cause].filter(Boolean).join(': '))
        : dataCell(e),
    );
  });
}

function nowCard(page, now) {
  const x = page.execution;
  const lines = [];
  if (x.status === 'RUNNING') {
    if (page.current.length === 0) lines.push(h('p', {}, 'Between states.'));
    for (const name of page.current) {
      const s = page.states[name];
      lines.push(
        h(
          'p',
          { class: 'current', dataset: { current: name } },
          h('strong', {}, name),
          s?.until ? ` · ${left(s.until, now)} (until ${time(s.until)})` : ' · running',
        ),
      );
    }
  } else {
    lines.push(h('p', {}, `Ended ${when(x.stopDate)}.`));
  }
  return [
    ...lines,
    h('h3', {}, 'Input'),
    h('pre', { class: 'json' }, x.input),
    x.output !== undefined && x.output !== null
      ? [h('h3', {}, 'Output'), h('pre', { class: 'json' }, x.output)]
      : null,
  ];
}

function render(main, page, now) {
  const x = page.execution;
  document.title = `gradual · ${x.name}`;
  const note = (name) => {
    const s = page.states[name];
    return s?.status === 'active' && s.until ? left(s.until, now) : undefined;
  };
  const took = (x.stopDate ?? now) - x.startDate;
  fill(
    main,
    h('p', {}, h('a', { href: '/ui/executions' }, '← Executions')),
    h(
      'div',
      { class: 'execution-head', dataset: { status: x.status } },
      h(
        'div',
        { class: 'title-row' },
        h('h1', { class: 'page-title' }, `${x.machineName} / ${x.name}`),
        statusBadge(x.status),
      ),
      h('p', { class: 'muted mono' }, x.arn),
      h(
        'p',
        { class: 'muted' },
        `started ${when(x.startDate)}`,
        x.stopDate ? ` · stopped ${when(x.stopDate)}` : '',
        ` · ${x.stopDate ? 'took' : 'running for'} ${duration(took)}`,
        page.timeScale !== 1 ? ` · time runs ×${page.timeScale}` : '',
      ),
      x.error || x.cause
        ? h('p', { class: 'error' }, h('strong', {}, x.error ?? ''), x.cause ? `: ${x.cause}` : '')
        : null,
    ),
    h(
      'div',
      { class: 'grid graph-and-now' },
      section('State machine', h('div', { class: 'graph-wrap' }, stateGraph(page.graph, page.states, note))),
      section(x.status === 'RUNNING' ? 'Now' : 'Result', ...nowCard(page, now)),
    ),
    section(
      'History',
      page.totalEvents > page.events.length
        ? h('p', { class: 'muted' }, `The last ${page.events.length} of ${page.totalEvents} events.`)
        : null,
      table(['#', 'Time', 'Type', 'State', 'Details'], historyRows(page), { class: 'history' }),
    ),
  );
}

/** One execution, kept current by the server's event stream. Returns a function that stops it. */
export function renderExecution(main, arn) {
  let page;
  let now;
  // A Wait's countdown moves between the server's updates.
  const ticker = setInterval(() => page?.execution.status === 'RUNNING' && render(main, page, now()), 1000);
  const closed = () =>
    getJson(`/ui/api/executions/${encodeURIComponent(arn)}`).then(
      () => undefined,
      (e) =>
        fill(
          main,
          h('p', {}, h('a', { href: '/ui/executions' }, '← Executions')),
          h('p', { class: 'error' }, e.message),
        ),
    );
  const stop = follow(
    `/ui/api/executions/${encodeURIComponent(arn)}/events`,
    {
      execution: (data) => {
        page = data;
        now = clockOf(page);
        render(main, page, now());
      },
    },
    closed,
  );
  return () => {
    clearInterval(ticker);
    stop();
  };
}
