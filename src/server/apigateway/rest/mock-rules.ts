import type { RestApiDecision } from './store.js';
import type { RestApiContext } from './context.js';
import { BadRequestException, NotFoundException } from './errors.js';
import type {
  IntegrationResponseRecord,
  MethodRecord,
  MockIntegrationRecord,
  RestApiAggregate,
} from './model.js';
import { requireMethod, withMethod, type MethodAddress } from './method-address.js';

/**
 * MOCK integrations, as far as static answers go (what SAM's CORS preflight methods need): the
 * request template names the status code, integration responses map static
 * values (`'...'`) to method response headers, and response templates are returned as written.
 * VTL (`$input`, `#set`, ...) is refused by name rather than returned unevaluated.
 */

const VTL = /\$|#(set|if|foreach|end)\b/;

/**
 * The status a MOCK request template names: API Gateway reads `statusCode` from the template's
 * output leniently (CDK writes `{ statusCode: 200 }`, unquoted); 200 when it names none.
 */
export function mockTemplateStatus(template: string): number {
  const named = /["']?statusCode["']?\s*:\s*["']?(\d{3})\b/.exec(template);
  return named ? Number(named[1]) : 200;
}

function checkTemplate(template: string, contentType: string): void {
  if (VTL.test(template))
    throw new BadRequestException(
      `gradual does not evaluate VTL in MOCK request templates (${contentType}): give the status as {"statusCode": 200}`,
    );
}

export function mockIntegration(
  input: { requestTemplates?: Record<string, string> | undefined; passthroughBehavior: string | undefined },
  resourceId: string,
  current: MethodRecord,
): MockIntegrationRecord {
  for (const [contentType, template] of Object.entries(input.requestTemplates ?? {}))
    checkTemplate(template, contentType);
  const kept = current.integration?.type === 'MOCK' ? current.integration.integrationResponses : {};
  return {
    type: 'MOCK',
    requestTemplates: input.requestTemplates,
    passthroughBehavior: input.passthroughBehavior ?? 'WHEN_NO_MATCH',
    timeoutInMillis: 29000,
    cacheNamespace: resourceId,
    cacheKeyParameters: [],
    integrationResponses: kept,
  };
}

export interface PutIntegrationResponseInput extends MethodAddress {
  statusCode: string;
  selectionPattern: string | undefined;
  responseParameters: Record<string, string> | undefined;
  responseTemplates: Record<string, string> | undefined;
}

const HEADER = /^method\.response\.header\.[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

export function decidePutIntegrationResponse(
  current: RestApiAggregate | undefined,
  input: PutIntegrationResponseInput,
  ctx: RestApiContext,
): RestApiDecision<IntegrationResponseRecord> {
  const { resource, method } = requireMethod(current, input, ctx);
  const integration = method.integration;
  if (!integration) throw new NotFoundException('No integration defined for method');
  if (!method.methodResponses[input.statusCode])
    throw new NotFoundException('Invalid Response status code specified');
  if (integration.type !== 'MOCK')
    throw new BadRequestException(
      "gradual keeps integration responses for MOCK integrations only (a Lambda proxy's response is the function's)",
    );
  for (const [name, value] of Object.entries(input.responseParameters ?? {}))
    if (!HEADER.test(name) || !/^'.*'$/s.test(value))
      throw new BadRequestException(
        `gradual maps static values ('...') to method.response.header.* only, not ${name}: ${value}`,
      );
  for (const [contentType, template] of Object.entries(input.responseTemplates ?? {}))
    if (VTL.test(template))
      throw new BadRequestException(
        `gradual does not evaluate VTL in response templates (${contentType}): give the body as it is sent`,
      );
  const response: IntegrationResponseRecord = {
    statusCode: input.statusCode,
    selectionPattern: input.selectionPattern || undefined,
    responseParameters: input.responseParameters,
    responseTemplates: input.responseTemplates,
  };
  const updated: MockIntegrationRecord = {
    ...integration,
    integrationResponses: { ...integration.integrationResponses, [input.statusCode]: response },
  };
  return {
    changes: [
      {
        kind: 'putResource',
        apiId: input.apiId,
        resource: withMethod(resource, { ...method, integration: updated }, input.httpMethod),
      },
    ],
    result: response,
  };
}
