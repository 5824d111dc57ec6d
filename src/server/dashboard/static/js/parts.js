import { h } from './dom.js';

/** Small pieces both pages use. */

export function statusBadge(status) {
  return h('span', { class: `badge status-${status.toLowerCase()}` }, status);
}

export function deploymentLink(d, text) {
  return h('a', { href: `/ui/deployments/${d.id}` }, text ?? d.id);
}

export function section(title, ...children) {
  return h('section', { class: 'card' }, h('h2', {}, title), ...children);
}

/** A table that scrolls sideways inside its card rather than widening the page. */
export function table(headers, rows, attrs = {}) {
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
