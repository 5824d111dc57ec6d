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
import { getMetricData } from './metric-data.js';
import { getMetricStatistics, listMetrics, putMetricData } from './metric-ops.js';
import { operation, type Operation } from '../operation.js';
import type { Leaves } from '../protocols/leaves.js';
import type { RpcEndpoint } from '../endpoint.js';
import { rpcEndpoint, type RpcService } from '../rpc-service.js';
import { inputSchemas, type InputSchemas } from './schemas.js';
import { cloudWatchInvalid } from './validate.js';
import { cloudWatchQueryError, jsonError, XML_NAMESPACE } from './wire.js';

// Each protocol's schemas are built once (schemas.ts writes them all against one set of leaves).
const built = new Map<Leaves, InputSchemas>();
function schemas(leaves: Leaves): InputSchemas {
  let found = built.get(leaves);
  if (!found) built.set(leaves, (found = inputSchemas(leaves)));
  return found;
}

// `t: Leaves` typed: an untyped `t` would leave the schema to be inferred after the list's element
// type had already fixed the handler's input as unknown.
export const CLOUDWATCH_OPERATIONS: readonly Operation<CloudWatchContext>[] = [
  operation('PutMetricData', (t: Leaves) => schemas(t).PutMetricData, putMetricData),
  operation('GetMetricStatistics', (t: Leaves) => schemas(t).GetMetricStatistics, getMetricStatistics),
  operation('GetMetricData', (t: Leaves) => schemas(t).GetMetricData, getMetricData),
  operation('ListMetrics', (t: Leaves) => schemas(t).ListMetrics, listMetrics),
  operation('PutMetricAlarm', (t: Leaves) => schemas(t).PutMetricAlarm, putMetricAlarm),
  operation('DescribeAlarms', (t: Leaves) => schemas(t).DescribeAlarms, describeAlarms),
  operation(
    'DescribeAlarmsForMetric',
    (t: Leaves) => schemas(t).DescribeAlarmsForMetric,
    describeAlarmsForMetric,
  ),
  operation('DeleteAlarms', (t: Leaves) => schemas(t).DeleteAlarms, deleteAlarms),
  operation('SetAlarmState', (t: Leaves) => schemas(t).SetAlarmState, setAlarmState),
  operation('DescribeAlarmHistory', (t: Leaves) => schemas(t).DescribeAlarmHistory, describeAlarmHistory),
  operation('EnableAlarmActions', (t: Leaves) => schemas(t).EnableAlarmActions, enableAlarmActions),
  operation('DisableAlarmActions', (t: Leaves) => schemas(t).DisableAlarmActions, disableAlarmActions),
  operation('ListTagsForResource', (t: Leaves) => schemas(t).ListTagsForResource, listTagsForResource),
];

/**
 * CloudWatch in both protocols its clients send: AWS JSON 1.0 (`X-Amz-Target:
 * GraniteServiceVersion20100801.<Op>`: current SDKs and CLIs) and awsQuery (form-encoded
 * `Action=<Op>&Version=2010-08-01`, XML answers: older clients such as Debian's AWS CLI 2.9).
 */
export const cloudWatchService: RpcService<CloudWatchContext> = {
  signingName: 'monitoring',
  title: 'CloudWatch',
  actionPrefix: 'cloudwatch',
  protocols: [
    { kind: 'json', version: '1.0', targetPrefix: 'GraniteServiceVersion20100801.' },
    { kind: 'query', version: '2010-08-01', namespace: XML_NAMESPACE },
  ],
  operations: CLOUDWATCH_OPERATIONS,
  invalid: (error, input, protocol) => cloudWatchInvalid(error, input, protocol.kind === 'json'),
  writeError: (error, protocol, request) =>
    protocol.kind === 'json'
      ? jsonError(error, request.headers['x-amzn-query-mode'] === 'true')
      : cloudWatchQueryError(error, request.requestId),
};

export function cloudWatchEndpoint(ctx: CloudWatchContext): RpcEndpoint {
  return rpcEndpoint(cloudWatchService, ctx);
}
