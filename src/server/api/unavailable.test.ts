import { describe, expect, it } from 'vitest';
import { DatabaseUnavailableException } from '../../common/errors.js';
import { unavailableError } from './unavailable.js';

describe('unavailableError', () => {
  const down = new DatabaseUnavailableException('connect ECONNREFUSED');

  it.each([
    ['lambda', 'ServiceException', 500],
    ['gradual', 'ServiceException', 500],
    ['apigateway', 'ServiceUnavailableException', 503],
    ['logs', 'ServiceUnavailableException', 500],
    ['codedeploy', 'ServiceUnavailable', 503],
    ['states', 'ServiceUnavailable', 503],
    ['s3', 'ServiceUnavailable', 503],
  ])('%s answers %s with %i, as its model says', (service, code, status) => {
    const error = unavailableError(service, down);
    expect({ code: error.code, status: error.status }).toEqual({ code, status });
    expect(error.message).toBe(down.message);
  });

  it('a request of no known service is answered as Lambda', () => {
    expect(unavailableError(undefined, down)).toMatchObject({ code: 'ServiceException', status: 500 });
  });
});
