import { z } from 'zod';
import type { ApplicationRecord, ComputePlatform } from '../../deployments/records.js';
import {
  ApplicationAlreadyExistsException,
  InvalidComputePlatformException,
  noApplication,
} from '../../deployments/errors.js';
import { operation } from '../operation.js';
import { applicationName, batch, named, page, tags } from './input.js';
import type { CodeDeployDeps } from './operation.js';
import { applicationInfo } from './wire.js';

const PLATFORMS = ['Server', 'Lambda', 'ECS'] as const satisfies readonly ComputePlatform[];

const computePlatform = named(z.enum(PLATFORMS).default('Server'), (value) => {
  return new InvalidComputePlatformException(
    `The compute platform ${JSON.stringify(value)} is invalid: use Server, Lambda or ECS.`,
  );
});

export const createApplication = operation(
  'CreateApplication',
  () => z.object({ applicationName, computePlatform, tags }),
  async (input, { store, clock, random }: CodeDeployDeps) => {
    const app: ApplicationRecord = {
      id: random.uuid(),
      name: input.applicationName,
      createTime: clock.now(),
      computePlatform: input.computePlatform,
      tags: input.tags,
    };
    await store.transact((r) => {
      if (r.application(app.name))
        throw new ApplicationAlreadyExistsException(`Application ${app.name} already exists.`);
      return { changes: [{ kind: 'putApplication', application: app }], result: undefined };
    });
    return { applicationId: app.id };
  },
);

export const getApplication = operation(
  'GetApplication',
  () => z.object({ applicationName }),
  async (input, { store }: CodeDeployDeps) => {
    const app = await store.read((r) => r.application(input.applicationName));
    if (!app) throw noApplication(input.applicationName);
    return { application: applicationInfo(app) };
  },
);

export const listApplications = operation(
  'ListApplications',
  () => z.object({ nextToken: z.string().optional() }),
  async (input, { store }: CodeDeployDeps) => {
    const names = await store.read((r) => r.applications().map((a) => a.name));
    const { items, nextToken } = page(names, input.nextToken);
    return { applications: items, nextToken };
  },
);

export const batchGetApplications = operation(
  'BatchGetApplications',
  () => z.object({ applicationNames: batch }),
  async (input, { store }: CodeDeployDeps) => {
    const names = input.applicationNames;
    const apps = await store.read((r) => names.map((n) => r.application(n)));
    const missing = names.filter((_, i) => !apps[i]);
    if (missing.length > 0) throw noApplication(missing[0]!);
    return { applicationsInfo: apps.map((a) => applicationInfo(a!)) };
  },
);

export const updateApplication = operation(
  'UpdateApplication',
  () => z.object({ applicationName, newApplicationName: applicationName.optional() }),
  async (input, { store }: CodeDeployDeps) => {
    const from = input.applicationName;
    const to = input.newApplicationName ?? from;
    await store.transact((r) => {
      if (!r.application(from)) throw noApplication(from);
      if (from === to) return { changes: [], result: undefined };
      if (r.application(to)) throw new ApplicationAlreadyExistsException(`Application ${to} already exists.`);
      return { changes: [{ kind: 'renameApplication', from, to }], result: undefined };
    });
    return undefined;
  },
);

export const deleteApplication = operation(
  'DeleteApplication',
  () => z.object({ applicationName }),
  async (input, { store }: CodeDeployDeps) => {
    const name = input.applicationName;
    await store.transact((r) =>
      r.application(name)
        ? { changes: [{ kind: 'deleteApplication', name }], result: undefined }
        : { changes: [], result: undefined },
    );
    return undefined;
  },
);
