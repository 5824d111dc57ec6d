import { decidePutIntegrationResponse, type PutIntegrationResponseInput } from './mock-rules.js';
import type { Clock } from '../../../common/clock.js';
import type { Random } from '../../../common/random.js';
import type { Account } from '../../functions/names.js';
import type { RestApiDecision, RestApiStore } from './store.js';
import {
  decideCreateDeployment,
  decideCreateRestApi,
  decideDeleteRestApi,
  decideUpdateRestApi,
  requireApi,
  type CreateDeploymentInput,
  type CreateRestApiInput,
} from './api-rules.js';
import { newApiGatewayId, type RestApiContext } from './context.js';
import {
  decideDeleteMethod,
  decidePutIntegration,
  decidePutMethod,
  decidePutMethodResponse,
  type MethodAddress,
  type PutIntegrationInput,
  type PutMethodInput,
  type PutMethodResponseInput,
} from './method-rules.js';
import type { DeploymentRecord, RestApiAggregate, RestApiRecord } from './model.js';
import { decideCreateResource, decideDeleteResource } from './resource-rules.js';
import {
  decideCreateStage,
  decideDeleteDeployment,
  decideDeleteStage,
  decideUpdateStage,
  type CreateStageInput,
  type PatchOperation,
} from './stage-rules.js';

export interface RestApisDeps {
  store: RestApiStore;
  clock: Clock;
  random: Random;
  account: Account;
}

/**
 * API Gateway's REST API model: the rules are pure decisions (the *-rules modules); this class
 * supplies them with time and ids, runs them in store transactions and tells listeners (the
 * gateway's route cache) which API changed.
 */
export class RestApis {
  private readonly listeners = new Set<(apiId: string) => void>();

  constructor(private readonly deps: RestApisDeps) {}

  get account(): Account {
    return this.deps.account;
  }

  context(): RestApiContext {
    return {
      account: this.deps.account,
      now: this.deps.clock.now(),
      newId: () => newApiGatewayId(this.deps.random),
    };
  }

  onChange(listener: (apiId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Another node changed the API: listeners (the gateway's cache) hear it. */
  changedElsewhere(apiId: string): void {
    for (const listener of this.listeners) listener(apiId);
  }

  list(): Promise<RestApiRecord[]> {
    return this.deps.store.list();
  }

  load(apiId: string): Promise<RestApiAggregate | undefined> {
    return this.deps.store.load(apiId);
  }

  async get(apiId: string): Promise<RestApiAggregate> {
    return requireApi(await this.load(apiId), apiId, this.context());
  }

  createRestApi(input: CreateRestApiInput): Promise<RestApiAggregate> {
    const apiId = newApiGatewayId(this.deps.random);
    return this.transact(apiId, (cur) => decideCreateRestApi(cur, apiId, input, this.context()));
  }

  updateRestApi(input: { apiId: string; patchOperations: readonly PatchOperation[] }) {
    return this.transact(input.apiId, (cur) => decideUpdateRestApi(cur, input, this.context()));
  }

  deleteRestApi(apiId: string): Promise<undefined> {
    return this.transact(apiId, (cur) => decideDeleteRestApi(cur, apiId, this.context()));
  }

  createResource(input: { apiId: string; parentId: string; pathPart: string }) {
    return this.transact(input.apiId, (cur) => decideCreateResource(cur, input, this.context()));
  }

  deleteResource(input: { apiId: string; resourceId: string }) {
    return this.transact(input.apiId, (cur) => decideDeleteResource(cur, input, this.context()));
  }

  putMethod(input: PutMethodInput) {
    return this.transact(input.apiId, (cur) => decidePutMethod(cur, input, this.context()));
  }

  deleteMethod(input: MethodAddress) {
    return this.transact(input.apiId, (cur) => decideDeleteMethod(cur, input, this.context()));
  }

  putIntegration(input: PutIntegrationInput) {
    return this.transact(input.apiId, (cur) => decidePutIntegration(cur, input, this.context()));
  }

  putIntegrationResponse(input: PutIntegrationResponseInput) {
    return this.transact(input.apiId, (cur) => decidePutIntegrationResponse(cur, input, this.context()));
  }

  putMethodResponse(input: PutMethodResponseInput) {
    return this.transact(input.apiId, (cur) => decidePutMethodResponse(cur, input, this.context()));
  }

  createDeployment(apiId: string, input: CreateDeploymentInput): Promise<DeploymentRecord> {
    return this.transact(apiId, (cur) => decideCreateDeployment(cur, apiId, input, this.context()));
  }

  createStage(input: CreateStageInput) {
    return this.transact(input.apiId, (cur) => decideCreateStage(cur, input, this.context()));
  }

  updateStage(input: { apiId: string; stageName: string; patchOperations: readonly PatchOperation[] }) {
    return this.transact(input.apiId, (cur) => decideUpdateStage(cur, input, this.context()));
  }

  deleteStage(input: { apiId: string; stageName: string }) {
    return this.transact(input.apiId, (cur) => decideDeleteStage(cur, input, this.context()));
  }

  deleteDeployment(input: { apiId: string; deploymentId: string }) {
    return this.transact(input.apiId, (cur) => decideDeleteDeployment(cur, input, this.context()));
  }

  private async transact<T>(
    apiId: string,
    decide: (current: RestApiAggregate | undefined) => RestApiDecision<T>,
  ): Promise<T> {
    const result = await this.deps.store.transact(apiId, decide);
    for (const listener of this.listeners) listener(apiId);
    return result;
  }
}
