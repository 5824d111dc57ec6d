import type { Clock } from '../../../common/clock.js';
import type { Random } from '../../../common/random.js';
import type { Account } from '../../functions/names.js';
import { newApiGatewayId } from '../rest/context.js';
import type { HttpApiDecision, HttpApiStore } from './store.js';
import type { HttpApiAggregate, HttpApiRecord } from './model.js';
import {
  decideCreateApi,
  decideCreateIntegration,
  decideCreateRoute,
  decideCreateStage,
  decideDeleteApi,
  decideDeleteRoute,
  requireHttpApi,
  type CreateApiInput,
  type CreateIntegrationInput,
  type CreateRouteInput,
  type CreateStageInput,
  type HttpApiContext,
} from './rules.js';
import {
  decideDeleteCorsConfiguration,
  decideDeleteIntegration,
  decideDeleteStage,
  decideUpdateApi,
  decideUpdateIntegration,
  decideUpdateRoute,
  decideUpdateStage,
  type UpdateApiInput,
  type UpdateIntegrationInput,
  type UpdateRouteInput,
  type UpdateStageInput,
} from './update-rules.js';

export interface HttpApisDeps {
  store: HttpApiStore;
  clock: Clock;
  random: Random;
  account: Account;
  /** The gateway's port, for `apiEndpoint`. */
  gatewayPort: number;
}

/**
 * HTTP APIs: the pure rules (rules.ts) run in store transactions, with time and ids supplied
 * here; listeners (the gateway's cache) hear which API changed.
 */
export class HttpApis {
  private readonly listeners = new Set<(apiId: string) => void>();

  constructor(private readonly deps: HttpApisDeps) {}

  get account(): Account {
    return this.deps.account;
  }

  endpoint(apiId: string): string {
    return `http://${apiId}.execute-api.localhost:${this.deps.gatewayPort}`;
  }

  /** Another node changed the API: listeners (the gateway's routes) hear it. */
  changedElsewhere(apiId: string): void {
    for (const listener of this.listeners) listener(apiId);
  }

  onChange(listener: (apiId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  list(): Promise<HttpApiRecord[]> {
    return this.deps.store.list();
  }

  load(apiId: string): Promise<HttpApiAggregate | undefined> {
    return this.deps.store.load(apiId);
  }

  async get(apiId: string): Promise<HttpApiAggregate> {
    return requireHttpApi(await this.load(apiId), apiId);
  }

  createApi(input: CreateApiInput): Promise<HttpApiAggregate> {
    const apiId = newApiGatewayId(this.deps.random);
    return this.transact(apiId, (cur) => decideCreateApi(cur, apiId, input, this.context()));
  }

  deleteApi(apiId: string): Promise<undefined> {
    return this.transact(apiId, (cur) => decideDeleteApi(cur, apiId));
  }

  createIntegration(input: CreateIntegrationInput) {
    return this.transact(input.apiId, (cur) => decideCreateIntegration(cur, input, this.context()));
  }

  createRoute(input: CreateRouteInput) {
    return this.transact(input.apiId, (cur) => decideCreateRoute(cur, input, this.context()));
  }

  deleteRoute(input: { apiId: string; routeId: string }) {
    return this.transact(input.apiId, (cur) => decideDeleteRoute(cur, input));
  }

  createStage(input: CreateStageInput) {
    return this.transact(input.apiId, (cur) => decideCreateStage(cur, input, this.context()));
  }

  updateApi(input: UpdateApiInput) {
    return this.transact(input.apiId, (cur) => decideUpdateApi(cur, input));
  }

  deleteCorsConfiguration(apiId: string): Promise<undefined> {
    return this.transact(apiId, (cur) => decideDeleteCorsConfiguration(cur, apiId));
  }

  updateIntegration(input: UpdateIntegrationInput) {
    return this.transact(input.apiId, (cur) => decideUpdateIntegration(cur, input, this.context()));
  }

  deleteIntegration(input: { apiId: string; integrationId: string }) {
    return this.transact(input.apiId, (cur) => decideDeleteIntegration(cur, input));
  }

  updateRoute(input: UpdateRouteInput) {
    return this.transact(input.apiId, (cur) => decideUpdateRoute(cur, input, this.context()));
  }

  updateStage(input: UpdateStageInput) {
    return this.transact(input.apiId, (cur) => decideUpdateStage(cur, input, this.context()));
  }

  deleteStage(input: { apiId: string; stageName: string }) {
    return this.transact(input.apiId, (cur) => decideDeleteStage(cur, input));
  }

  private context(): HttpApiContext {
    return {
      account: this.deps.account,
      now: this.deps.clock.now(),
      newId: () => newApiGatewayId(this.deps.random),
    };
  }

  private async transact<T>(
    apiId: string,
    decide: (current: HttpApiAggregate | undefined) => HttpApiDecision<T>,
  ): Promise<T> {
    const result = await this.deps.store.transact(apiId, decide);
    for (const listener of this.listeners) listener(apiId);
    return result;
  }
}
