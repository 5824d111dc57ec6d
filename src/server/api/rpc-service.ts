import type { z } from 'zod';
import { errorType, type ServiceError, UnknownOperationException } from '../../common/errors.js';
import type { OperationCall } from '../iam/authorization/index.js';
import { bodyObject, type ApiRequest, type RpcEndpoint } from './endpoint.js';
import type { Operation } from './operation.js';
import { jsonLeaves, queryLeaves } from './protocols/leaves.js';
import { decodeJson, jsonOutput, jsonRpcError, type JsonVersion } from './protocols/json-rpc.js';
import { queryXmlError, queryXmlResponse } from './protocols/query-xml.js';
import { decodeQueryForm } from './protocols/query-form.js';
import type { WireResponse } from './protocols/rest-json.js';

/** AWS JSON 1.0/1.1: the operation is named by `X-Amz-Target: <targetPrefix><Operation>`. */
export interface JsonProtocol {
  kind: 'json';
  version: JsonVersion;
  /** With its trailing dot: `CodeDeploy_20141006.` */
  targetPrefix: string;
}

/** awsQuery: a form with `Action=<Operation>&Version=<version>`, answered in XML. */
export interface QueryProtocol {
  kind: 'query';
  version: string;
  /** The XML namespace of the answers: `http://monitoring.amazonaws.com/doc/2010-08-01/` */
  namespace: string;
}

export type Protocol = JsonProtocol | QueryProtocol;

type Request = Omit<ApiRequest, 'caller' | 'requestId'>;
type JsonCall = Extract<OperationCall, { input: unknown }>;

/** An AWS service on `POST /`: its operations, the protocols its clients send, its error words. */
export interface RpcService<Deps> {
  /** The SigV4 signing name: `monitoring`, `codedeploy`, `iam`, `states`. */
  signingName: string;
  /** As messages name it: `CodeDeploy`. */
  title: string;
  /** The prefix of its IAM actions (`codedeploy:CreateDeployment`), for authorizing function sessions. */
  actionPrefix: JsonCall['service'];
  protocols: readonly Protocol[];
  operations: readonly Operation<Deps>[];
  /** A request the operation's schema refused, reported in the service's own words. */
  invalid(error: z.ZodError, input: unknown, protocol: Protocol): ServiceError;
  /** Writes an error; by default AWS JSON's `__type` body, or awsQuery's `<ErrorResponse>`. */
  writeError?: (error: ServiceError, protocol: Protocol, request: Omit<ApiRequest, 'caller'>) => WireResponse;
}

/** The query protocol's answer to an unknown Action. */
class InvalidAction extends errorType('InvalidAction', 400) {}

function matches(protocol: Protocol, request: Request): boolean {
  switch (protocol.kind) {
    case 'json':
      return (request.headers['x-amz-target'] ?? '').startsWith(protocol.targetPrefix);
    case 'query':
      return (
        request.method === 'POST' &&
        request.rawPath === '/' &&
        (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') &&
        new URLSearchParams(Buffer.from(request.body).toString('utf8')).get('Version') === protocol.version
      );
  }
}

function defaultError(error: ServiceError, protocol: Protocol, request: Omit<ApiRequest, 'caller'>) {
  return protocol.kind === 'json'
    ? jsonRpcError(error, protocol.version)
    : queryXmlError(protocol.namespace, error.code, error, request.requestId);
}

/**
 * The endpoint that serves `service` over each of its protocols: decode the request, find the
 * operation, parse its input with the schema built for that protocol, handle, write.
 */
export function rpcEndpoint<Deps>(service: RpcService<Deps>, deps: Deps): RpcEndpoint {
  const byName = new Map(service.operations.map((op) => [op.name, op]));
  const schemas = {
    json: new Map(service.operations.map((op) => [op.name, op.input(jsonLeaves)])),
    query: new Map(service.operations.map((op) => [op.name, op.input(queryLeaves)])),
  };
  const protocolOf = (request: Request): Protocol | undefined =>
    service.protocols.find((p) => matches(p, request));
  const writeError = service.writeError ?? defaultError;

  const run = async (protocol: Protocol, name: string, raw: unknown, request: ApiRequest) => {
    const op = byName.get(name)!;
    const parsed = schemas[protocol.kind].get(name)!.safeParse(raw);
    if (!parsed.success) throw service.invalid(parsed.error, raw, protocol);
    return op.handle(parsed.data, deps, { requestId: request.requestId, caller: request.caller });
  };

  return {
    signingName: service.signingName,
    matches: (request) => protocolOf(request) !== undefined,
    operation(request): OperationCall | undefined {
      const protocol = protocolOf(request);
      if (protocol?.kind === 'json') {
        const operation = (request.headers['x-amz-target'] ?? '').slice(protocol.targetPrefix.length);
        return { service: service.actionPrefix, operation, input: bodyObject(request.body) };
      }
      const form = decodeQueryForm(request.body);
      return form.action
        ? { service: service.actionPrefix, operation: form.action, input: form.params }
        : undefined;
    },
    async handle(request) {
      const protocol = protocolOf(request)!;
      switch (protocol.kind) {
        case 'json': {
          const name = (request.headers['x-amz-target'] ?? '').slice(protocol.targetPrefix.length);
          if (!byName.has(name))
            throw new UnknownOperationException(`${service.title} has no operation ${name} in gradual.`);
          return jsonOutput(await run(protocol, name, decodeJson(request.body), request), protocol.version);
        }
        case 'query': {
          const form = decodeQueryForm(request.body);
          const name = form.action ?? '';
          if (!byName.has(name)) {
            throw new InvalidAction(
              `Could not find operation ${form.action ?? '(none)'} for version ${protocol.version}`,
            );
          }
          const output = await run(protocol, name, form.params, request);
          return queryXmlResponse(protocol.namespace, name, output, request.requestId);
        }
      }
    },
    writeError: (error, request) => writeError(error, protocolOf(request) ?? service.protocols[0]!, request),
  };
}
