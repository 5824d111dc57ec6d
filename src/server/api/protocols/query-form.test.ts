import { describe, expect, it } from 'vitest';
import { decodeQueryForm } from './query-form.js';

const form = (s: string) => decodeQueryForm(Buffer.from(s));

describe('awsQuery form decoding', () => {
  it('nests members and turns member.N into lists in order', () => {
    const f = form(
      'Action=PutMetricData&Version=2010-08-01&Namespace=X&MetricData.member.2.MetricName=b&MetricData.member.1.MetricName=a' +
        '&MetricData.member.1.Dimensions.member.1.Name=FunctionName&MetricData.member.1.Dimensions.member.1.Value=f%3Alive' +
        '&MetricData.member.1.StatisticValues.Sum=3',
    );
    expect(f.action).toBe('PutMetricData');
    expect(f.version).toBe('2010-08-01');
    expect(JSON.parse(JSON.stringify(f.params))).toEqual({
      Namespace: 'X',
      MetricData: [
        {
          MetricName: 'a',
          Dimensions: [{ Name: 'FunctionName', Value: 'f:live' }],
          StatisticValues: { Sum: '3' },
        },
        { MetricName: 'b' },
      ],
    });
  });

  it('keeps an empty list as an empty value and maps entry.N', () => {
    const f = form('Action=X&Dimensions=&Tags.entry.1.key=k&Tags.entry.1.value=v&Spaced=a+b');
    expect(JSON.parse(JSON.stringify(f.params))).toEqual({ Dimensions: '', Tags: { k: 'v' }, Spaced: 'a b' });
  });

  it('is not fooled by prototype keys', () => {
    const f = form('__proto__.polluted=1&constructor.prototype.x=1');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.keys(f.params).sort()).toEqual(['__proto__', 'constructor']);
  });
});
