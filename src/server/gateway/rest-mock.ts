import type { IntegrationResponseRecord, MockIntegrationRecord } from '../apigateway/rest/model.js';
import { mockTemplateStatus } from '../apigateway/rest/mock-rules.js';
import type { GatewayResponse } from './router.js';

/**
 * A MOCK integration's answer, decided purely: the request template for the request's content
 * type (API Gateway assumes application/json without one) names the status code (200 when no
 * template applies and passthrough allows it); the integration response whose selection pattern
 * matches that status, else the default one, gives the status, static headers and body.
 */
export type MockOutcome =
  | { kind: 'response'; response: GatewayResponse }
  | { kind: 'unsupported-media-type' }
  | { kind: 'no-mapping'; reason: string };

function selectedStatus(
  integration: MockIntegrationRecord,
  contentType: string | undefined,
): number | undefined {
  const templates = integration.requestTemplates ?? {};
  const type = (contentType ?? 'application/json').split(';')[0]!.trim().toLowerCase();
  const template = templates[type];
  if (template === undefined) {
    const none = Object.keys(templates).length === 0;
    const passes =
      integration.passthroughBehavior === 'WHEN_NO_MATCH' ||
      (integration.passthroughBehavior === 'WHEN_NO_TEMPLATES' && none);
    return passes ? 200 : undefined;
  }
  return mockTemplateStatus(template);
}

function selectResponse(
  responses: readonly IntegrationResponseRecord[],
  status: string,
): IntegrationResponseRecord | undefined {
  const matching = responses.find((r) => {
    if (r.selectionPattern === undefined) return false;
    try {
      return new RegExp(`^(?:${r.selectionPattern})$`, 's').test(status);
    } catch {
      return false;
    }
  });
  return matching ?? responses.find((r) => r.selectionPattern === undefined);
}

export function mockOutcome(
  integration: MockIntegrationRecord,
  contentType: string | undefined,
): MockOutcome {
  const status = selectedStatus(integration, contentType);
  if (status === undefined) return { kind: 'unsupported-media-type' };
  const chosen = selectResponse(Object.values(integration.integrationResponses), String(status));
  if (!chosen)
    return {
      kind: 'no-mapping',
      reason: 'No match for output mapping and no default output mapping specified',
    };
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const [name, value] of Object.entries(chosen.responseParameters ?? {}))
    headers[name.slice('method.response.header.'.length).toLowerCase()] = value.slice(1, -1);
  const templates = chosen.responseTemplates ?? {};
  const body = templates['application/json'] ?? Object.values(templates)[0] ?? '';
  return {
    kind: 'response',
    response: { status: Number(chosen.statusCode), headers, body: Buffer.from(body) },
  };
}
