import { z } from 'zod';
import { noApplication, RevisionDoesNotExistException } from '../../deployments/errors.js';
import { seconds } from '../../deployments/view.js';
import { operation } from '../operation.js';
import { applicationName, page } from './input.js';
import type { CodeDeployDeps } from './operation.js';
import { inlineRevision, revisionLocation } from './revision-input.js';

export const registerApplicationRevision = operation(
  'RegisterApplicationRevision',
  () => z.object({ applicationName, revision: inlineRevision, description: z.string().optional() }),
  async (input, { store, clock }: CodeDeployDeps) => {
    const app = input.applicationName;
    const { ref, content } = input.revision;
    await store.transact((r) => {
      if (!r.application(app)) throw noApplication(app);
      const known = r.revision(app, ref.sha256);
      return {
        changes: [
          {
            kind: 'putRevision',
            revision: {
              applicationName: app,
              sha256: ref.sha256,
              revisionType: ref.revisionType,
              content,
              description: input.description ?? known?.description,
              registerTime: known?.registerTime ?? clock.now(),
              firstUsedTime: known?.firstUsedTime,
              lastUsedTime: known?.lastUsedTime,
              deploymentGroups: known?.deploymentGroups ?? [],
            },
          },
        ],
        result: undefined,
      };
    });
    return undefined;
  },
);

export const getApplicationRevision = operation(
  'GetApplicationRevision',
  () => z.object({ applicationName, revision: revisionLocation }),
  async (input, { store }: CodeDeployDeps) => {
    const app = input.applicationName;
    const sha = input.revision;
    const revision = await store.read((r) => {
      if (!r.application(app)) throw noApplication(app);
      return sha ? r.revision(app, sha) : undefined;
    });
    if (!revision)
      throw new RevisionDoesNotExistException(
        'No revision with that sha256 was registered for this application.',
      );
    const body = { content: revision.content, sha256: revision.sha256 };
    return {
      applicationName: app,
      revision:
        revision.revisionType === 'String'
          ? { revisionType: 'String', string: body }
          : { revisionType: 'AppSpecContent', appSpecContent: body },
      revisionInfo: {
        description: revision.description,
        deploymentGroups: revision.deploymentGroups,
        firstUsedTime: seconds(revision.firstUsedTime),
        lastUsedTime: seconds(revision.lastUsedTime),
        registerTime: seconds(revision.registerTime),
      },
    };
  },
);

export const listApplicationRevisions = operation(
  'ListApplicationRevisions',
  () => z.object({ applicationName, nextToken: z.string().optional() }),
  async (input, { store }: CodeDeployDeps) => {
    const app = input.applicationName;
    const revisions = await store.read((r) => {
      if (!r.application(app)) throw noApplication(app);
      return r.revisions(app);
    });
    const { items, nextToken } = page(revisions, input.nextToken);
    return {
      revisions: items.map((rev) =>
        rev.revisionType === 'String'
          ? { revisionType: 'String', string: { sha256: rev.sha256 } }
          : { revisionType: 'AppSpecContent', appSpecContent: { sha256: rev.sha256 } },
      ),
      nextToken,
    };
  },
);
