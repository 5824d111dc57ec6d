import { getAccountSettings } from './account.js';
import { createAlias, deleteAlias, getAlias, listAliases, updateAlias } from './aliases.js';
import { deleteFunctionConcurrency, getFunctionConcurrency, putFunctionConcurrency } from './concurrency.js';
import {
  createFunction,
  deleteFunction,
  getFunction,
  getFunctionConfiguration,
  listFunctions,
  updateFunctionCode,
  updateFunctionConfiguration,
} from './functions.js';
import {
  createFunctionUrlConfig,
  deleteFunctionUrlConfig,
  getFunctionUrlConfig,
  listFunctionUrlConfigs,
  updateFunctionUrlConfig,
} from './function-urls.js';
import { invoke } from './invoke.js';
import {
  deleteFunctionEventInvokeConfig,
  getFunctionEventInvokeConfig,
  listFunctionEventInvokeConfigs,
  putFunctionEventInvokeConfig,
  updateFunctionEventInvokeConfig,
} from './event-invoke-configs.js';
import type { LambdaDeps, LambdaOperation } from './operation.js';
import type { RestService } from '../rest-operation.js';
import { invalidInput, parseJsonBody } from '../validation.js';
import { addPermission, getPolicy, removePermission } from './permissions.js';
import {
  deleteProvisionedConcurrencyConfig,
  getProvisionedConcurrencyConfig,
  putProvisionedConcurrencyConfig,
} from './provisioned.js';
import { listTags, tagResource, untagResource } from './tags.js';
import { listVersionsByFunction, publishVersion } from './versions.js';

/** Every Lambda control operation gradual serves. */
export const LAMBDA_OPERATIONS: readonly LambdaOperation[] = [
  createFunction,
  listFunctions,
  getFunction,
  getFunctionConfiguration,
  updateFunctionCode,
  updateFunctionConfiguration,
  deleteFunction,
  publishVersion,
  listVersionsByFunction,
  createAlias,
  listAliases,
  getAlias,
  updateAlias,
  deleteAlias,
  putFunctionConcurrency,
  getFunctionConcurrency,
  deleteFunctionConcurrency,
  invoke,
  putProvisionedConcurrencyConfig,
  getProvisionedConcurrencyConfig,
  deleteProvisionedConcurrencyConfig,
  tagResource,
  listTags,
  untagResource,
  getAccountSettings,
  addPermission,
  removePermission,
  getPolicy,
  createFunctionUrlConfig,
  getFunctionUrlConfig,
  updateFunctionUrlConfig,
  deleteFunctionUrlConfig,
  listFunctionUrlConfigs,
  putFunctionEventInvokeConfig,
  updateFunctionEventInvokeConfig,
  getFunctionEventInvokeConfig,
  deleteFunctionEventInvokeConfig,
  listFunctionEventInvokeConfigs,
];

/** Lambda's REST-JSON: a body that is not JSON, or does not fit, answered in Lambda's words. */
export const LAMBDA_SERVICE: RestService<LambdaDeps> = {
  operations: LAMBDA_OPERATIONS,
  decodeBody: parseJsonBody,
  invalid: invalidInput,
};

/** Path prefixes of Lambda's REST API (Lambda API Reference). */
export const LAMBDA_PREFIXES = [
  '/2015-03-31/',
  '/2017-10-31/',
  '/2019-09-30/',
  '/2016-08-19/',
  '/2017-03-31/',
  '/2014-11-13/',
  '/2021-10-31/',
];

export function isLambdaPath(path: string): boolean {
  return LAMBDA_PREFIXES.some((prefix) => path.startsWith(prefix));
}
