import {
  errorType,
  SerializationException,
  type ServiceError,
  UnknownOperationException,
} from '../../../common/errors.js';
import { bodyObject, type ApiRequest, type RpcEndpoint } from '../endpoint.js';
import type { WireResponse } from '../protocols/rest-json.js';
import {
  deleteAlarms,
  describeAlarmHistory,
  describeAlarms,
  describeAlarmsForMetric,
  disableAlarmActions,
  enableAlarmActions,
  listTagsForResource,
  putMetricAlarm,
  setAlarmState,
} from './alarm-ops.js';
import type { CloudWatchContext } from './context.js';
import { jsonLeaves, queryLeaves } from './leaves.js';
import { getMetricData } from './metric-data.js';
import { getMetricStatistics, listMetrics, putMetricData } from './metric-ops.js';
import { decodeQueryForm } from '../protocols/query-form.js';
import { inputSchemas, type Input, type OperationName } from './schemas.js';
import { parseCloudWatchInput } from './validate.js';
import { jsonError, jsonResponse, queryError, queryResponse, type Output } from './wire.js';

/** The query protocol's answer to an unknown Action. */
class InvalidAction extends errorType('InvalidAction', 400) {}

const TARGET_PREFIX = 'GraniteServiceVersion20100801.';
const API_VERSION = '2010-08-01';

type Handler<Op extends OperationName> = (
  input: Input<Op>,
  ctx: CloudWatchContext,
) => Promise<Output | undefined>;

const HANDLERS: { [Op in OperationName]: Handler<Op> } = {
  PutMetricData: putMetricData,
  GetMetricStatistics: getMetricStatistics,
  GetMetricData: getMetricData,
  ListMetrics: listMetrics,
  PutMetricAlarm: putMetricAlarm,
  DescribeAlarms: describeAlarms,
  DescribeAlarmsForMetric: describeAlarmsForMetric,
  DeleteAlarms: deleteAlarms,
  SetAlarmState: setAlarmState,
  DescribeAlarmHistory: describeAlarmHistory,
  EnableAlarmActions: enableAlarmActions,
  DisableAlarmActions: disableAlarmActions,
  ListTagsForResource: listTagsForResource,
};

const JSON_SCHEMAS = inputSchemas(jsonLeaves);
const QUERY_SCHEMAS = inputSchemas(queryLeaves);

function isOperation(name: string | undefined): name is OperationName {
  return name !== undefined && Object.hasOwn(HANDLERS, name);
}

type Request = Omit<ApiRequest, 'caller' | 'requestId'>;

function isJson(request: Request): boolean {
  return (request.headers['x-amz-target'] ?? '').startsWith(TARGET_PREFIX);
}

function isQuery(request: Request): boolean {
  if (request.method !== 'POST' || request.rawPath !== '/') return false;
  if (!(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return false;
  return new URLSearchParams(Buffer.from(request.body).toString('utf8')).get('Version') === API_VERSION;
}

async function run<Op extends OperationName>(op: Op, input: unknown, json: boolean, ctx: CloudWatchContext) {
  const schema = (json ? JSON_SCHEMAS : QUERY_SCHEMAS)[op];
  const parsed = parseCloudWatchInput(schema, input, json) as Input<Op>;
  return HANDLERS[op](parsed, ctx);
}

/**
 * CloudWatch on the shared port (spec §3.1), in both protocols its clients send: AWS JSON 1.0
 * (`X-Amz-Target: GraniteServiceVersion20100801.<Op>`: current SDKs and CLIs) and awsQuery
 * (form-encoded `Action=<Op>&Version=2010-08-01`, XML answers: older clients such as Debian's
 * AWS CLI 2.9). Both run the same operations; only decoding and writing differ.
 */
export function cloudWatchEndpoint(ctx: CloudWatchContext): RpcEndpoint {
  return {
    signingName: 'monitoring',
    matches: (request) => isJson(request) || isQuery(request),
    operation(request) {
      if (isJson(request)) {
        const operation = (request.headers['x-amz-target'] ?? '').slice(TARGET_PREFIX.length);
        return { service: 'cloudwatch', operation, input: bodyObject(request.body) };
      }
      const form = decodeQueryForm(request.body);
      return form.action ? { service: 'cloudwatch', operation: form.action, input: form.params } : undefined;
    },
    async handle(request: ApiRequest): Promise<WireResponse> {
      if (isJson(request)) {
        const op = (request.headers['x-amz-target'] ?? '').slice(TARGET_PREFIX.length);
        if (!isOperation(op))
          throw new UnknownOperationException(`Operation ${op} is not supported by gradual's CloudWatch.`);
        let body: unknown = {};
        if (request.body.length > 0) {
          try {
            body = JSON.parse(Buffer.from(request.body).toString('utf8'));
          } catch {
            throw new SerializationException('The request body is not valid JSON.');
          }
        }
        return jsonResponse(await run(op, body, true, ctx));
      }
      const form = decodeQueryForm(request.body);
      if (!isOperation(form.action)) {
        throw new InvalidAction(
          `Could not find operation ${form.action ?? '(none)'} for version ${API_VERSION}`,
        );
      }
      return queryResponse(form.action, await run(form.action, form.params, false, ctx), request.requestId);
    },
    writeError(error: ServiceError, request): WireResponse {
      if (isJson(request)) return jsonError(error, request.headers['x-amzn-query-mode'] === 'true');
      return queryError(error, request.requestId);
    },
  };
}
