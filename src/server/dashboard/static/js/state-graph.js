/** The state machine as the server laid it out: states as boxes, transitions as arrows. */

const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null) el.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === undefined || child === null) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

function fitText(text, max) {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Draws `graph` with each state marked by how it stands (`states[name].status`: pending, active,
 * done, failed) and how often it was entered. `note(name)` adds a line under a state (a Wait's
 * time left).
 */
export function stateGraph(graph, states, note = () => undefined) {
  const { nodeWidth: w, nodeHeight: hgt } = graph;
  const root = svg('svg', {
    class: 'state-graph',
    viewBox: `0 0 ${graph.width} ${graph.height}`,
    width: graph.width,
    role: 'img',
    'aria-label': 'State machine graph',
  });
  const defs = svg('defs');
  for (const kind of ['next', 'choice', 'default', 'catch']) {
    defs.append(
      svg(
        'marker',
        {
          id: `arrow-${kind}`,
          viewBox: '0 0 10 10',
          refX: 9,
          refY: 5,
          markerWidth: 7,
          markerHeight: 7,
          orient: 'auto-start-reverse',
        },
        svg('path', { d: 'M0 0 L10 5 L0 10 z', class: `arrow arrow-${kind}` }),
      ),
    );
  }
  root.append(defs);

  const start = graph.nodes.find((n) => n.name === graph.startAt);
  if (start) {
    const cx = start.x + w / 2;
    root.append(
      svg('circle', { cx, cy: start.y - 20, r: 6, class: 'start-dot' }),
      svg('path', {
        d: `M${cx} ${start.y - 14} L${cx} ${start.y}`,
        class: 'edge edge-next',
        'marker-end': 'url(#arrow-next)',
      }),
    );
  }
  for (const e of graph.edges) {
    const active = states[e.from]?.entered > 0 && states[e.to]?.entered > 0;
    root.append(
      svg(
        'path',
        {
          d: e.path,
          class: `edge edge-${e.kind}${active ? ' taken' : ''}`,
          'marker-end': `url(#arrow-${e.kind})`,
          'data-from': e.from,
          'data-to': e.to,
        },
        svg('title', {}, `${e.from} → ${e.to}${e.label ? `: ${e.label}` : ''}`),
      ),
    );
  }
  for (const e of graph.edges) {
    if (!e.label) continue;
    root.append(
      svg(
        'text',
        { x: e.labelAt.x, y: e.labelAt.y, class: 'edge-label', 'text-anchor': e.labelAnchor },
        e.label,
      ),
    );
  }
  for (const n of graph.nodes) {
    const s = states[n.name] ?? { entered: 0, status: 'pending' };
    const extra = note(n.name) ?? n.subtitle;
    const group = svg('g', {
      class: `node node-${s.status} type-${n.type.toLowerCase()}`,
      'data-state': n.name,
      'data-status': s.status,
      transform: `translate(${n.x} ${n.y})`,
    });
    group.append(
      svg(
        'title',
        {},
        `${n.name} (${n.type}): ${s.status}, entered ${s.entered} time${s.entered === 1 ? '' : 's'}`,
      ),
      svg('rect', { width: w, height: hgt, rx: n.type === 'Choice' ? 18 : 6 }),
      svg('text', { x: 10, y: extra ? 18 : 27, class: 'node-name' }, fitText(n.name, 20)),
      svg('text', { x: w - 8, y: 14, class: 'node-type', 'text-anchor': 'end' }, n.type),
    );
    if (extra) group.append(svg('text', { x: 10, y: 35, class: 'node-note' }, fitText(extra, 30)));
    if (s.entered > 0)
      group.append(
        svg('text', { x: w - 8, y: 35, class: 'node-count', 'text-anchor': 'end' }, `×${s.entered}`),
      );
    root.append(group);
  }
  return root;
}
