import type { RestApiRecord, StageRecord } from '../apigateway/rest/model.js';
import type { RestApis } from '../apigateway/rest/rest-apis.js';
import { compileRoutes, type RouteNode } from './rest-api-routes.js';

/** A stage as the gateway serves it: the API, the stage and its deployment's routes. */
export interface DeployedStage {
  api: RestApiRecord;
  stage: StageRecord;
  routes: RouteNode | undefined;
}

export type StageLookup =
  { kind: 'no-api' } | { kind: 'no-stage' } | { kind: 'stage'; deployed: DeployedStage };

/**
 * The deployed stages of each API, compiled once and kept in memory until the API changes, so
 * no request reads the database. A stage serves its deployment's snapshot, not the API's
 * current resources: changes reach users only through CreateDeployment, as in API Gateway.
 */
export class DeployedStages {
  private readonly cache = new Map<string, Promise<Map<string, DeployedStage> | undefined>>();

  /** APIs held now (for tests of the bound). */
  get size(): number {
    return this.cache.size;
  }

  constructor(private readonly apis: Pick<RestApis, 'load' | 'onChange'>) {
    apis.onChange((apiId) => this.cache.delete(apiId));
  }

  async lookup(apiId: string, stageName: string): Promise<StageLookup> {
    let stages = this.cache.get(apiId);
    if (!stages) {
      const compiling = this.compile(apiId);
      stages = compiling;
      this.cache.set(apiId, compiling);
      // Neither a failed read nor a miss is remembered: ids come from anyone's requests.
      const forget = (): void => {
        if (this.cache.get(apiId) === compiling) this.cache.delete(apiId);
      };
      compiling.then((compiled) => compiled ?? forget(), forget);
    }
    const compiled = await stages;
    if (!compiled) return { kind: 'no-api' };
    const deployed = compiled.get(stageName);
    return deployed ? { kind: 'stage', deployed } : { kind: 'no-stage' };
  }

  private async compile(apiId: string): Promise<Map<string, DeployedStage> | undefined> {
    const agg = await this.apis.load(apiId);
    if (!agg) return undefined;
    const stages = new Map<string, DeployedStage>();
    for (const stage of agg.stages.values()) {
      const deployment = agg.deployments.get(stage.deploymentId);
      stages.set(stage.stageName, {
        api: agg.api,
        stage,
        routes: deployment ? compileRoutes(deployment.resources) : undefined,
      });
    }
    return stages;
  }
}
