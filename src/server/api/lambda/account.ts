import { UNZIPPED_LIMIT_BYTES, ZIP_LIMIT_BYTES } from '../../functions/config-rules.js';
import type { Operation } from './operation.js';

const TOTAL_CODE_SIZE = 80_530_636_800;

export const getAccountSettings: Operation = {
  name: 'GetAccountSettings',
  method: 'GET',
  path: '/2016-08-19/account-settings',
  async handle(_request, { registry }) {
    const usage = await registry.usage();
    const limit = registry.options.accountConcurrency;
    return {
      status: 200,
      body: {
        AccountLimit: {
          TotalCodeSize: TOTAL_CODE_SIZE,
          CodeSizeUnzipped: UNZIPPED_LIMIT_BYTES,
          CodeSizeZipped: ZIP_LIMIT_BYTES,
          ConcurrentExecutions: limit,
          UnreservedConcurrentExecutions: limit - usage.reservedConcurrency,
        },
        AccountUsage: { TotalCodeSize: usage.totalCodeSize, FunctionCount: usage.functionCount },
      },
    };
  },
};
