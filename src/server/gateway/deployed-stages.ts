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

  constructor(private readonly apis: Pick<RestApis, 'load' | 'onChange'>) {
    apis.onChange((apiId) => this.cache.delete(apiId));
  }

  async lookup(apiId: string, stageName: string): Promise<StageLookup> {
    let stages = this.cache.get(apiId);
    if (!stages) {
      stages = this.compile(apiId);
      this.cache.set(apiId, stages);
      // A failed read is not remembered: the next request tries again.
      stages.catch(() => this.cache.delete(apiId));
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
