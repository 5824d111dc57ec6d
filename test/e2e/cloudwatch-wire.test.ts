import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { signedFetch } from '../support/signed-fetch.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.dispose();
});

const NS = 'http://monitoring.amazonaws.com/doc/2010-08-01/';

function query(form: string): Promise<Response> {
  return signedFetch(`${t.server.url}/`, {
    method: 'POST',
    service: 'monitoring',
    credentials: t.credentials,
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: `Version=2010-08-01&${form}`,
  });
}

function json(op: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return signedFetch(`${t.server.url}/`, {
    method: 'POST',
    service: 'monitoring',
    credentials: t.credentials,
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `GraniteServiceVersion20100801.${op}`,
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

const xml = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  isArray: (name) => name === 'member',
});

describe('awsQuery: form in, XML out', () => {
  it('PutMetricAlarm answers with the empty response document', async () => {
    const res = await query(
      'Action=PutMetricAlarm&AlarmName=wire&MetricName=Errors&Namespace=AWS%2FLambda&Statistic=Sum' +
        '&Dimensions.member.1.Name=FunctionName&Dimensions.member.1.Value=f&Dimensions.member.2.Name=Resource&Dimensions.member.2.Value=f%3Alive' +
        '&Period=60&EvaluationPeriods=1&Threshold=1&ComparisonOperator=GreaterThanOrEqualToThreshold&TreatMissingData=notBreaching',
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/xml');
    const requestId = res.headers.get('x-amzn-requestid');
    expect(await res.text()).toBe(
      `<PutMetricAlarmResponse xmlns="${NS}"><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></PutMetricAlarmResponse>`,
    );
  });

  it('DescribeAlarms puts its output in DescribeAlarmsResult, lists as member, times as ISO-8601', async () => {
    const res = await query('Action=DescribeAlarms&AlarmNames.member.1=wire');
    const doc = xml.parse(await res.text()) as Record<string, Record<string, unknown>>;
    const result = doc['DescribeAlarmsResponse']!['DescribeAlarmsResult'] as Record<
      string,
      { member: Record<string, unknown>[] }
    >;
    const alarm = result['MetricAlarms']!.member[0]!;
    expect(alarm).toMatchObject({
      AlarmName: 'wire',
      StateValue: 'INSUFFICIENT_DATA',
      Threshold: '1',
      ActionsEnabled: 'true',
      OKActions: '',
      Dimensions: {
        member: [
          { Name: 'FunctionName', Value: 'f' },
          { Name: 'Resource', Value: 'f:live' },
        ],
      },
    });
    expect(alarm['StateUpdatedTimestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(result['CompositeAlarms']).toBe('');
  });

  it('maps come back as entry/key/value', async () => {
    const at = new Date().toISOString();
    await query(
      `Action=PutMetricData&Namespace=Wire&MetricData.member.1.MetricName=lat&MetricData.member.1.Value=42&MetricData.member.1.Timestamp=${at}`,
    );
    const res = await query(
      `Action=GetMetricStatistics&Namespace=Wire&MetricName=lat&StartTime=${new Date(Date.now() - 600_000).toISOString()}&EndTime=${new Date(Date.now() + 60_000).toISOString()}&Period=60&ExtendedStatistics.member.1=p99`,
    );
    const text = await res.text();
    expect(text).toContain(
      '<ExtendedStatistics><entry><key>p99</key><value>42</value></entry></ExtendedStatistics>',
    );
    expect(text).toContain('<Label>lat</Label>');
  });

  it('errors: ErrorResponse with Type, Code, Message and the modelled status', async () => {
    const missing = await query('Action=SetAlarmState&AlarmName=nope&StateValue=OK&StateReason=x');
    expect(missing.status).toBe(404);
    const requestId = missing.headers.get('x-amzn-requestid');
    expect(await missing.text()).toBe(
      `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>ResourceNotFound</Code></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
    );
    const invalid = await query(
      'Action=PutMetricAlarm&AlarmName=x&EvaluationPeriods=0&ComparisonOperator=GreaterThanThreshold',
    );
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toContain(
      "<Code>ValidationError</Code><Message>1 validation error detected: Value '0' at 'evaluationPeriods' failed to satisfy constraint: Member must have value greater than or equal to 1</Message>",
    );
    const unknown = await query('Action=DescribeDashboards');
    expect([unknown.status, await unknown.text()]).toEqual([
      400,
      expect.stringContaining('<Code>InvalidAction</Code>') as string,
    ]);
  });

  it('an unsigned request is refused in the protocol it came in', async () => {
    const res = await fetch(`${t.server.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=DescribeAlarms&Version=2010-08-01',
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('<ErrorResponse');
  });
});

describe('AWS JSON 1.0 with awsQueryCompatible errors', () => {
  it('answers in x-amz-json-1.0 with epoch-second timestamps', async () => {
    const res = await json('DescribeAlarms', { AlarmNames: ['wire'] });
    expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    const body = (await res.json()) as { MetricAlarms: { StateUpdatedTimestamp: unknown }[] };
    expect(typeof body.MetricAlarms[0]!.StateUpdatedTimestamp).toBe('number');
  });

  it('errors carry the shape in __type and the query code in x-amzn-query-error', async () => {
    const plain = await json('SetAlarmState', { AlarmName: 'nope', StateValue: 'OK', StateReason: 'x' });
    expect(plain.status).toBe(400); // without x-amzn-query-mode every client error is a 400
    expect(plain.headers.get('x-amzn-query-error')).toBe('ResourceNotFound;Sender');
    expect(await plain.json()).toEqual({ __type: 'com.amazonaws.cloudwatch.v2010_08_01#ResourceNotFound' });
    const queryMode = await json(
      'SetAlarmState',
      { AlarmName: 'nope', StateValue: 'OK', StateReason: 'x' },
      { 'x-amzn-query-mode': 'true' },
    );
    expect(queryMode.status).toBe(404);
    const invalid = await json('SetAlarmState', {
      AlarmName: 'wire',
      StateValue: 'INVALID',
      StateReason: 'x',
    });
    expect(invalid.headers.get('x-amzn-query-error')).toBe('ValidationError;Sender');
    expect(await invalid.json()).toMatchObject({ __type: 'com.amazon.coral.validate#ValidationException' });
    const combination = await json('PutMetricData', {
      Namespace: 'X',
      MetricData: [{ MetricName: 'm', Value: 1, Values: [1] }],
    });
    expect(await combination.json()).toMatchObject({
      __type: 'com.amazonaws.cloudwatch.v2010_08_01#InvalidParameterCombinationException',
    });
    const wrongType = await json('PutMetricAlarm', {
      AlarmName: 'x',
      EvaluationPeriods: 'one',
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect([wrongType.status, ((await wrongType.json()) as { __type: string }).__type]).toEqual([
      400,
      'com.amazon.coral.service#SerializationException',
    ]);
  });
});
