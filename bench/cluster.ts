/**
 * Cluster benchmark: gradual on PostgreSQL.
 *
 * 1. one node on PostgreSQL next to one on SQLite: warm Invoke throughput (wrk; the ratio is the
 *    issue's goal, >= 0.9), CreateFunction and UpdateAlias latency;
 * 2. two nodes: change propagation (UpdateAlias acknowledged on A -> B routes the new version) and
 *    alarm latency (a breaching invocation on B -> the alarm in ALARM as A reports it), each next
 *    to the same path within one node;
 * 3. failover: kill -9 of a deployment's driver -> the next shift applied by another node.
 *
 * Every `gradual serve` is a process of its own (`--auth off`: the figures are the paths
 * themselves), each section on a fresh database. PostgreSQL: the server `--database <url>` or
 * GRADUAL_TEST_DATABASE_URL names (databases are created on it), else an embedded one started here.
 * The machine is shared: compare ratios from the same run, not figures across runs.
 *
 * Run: npm run bench:cluster [-- --rounds 3 --seconds 5 --connections 8 --calls 30
 *      --samples 40 --failovers 3 --time-scale 60 --only single,across,failover --database <url>]
 */
import { acrossNodes } from './cluster/across-nodes.js';
import { failover } from './cluster/failover.js';
import { load, out, postgres } from './cluster/harness.js';
import { singleNode } from './cluster/single-node.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}
const num = (name: string, fallback: number): number => Number(arg(name, String(fallback)));
const only = new Set(arg('only', 'single,across,failover').split(','));

const given = process.argv.includes('--database')
  ? arg('database', '')
  : process.env['GRADUAL_TEST_DATABASE_URL'] || undefined;
const pg = await postgres(given);
try {
  out(`Cluster benchmark (${new Date().toISOString()}, node ${process.version}), PostgreSQL: ${pg.where}`);
  out(`load average at start: ${load()}`);
  out();
  if (only.has('single')) {
    await singleNode((await pg.database()).url, {
      rounds: num('rounds', 3),
      seconds: num('seconds', 5),
      connections: num('connections', 8),
      calls: num('calls', 30),
    });
    out();
  }
  if (only.has('across')) {
    await acrossNodes((await pg.database()).url, num('samples', 40));
    out();
  }
  if (only.has('failover')) {
    await failover((await pg.database()).url, num('failovers', 3), num('time-scale', 60));
    out();
  }
  out(`load average at end: ${load()}`);
} finally {
  await pg.stop();
}
