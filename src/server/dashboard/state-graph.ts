import type { ChoiceRule, Machine, State } from '../states/definition/types.js';
import { mapProcessor } from '../states/definition/types.js';

/**
 * A state machine's states laid out for drawing, computed here so the page only draws: each
 * state in a row by its distance from StartAt (a run reads top to bottom), transitions as SVG
 * paths, the ones that go back up (loops) routed around the right-hand side.
 */

export interface GraphNode {
  name: string;
  type: State['Type'];
  /** Parallel: its branches; Map: its processor's states. */
  subtitle: string | undefined;
  layer: number;
  x: number;
  y: number;
}

export type EdgeKind = 'next' | 'choice' | 'default' | 'catch';

export interface GraphEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  label: string | undefined;
  /** Goes to a state no lower down: drawn around the right side. */
  back: boolean;
  /** SVG path data. */
  path: string;
  /** Where the label starts (or ends, for an edge going left, so it reads away from the line). */
  labelAt: { x: number; y: number };
  labelAnchor: 'start' | 'end';
}

export interface StateGraph {
  width: number;
  height: number;
  nodeWidth: number;
  nodeHeight: number;
  startAt: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export const NODE_WIDTH = 184;
export const NODE_HEIGHT = 44;
const GAP_X = 40;
const GAP_Y = 56;
const MARGIN = 24;
/** Room for the start marker above the first row. */
const TOP = 28;
const LANE = 22;
const LABEL_MAX = 30;

interface Link {
  to: string;
  kind: EdgeKind;
  label: string | undefined;
}

/** By suffix, the longer first (GreaterThanEquals before Equals). */
const OPERATORS: [string, string][] = [
  ['GreaterThanEquals', '>='],
  ['LessThanEquals', '<='],
  ['GreaterThan', '>'],
  ['LessThan', '<'],
  ['Equals', '=='],
];

/** A Choice Rule in a few characters: `$.status == "FAILED"`, `not $.x is present`, `and (2)`. */
export function ruleLabel(rule: ChoiceRule): string {
  if (rule.And) return `and (${rule.And.length} rules)`;
  if (rule.Or) return `or (${rule.Or.length} rules)`;
  if (rule.Not) return `not ${ruleLabel(rule.Not)}`;
  const op = Object.keys(rule).find((k) => k !== 'Variable' && k !== 'Next' && k !== 'Comment');
  if (!op) return '?';
  const value = rule[op];
  const variable = rule.Variable ?? '';
  if (op.startsWith('Is')) {
    const what = op
      .slice(2)
      .replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)
      .trim();
    return value === false ? `${variable} is not ${what}` : `${variable} is ${what}`;
  }
  if (op === 'StringMatches') return `${variable} matches ${JSON.stringify(value)}`;
  const path = op.endsWith('Path');
  const base = path ? op.slice(0, -4) : op;
  const comparison = OPERATORS.find(([suffix]) => base.endsWith(suffix));
  const shown = path && typeof value === 'string' ? value : JSON.stringify(value);
  return `${variable} ${comparison?.[1] ?? base} ${shown}`;
}

function short(text: string): string {
  return text.length <= LABEL_MAX ? text : `${text.slice(0, LABEL_MAX - 1)}…`;
}

function linksOf(state: State): Link[] {
  const links: Link[] = [];
  if (state.Type === 'Choice') {
    for (const c of state.Choices) links.push({ to: c.Next, kind: 'choice', label: ruleLabel(c) });
    if (state.Default) links.push({ to: state.Default, kind: 'default', label: 'Default' });
  }
  if ('Next' in state && state.Next) links.push({ to: state.Next, kind: 'next', label: undefined });
  if ('Catch' in state)
    for (const c of state.Catch ?? [])
      links.push({ to: c.Next, kind: 'catch', label: `catch ${c.ErrorEquals.join(', ')}` });
  // One edge a pair: a Choice whose rule and Default lead to the same state says both.
  const merged = new Map<string, Link>();
  for (const link of links) {
    const seen = merged.get(link.to);
    if (!seen) merged.set(link.to, link);
    else seen.label = [seen.label, link.label].filter(Boolean).join(' · ') || undefined;
  }
  return [...merged.values()];
}

function subtitleOf(state: State): string | undefined {
  if (state.Type === 'Parallel') {
    const n = state.Branches.length;
    return `${n} branch${n === 1 ? '' : 'es'}: ${state.Branches.map((b) => b.StartAt).join(', ')}`;
  }
  if (state.Type === 'Map') {
    const states = Object.keys(mapProcessor(state).States);
    return `each item: ${states.join(' → ')}`;
  }
  return undefined;
}

