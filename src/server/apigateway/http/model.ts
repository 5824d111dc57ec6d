/**
 * API Gateway HTTP APIs (apigatewayv2, ProtocolType HTTP), as gradual keeps them: one aggregate
 * per API. Stages are AutoDeploy only, so a stage serves the API's current routes.
 */

export interface HttpApiRecord {
  apiId: string;
  name: string;
  protocolType: 'HTTP';
  routeSelectionExpression: string;
  description?: string;
  version?: string;
  tags?: Record<string, string>;
  /** Set: the gateway answers preflights and adds CORS headers to the API's responses. */
  corsConfiguration?: HttpCorsConfiguration;
  /** Epoch milliseconds. */
  createdDate: number;
}

/** An HTTP API's CORS settings, in API Gateway v2's own member names. */
export interface HttpCorsConfiguration {
  allowCredentials?: boolean;
  allowHeaders?: string[];
  allowMethods?: string[];
  allowOrigins?: string[];
  exposeHeaders?: string[];
  maxAge?: number;
}

export type PayloadFormatVersion = '1.0' | '2.0';

export interface HttpIntegrationRecord {
  integrationId: string;
  integrationType: 'AWS_PROXY';
  /** A Lambda function, version or alias ARN (or the `arn:aws:apigateway:...:lambda:path/...` form). */
  integrationUri: string;
  payloadFormatVersion: PayloadFormatVersion;
  timeoutInMillis: number;
  description?: string;
}

export interface HttpRouteRecord {
  routeId: string;
  /** `METHOD /path` or `$default`. */
  routeKey: string;
  /** `integrations/<integration id>`; undefined: the route answers 404. */
  target?: string;
}

export interface HttpStageRecord {
  stageName: string;
  autoDeploy: true;
  description?: string;
  stageVariables?: Record<string, string>;
  createdDate: number;
  lastUpdatedDate: number;
}

export interface HttpApiAggregate {
  api: HttpApiRecord;
  integrations: HttpIntegrationRecord[];
  routes: HttpRouteRecord[];
  stages: HttpStageRecord[];
}
