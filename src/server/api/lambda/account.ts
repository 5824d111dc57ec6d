import { z } from 'zod';
import { UNZIPPED_LIMIT_BYTES, ZIP_LIMIT_BYTES } from '../../functions/config-rules.js';
import { restOperation } from '../rest-operation.js';
import type { LambdaDeps } from './operation.js';

const TOTAL_CODE_SIZE = 80_530_636_800;

export const getAccountSettings = restOperation({
  name: 'GetAccountSettings',
  http: { method: 'GET', path: '/2016-08-19/account-settings' },
  input: () => z.object({}),
  async handle(_input, { registry }: LambdaDeps) {
    const usage = await registry.usage();
    const limit = registry.options.accountConcurrency;
    return {
      AccountLimit: {
        TotalCodeSize: TOTAL_CODE_SIZE,
        CodeSizeUnzipped: UNZIPPED_LIMIT_BYTES,
        CodeSizeZipped: ZIP_LIMIT_BYTES,
        ConcurrentExecutions: limit,
        UnreservedConcurrentExecutions: limit - usage.reservedConcurrency,
      },
      AccountUsage: { TotalCodeSize: usage.totalCodeSize, FunctionCount: usage.functionCount },
    };
  },
});
