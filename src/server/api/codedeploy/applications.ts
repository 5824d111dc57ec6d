import type { ApplicationRecord, ComputePlatform, Tag } from '../../deployments/records.js';
import {
  ApplicationAlreadyExistsException,
  ApplicationDoesNotExistException,
  BatchLimitExceededException,
  InvalidComputePlatformException,
} from '../../deployments/errors.js';
import { applicationName, page, type CodeDeployOperation } from './operation.js';
import { applicationInfo } from './wire.js';

export function noApplication(name: string): ApplicationDoesNotExistException {
  return new ApplicationDoesNotExistException(`No application found for name: ${name}`);
}

const PLATFORMS: readonly ComputePlatform[] = ['Server', 'Lambda', 'ECS'];

export function tagsOf(value: unknown): Tag[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((t): t is Tag => typeof t === 'object' && t !== null && typeof (t as Tag).Key === 'string')
    .map((t) => ({ Key: t.Key, Value: String(t.Value ?? '') }));
}

export const createApplication: CodeDeployOperation = async (input, { store, clock, random }) => {
  const name = applicationName(input);
  const platform = input['computePlatform'] ?? 'Server';
  if (!PLATFORMS.includes(platform as ComputePlatform)) {
    throw new InvalidComputePlatformException(
      `The compute platform ${JSON.stringify(platform)} is invalid: use Server, Lambda or ECS.`,
    );
  }
  const app: ApplicationRecord = {
    id: random.uuid(),
    name,
    createTime: clock.now(),
    computePlatform: platform as ComputePlatform,
    tags: tagsOf(input['tags']),
  };
  await store.transact((r) => {
    if (r.application(name))
      throw new ApplicationAlreadyExistsException(`Application ${name} already exists.`);
    return { changes: [{ kind: 'putApplication', application: app }], result: undefined };
  });
  return { applicationId: app.id };
};

export const getApplication: CodeDeployOperation = async (input, { store }) => {
  const name = applicationName(input);
  const app = await store.read((r) => r.application(name));
  if (!app) throw noApplication(name);
  return { application: applicationInfo(app) };
};

export const listApplications: CodeDeployOperation = async (input, { store }) => {
  const names = await store.read((r) => r.applications().map((a) => a.name));
  const { items, nextToken } = page(names, input['nextToken']);
  return { applications: items, ...(nextToken ? { nextToken } : {}) };
};

export const batchGetApplications: CodeDeployOperation = async (input, { store }) => {
  const names = Array.isArray(input['applicationNames'])
    ? (input['applicationNames'] as unknown[]).map(String)
    : [];
  if (names.length > 100)
    throw new BatchLimitExceededException(
      'The maximum number of names or IDs allowed for this request (100) was exceeded.',
    );
  const apps = await store.read((r) => names.map((n) => r.application(n)));
  const missing = names.filter((_, i) => !apps[i]);
  if (missing.length > 0) throw noApplication(missing[0]!);
  return { applicationsInfo: apps.map((a) => applicationInfo(a!)) };
};

export const updateApplication: CodeDeployOperation = async (input, { store }) => {
  const from = applicationName(input);
  const to = input['newApplicationName'] === undefined ? from : applicationName(input, 'newApplicationName');
  await store.transact((r) => {
    if (!r.application(from)) throw noApplication(from);
    if (from === to) return { changes: [], result: undefined };
    if (r.application(to)) throw new ApplicationAlreadyExistsException(`Application ${to} already exists.`);
    return { changes: [{ kind: 'renameApplication', from, to }], result: undefined };
  });
  return undefined;
};

export const deleteApplication: CodeDeployOperation = async (input, { store }) => {
  const name = applicationName(input);
  await store.transact((r) =>
    r.application(name)
      ? { changes: [{ kind: 'deleteApplication', name }], result: undefined }
      : { changes: [], result: undefined },
  );
  return undefined;
};
