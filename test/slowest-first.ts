import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Wall seconds of the slowest test files in a whole-suite run (`GRADUAL_TEST_CPU=1 npm test`, 4
 * workers, 2026-12-08: every file of 8 s or more). Rough figures are enough: they only order the run.
 */
const SECONDS: Readonly<Record<string, number>> = {
  'test/e2e/deploy-cloudformation.test.ts': 91,
  'test/e2e/cluster-takeover.pg.test.ts': 86,
  'test/docs/how-to.test.ts': 79,
  'test/e2e/dashboard-screens.test.ts': 78,
  'test/e2e/sam-deploy.test.ts': 64,
  'test/e2e/deploy-judge.test.ts': 61,
  'test/e2e/cluster-stacks.pg.test.ts': 61,
  'test/e2e/bounded-memory.test.ts': 57,
  'test/e2e/cluster-three-nodes.pg.test.ts': 57,
  'test/e2e/cloudformation-cli.test.ts': 46,
  'test/e2e/sam-prune.test.ts': 44,
  'test/e2e/cluster-outage.pg.test.ts': 44,
  'test/e2e/alias-routing.test.ts': 43,
  'test/e2e/demo.test.ts': 38,
  'test/e2e/dashboard-live.test.ts': 37,
  'test/e2e/cloudformation-crash.test.ts': 36,
  'test/docs/generated-pages.test.ts': 35,
  'test/e2e/stepfunctions-crash.test.ts': 34,
  'test/docs/getting-started.test.ts': 31,
  'test/e2e/cluster-nodes.pg.test.ts': 30,
  'test/e2e/deploy-crash.test.ts': 30,
  'test/e2e/sam-hooks.test.ts': 29,
  'test/e2e/example-seed-003-stepfunctions.test.ts': 28,
  'test/e2e/burst-queue.test.ts': 27,
  'test/e2e/gateway-load.test.ts': 26,
  'test/e2e/full-disk.test.ts': 25,
  'test/e2e/serve-command.test.ts': 23,
  'test/e2e/aws-cli-zygote.test.ts': 22,
  'test/e2e/invoke-node.test.ts': 21,
  'test/e2e/example-seed-001.test.ts': 21,
  'test/e2e/cli-commands.test.ts': 19,
  'test/e2e/seed-002-rest-api.test.ts': 19,
  'src/server/store/contract/postgres.pg.test.ts': 18,
  'test/e2e/dashboard-security.test.ts': 18,
  'test/e2e/seed-000-alarm-rollback.test.ts': 18,
  'test/e2e/invoke-python-provided.test.ts': 17,
  'test/e2e/dashboard-executions.test.ts': 17,
  'test/e2e/function-clock.test.ts': 17,
  'scripts/check/checks.test.ts': 16,
  'test/e2e/cloudformation-caller-crash.test.ts': 16,
  'test/e2e/sam-gateway.test.ts': 16,
  'test/e2e/stepfunctions-cli.test.ts': 16,
  'test/e2e/restart-and-crash.test.ts': 15,
  'test/e2e/bad-input.test.ts': 15,
  'test/e2e/cli-shift-commands.test.ts': 15,
  'test/e2e/example-seed-003.test.ts': 13,
  'test/e2e/environment-lifecycle.test.ts': 13,
  'test/e2e/invoke-failures.test.ts': 13,
  'test/e2e/progress-tty.test.ts': 13,
  'test/e2e/dashboard-stacks.test.ts': 12,
  'test/e2e/isolation-quotas.test.ts': 12,
  'test/e2e/s3-cli.test.ts': 11,
  'test/e2e/sam-http-api.test.ts': 10,
  'test/e2e/seed-003-health-check.test.ts': 10,
  'test/e2e/cloudformation-api-gateway.test.ts': 9,
  'src/server/wiring/listeners.test.ts': 8,
};

/** A file's place in the run: the postgres project's first (see below), then the slowest. */
function rank(root: string, spec: TestSpecification): [number, number] {
  const file = spec.moduleId.startsWith(root) ? spec.moduleId.slice(root.length + 1) : spec.moduleId;
  return [spec.project.name === 'postgres' ? 0 : 1, -(SECONDS[file] ?? 0)];
}

/**
 * Starts the slowest files first, so the run does not end with one long file alone on a core.
 * Vitest does this itself from its results cache (node_modules/.vite), which a fresh clone does
 * not have: it then starts the largest files first, and the slowest file began halfway through.
 * The forks pool runs one project's files after the other's, in the order their first files come
 * (all of one project's files end before the next project's start): the postgres project's few
 * cluster files go first, their longest beside the others, or they would be the run's last minute.
 */
export class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const base = await super.sort(files);
    const place = new Map(base.map((spec, index) => [spec, index]));
    return base.sort((a, b) => {
      const [pa, sa] = rank(root, a);
      const [pb, sb] = rank(root, b);
      return pa - pb || sa - sb || (place.get(a) ?? 0) - (place.get(b) ?? 0);
    });
  }
}
