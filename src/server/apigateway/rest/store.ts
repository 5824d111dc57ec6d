import type {
  DeploymentRecord,
  ResourceRecord,
  RestApiAggregate,
  RestApiRecord,
  StageRecord,
} from './model.js';

export type RestApiChange =
  | { kind: 'putApi'; api: RestApiRecord }
  | { kind: 'deleteApi'; apiId: string }
  | { kind: 'putResource'; apiId: string; resource: ResourceRecord }
  | { kind: 'deleteResource'; apiId: string; resourceId: string }
  | { kind: 'putDeployment'; apiId: string; deployment: DeploymentRecord }
  | { kind: 'deleteDeployment'; apiId: string; deploymentId: string }
  | { kind: 'putStage'; apiId: string; stage: StageRecord }
  | { kind: 'deleteStage'; apiId: string; stageName: string };

export interface RestApiDecision<T> {
  changes: readonly RestApiChange[];
  result: T;
}

/** REST APIs, one aggregate per API; writes follow the store's decide-in-a-transaction pattern. */
export interface RestApiStore {
  /** Every API, in creation order. */
  list(): Promise<RestApiRecord[]>;
  load(apiId: string): Promise<RestApiAggregate | undefined>;
  /** Applies `decide`'s changes atomically and returns its result; a throw from `decide` changes nothing. */
  transact<T>(
    apiId: string,
    decide: (current: RestApiAggregate | undefined) => RestApiDecision<T>,
  ): Promise<T>;
}
