import { describeCheck, type Judgement } from '../../../contracts/judgement.js';

export { describeCheck, describeJudgement, formatP } from '../../../contracts/judgement.js';

/** The ALARM_ACTIVE-style message a failed judgement stops the deployment with. */
export function rollbackMessage(j: Judgement, current: string, target: string): string {
  const failed = j.checks.filter((c) => c.verdict === 'fail').map(describeCheck);
  return `The judge found version ${target} worse than version ${current} over the same window, and the deployment was stopped: ${failed.join('; ')}.`;
}