/** Rows by distance from StartAt (breadth first); states no path reaches go in a last row. */
function layers(machine: Machine): Map<string, number> {
  const layer = new Map<string, number>();
  const queue: string[] = [machine.StartAt];
  layer.set(machine.StartAt, 0);
  while (queue.length > 0) {
    const name = queue.shift()!;
    const state = machine.States[name];
    if (!state) continue;
    for (const link of linksOf(state)) {
      if (layer.has(link.to) || !machine.States[link.to]) continue;
      layer.set(link.to, layer.get(name)! + 1);
      queue.push(link.to);
    }
  }
  const last = Math.max(-1, ...layer.values()) + 1;
  for (const name of Object.keys(machine.States)) if (!layer.has(name)) layer.set(name, last);
  return layer;
}

function bezierPoint(p: number[], t: number): { x: number; y: number } {
  const [x0, y0, x1, y1, x2, y2, x3, y3] = p as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const u = 1 - t;
  const f = (a: number, b: number, c: number, d: number): number =>
    u * u * u * a + 3 * u * u * t * b + 3 * u * t * t * c + t * t * t * d;
  return { x: f(x0, x1, x2, x3), y: f(y0, y1, y2, y3) };
}

const round = (n: number): number => Math.round(n * 10) / 10;

export function stateGraph(machine: Machine): StateGraph {
  const layerOf = layers(machine);
  const rows: string[][] = [];
  for (const [name, layer] of layerOf) (rows[layer] ??= []).push(name);
  const widest = Math.max(1, ...rows.map((r) => r.length));
  const contentWidth = widest * NODE_WIDTH + (widest - 1) * GAP_X;
  const nodes = new Map<string, GraphNode>();
  rows.forEach((row, layer) => {
    const rowWidth = row.length * NODE_WIDTH + (row.length - 1) * GAP_X;
    row.forEach((name, i) => {
      const state = machine.States[name]!;
      nodes.set(name, {
        name,
        type: state.Type,
        subtitle: subtitleOf(state),
        layer,
        x: MARGIN + (contentWidth - rowWidth) / 2 + i * (NODE_WIDTH + GAP_X),
        y: TOP + MARGIN + layer * (NODE_HEIGHT + GAP_Y),
      });
    });
  });
  const right = MARGIN + contentWidth;
  const edges: GraphEdge[] = [];
  let lanes = 0;
  for (const from of nodes.values()) {
    for (const link of linksOf(machine.States[from.name]!)) {
      const to = nodes.get(link.to);
      if (!to) continue;
      const back = to.layer <= from.layer;
      let points: number[];
      let labelAt: { x: number; y: number };
      let anchor: 'start' | 'end';
      if (!back) {
        const [x1, y1] = [from.x + NODE_WIDTH / 2, from.y + NODE_HEIGHT];
        const [x2, y2] = [to.x + NODE_WIDTH / 2, to.y];
        const bend = (y2 - y1) / 2;
        points = [x1, y1, x1, y1 + bend, x2, y2 - bend, x2, y2];
        const mid = bezierPoint(points, 0.5);
        anchor = x2 < x1 - 1 ? 'end' : 'start';
        labelAt = { x: mid.x + (anchor === 'end' ? -6 : 6), y: mid.y + 4 };
      } else {
        const lane = right + LANE * (1 + lanes++);
        const [x1, y1] = [from.x + NODE_WIDTH, from.y + NODE_HEIGHT / 2];
        const [x2, y2] = [to.x + NODE_WIDTH, to.y + NODE_HEIGHT / 2];
        points = [x1, y1, lane, y1, lane, y2, x2, y2];
        const mid = bezierPoint(points, 0.5);
        anchor = 'start';
        labelAt = { x: mid.x + 6, y: mid.y + 4 };
      }
      const r = points.map(round);
      edges.push({
        from: from.name,
        to: to.name,
        kind: link.kind,
        label: link.label === undefined ? undefined : short(link.label),
        back,
        path: `M${r.slice(0, 2).join(' ')} C${r.slice(2).join(' ')}`,
        labelAt: { x: round(labelAt.x), y: round(labelAt.y) },
        labelAnchor: anchor,
      });
    }
  }
  return {
    width: right + MARGIN + LANE * lanes + (lanes > 0 ? MARGIN : 0),
    height: TOP + MARGIN * 2 + rows.length * NODE_HEIGHT + (rows.length - 1) * GAP_Y,
    nodeWidth: NODE_WIDTH,
    nodeHeight: NODE_HEIGHT,
    startAt: machine.StartAt,
    nodes: [...nodes.values()],
    edges,
  };
}
