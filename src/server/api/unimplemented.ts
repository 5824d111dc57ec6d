import { ServiceError } from '../../common/errors.js';
import type { ApiRequest } from './endpoint.js';
import { jsonRpcError } from './protocols/json-rpc.js';
import { restJsonError, type WireResponse } from './protocols/rest-json.js';

/**
 * What gradual answers for AWS services it has no handler for (`aws sts`, `aws dynamodb`,
 * ...): an error in the protocol that service's clients parse, saying so and naming the services
 * it has, rather than a signature error about the wrong service or XML a JSON parser chokes on.
 * Services are told apart by the SigV4 credential scope, so a service that gains a handler
 * (its endpoint or extension declares the signing name) is no longer answered here.
 */

/** Display names of signing names (the credential scope's service). */
const NAMES: Readonly<Record<string, string>> = {
  lambda: 'Lambda',
  monitoring: 'CloudWatch',
  logs: 'CloudWatch Logs',
  codedeploy: 'CodeDeploy',
  apigateway: 'API Gateway',
  cloudformation: 'CloudFormation',
  states: 'Step Functions',
  s3: 'S3',
  iam: 'IAM',
  sts: 'STS',
  dynamodb: 'DynamoDB',
  sqs: 'SQS',
  sns: 'SNS',
  events: 'EventBridge',
  ec2: 'EC2',
  secretsmanager: 'Secrets Manager',
  ssm: 'Systems Manager',
  kms: 'KMS',
  xray: 'X-Ray',
};

/** Services whose clients parse REST-XML errors (`<Error><Code>`). */
const REST_XML = new Set(['s3', 's3-control', 'route53', 'cloudfront']);

export function serviceName(signingName: string): string {
  return NAMES[signingName] ?? signingName;
}

const SCOPE = /Credential=[^/,\s]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/;

/** The service a request is signed for, from its Authorization header or presigned query. */
export function credentialScopeService(
  request: Pick<ApiRequest, 'headers' | 'rawQuery'>,
): string | undefined {
  const header = SCOPE.exec(request.headers['authorization'] ?? '')?.[1];
  if (header) return header;
  const credential = new URLSearchParams(request.rawQuery).get('X-Amz-Credential');
  return credential?.split('/')[3];
}

export class NotImplemented extends ServiceError {
  constructor(service: string, implemented: readonly string[]) {
    // `gradual` signs gradual's own routes (decision logs, plans): not an AWS service.
    const have = [...new Set(implemented.filter((s) => s !== 'gradual').map(serviceName))].sort();
    super(
      'NotImplemented',
      501,
      `gradual does not implement ${serviceName(service)} (${service}). It implements ${have.join(', ')}.`,
    );
  }
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function xml(body: string, status: number): WireResponse {
  return {
    status,
    headers: { 'content-type': 'text/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`,
  };
}

/** The error in the protocol the service's clients expect, told from the request's shape. */
export function unimplementedError(
  service: string,
  error: ServiceError,
  request: Pick<ApiRequest, 'headers' | 'body' | 'requestId'>,
): WireResponse {
  const code = escapeXml(error.code);
  const message = escapeXml(error.message);
  const requestId = escapeXml(request.requestId);
  const contentType = request.headers['content-type'] ?? '';
  if (request.headers['x-amz-target'] !== undefined) {
    return jsonRpcError(error, contentType.includes('1.1') ? '1.1' : '1.0');
  }
  const form =
    contentType.startsWith('application/x-www-form-urlencoded') &&
    new URLSearchParams(Buffer.from(request.body).toString('utf8')).has('Action');
  if (form && service === 'ec2') {
    return xml(
      `<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
      error.status,
    );
  }
  if (form) {
    return xml(
      `<ErrorResponse><Error><Type>${error.status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      error.status,
    );
  }
  if (REST_XML.has(service)) {
    return xml(
      `<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId></Error>`,
      error.status,
    );
  }
  return restJsonError(error);
}
