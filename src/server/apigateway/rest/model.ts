/**
 * API Gateway REST APIs as gradual stores them: an API, its resource tree (each resource with
 * its methods and their integrations), deployments (immutable snapshots of the tree) and stages
 * (a name pointing at one deployment). Times are epoch seconds, as API Gateway reports them.
 */

/** The integrations gradual runs: a Lambda proxy (payload format 1.0), or a MOCK answered by API Gateway. */
export type IntegrationRecord = ProxyIntegrationRecord | MockIntegrationRecord;

export interface ProxyIntegrationRecord {
  type: 'AWS_PROXY';
  /** The method API Gateway calls Lambda with (POST for Lambda). */
  httpMethod: string;
  uri: string;
  passthroughBehavior: string;
  timeoutInMillis: number;
  cacheNamespace: string;
  cacheKeyParameters: string[];
  contentHandling: string | undefined;
}

/**
 * A MOCK integration: its request template selects a status code (`{"statusCode": 200}`), and
 * the integration response that status selects gives the method's status, headers and body.
 */
export interface MockIntegrationRecord {
  type: 'MOCK';
  /** By content type. */
  requestTemplates: Record<string, string> | undefined;
  passthroughBehavior: string;
  timeoutInMillis: number;
  cacheNamespace: string;
  cacheKeyParameters: string[];
  /** By status code. */
  integrationResponses: Record<string, IntegrationResponseRecord>;
}

export interface IntegrationResponseRecord {
  statusCode: string;
  /** A regular expression over the integration's status; undefined: the default response. */
  selectionPattern: string | undefined;
  /** `method.response.header.<name>` to a static value, `'quoted'`. */
  responseParameters: Record<string, string> | undefined;
  /** By content type. */
  responseTemplates: Record<string, string> | undefined;
}

export interface MethodResponseRecord {
  statusCode: string;
  responseParameters: Record<string, boolean> | undefined;
  responseModels: Record<string, string> | undefined;
}

export interface MethodRecord {
  httpMethod: string;
  authorizationType: string;
  apiKeyRequired: boolean;
  operationName: string | undefined;
  requestParameters: Record<string, boolean> | undefined;
  requestModels: Record<string, string> | undefined;
  methodResponses: Record<string, MethodResponseRecord>;
  integration: IntegrationRecord | undefined;
}

export interface ResourceRecord {
  id: string;
  /** Undefined for the root resource `/`. */
  parentId: string | undefined;
  pathPart: string | undefined;
  path: string;
  /** By HTTP method (`GET`, ..., `ANY`). */
  methods: Record<string, MethodRecord>;
}

export interface RestApiRecord {
  id: string;
  name: string;
  description: string | undefined;
  version: string | undefined;
  createdDate: number;
  rootResourceId: string;
  binaryMediaTypes: string[] | undefined;
  apiKeySource: string;
  endpointTypes: string[];
  disableExecuteApiEndpoint: boolean;
  tags: Record<string, string> | undefined;
}

/** A deployment: the API's resources and methods frozen at the moment it was created. */
export interface DeploymentRecord {
  id: string;
  description: string | undefined;
  createdDate: number;
  resources: ResourceRecord[];
}

export interface StageRecord {
  stageName: string;
  deploymentId: string;
  description: string | undefined;
  variables: Record<string, string> | undefined;
  createdDate: number;
  lastUpdatedDate: number;
}

/** An API with everything that belongs to it: the unit every write is decided on. */
export interface RestApiAggregate {
  api: RestApiRecord;
  resources: ReadonlyMap<string, ResourceRecord>;
  deployments: ReadonlyMap<string, DeploymentRecord>;
  stages: ReadonlyMap<string, StageRecord>;
}
