import { noApplication } from './applications.js';
import { inlineRevision } from './deployments.js';
import { RevisionDoesNotExistException } from '../../deployments/errors.js';
import { applicationName, page, type CodeDeployOperation } from './operation.js';
import { seconds } from './wire.js';

export const registerApplicationRevision: CodeDeployOperation = async (input, { store, clock }) => {
  const app = applicationName(input);
  const { ref, content } = inlineRevision(input['revision']);
  const description = typeof input['description'] === 'string' ? input['description'] : undefined;
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
            description: description ?? known?.description,
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
};

export const getApplicationRevision: CodeDeployOperation = async (input, { store }) => {
  const app = applicationName(input);
  const location = (input['revision'] ?? {}) as Record<string, unknown>;
  const holder = (location['appSpecContent'] ?? location['string'] ?? {}) as Record<string, unknown>;
  const sha = typeof holder['sha256'] === 'string' ? holder['sha256'] : undefined;
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
};

export const listApplicationRevisions: CodeDeployOperation = async (input, { store }) => {
  const app = applicationName(input);
  const revisions = await store.read((r) => {
    if (!r.application(app)) throw noApplication(app);
    return r.revisions(app);
  });
  const { items, nextToken } = page(revisions, input['nextToken']);
  return {
    revisions: items.map((rev) =>
      rev.revisionType === 'String'
        ? { revisionType: 'String', string: { sha256: rev.sha256 } }
        : { revisionType: 'AppSpecContent', appSpecContent: { sha256: rev.sha256 } },
    ),
    ...(nextToken ? { nextToken } : {}),
  };
};
