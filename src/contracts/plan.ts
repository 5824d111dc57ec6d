/** A deployment's schedule previewed against a traffic rate, before anything starts (`gradual plan`). */
export interface PlanStep {
  /** Percent of traffic on the new version. */
  weight: number;
  /** Offset from the first shift, in ms. */
  startsAtMs: number;
  holdMs: number;
  /** Requests expected on the new version during the hold, at the given rate. */
  expectedOnTarget: number;
}

export interface Plan {
  steps: PlanStep[];
  /** From the first shift to all traffic on the new version (hooks excluded). */
  shiftMs: number;
  /** Worst case before the deployment completes, if the new version fails every request and no alarm fires. */
  worstCaseExposure: { requests: number; percentOfTraffic: number };
  /** Requests the new version must serve per step to pass a minimum-sample gate, and which steps fall short. */
  sample?: { minInvocations: number; stepsShort: number[] };
  requestsPerSecond: number;
  detection?: Detection;
}

/** When the judge would catch an error regression on this schedule at this rate (`detect` in the request). */
export interface Detection {
  baseErrorRate: number;
  errorRate: number;
  /** Relative tolerance of the errors check; null when errors are not judged. */
  tolerance: number | null;
  confidence: number;
  /** null: not before the last step. */
  afterMs: number | null;
  targetRequests: number;
  targetErrors: number;
}
