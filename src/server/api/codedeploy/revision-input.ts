import { createHash } from 'node:crypto';
import { z } from 'zod';
import { InvalidRevisionException, RevisionRequiredException } from '../../deployments/errors.js';
import type { RevisionRef } from '../../deployments/model.js';
import { named, refuse } from './input.js';

const holder = z.object({ content: z.unknown(), sha256: z.unknown() }).partial();

/**
 * An inline revision: AppSpec content as AppSpecContent or String, its sha256 checked. gradual
 * keeps no S3 or GitHub revisions.
 */
export const inlineRevision = named(
  z.object({
    revisionType: z.string(),
    appSpecContent: holder.optional(),
    string: holder.optional(),
  }),
  () => new RevisionRequiredException('A revision must be specified.'),
).transform((revision, ctx): { ref: RevisionRef; content: string } => {
  const type = revision.revisionType;
  if (type === 'S3' || type === 'GitHub') {
    return refuse(
      ctx,
      new InvalidRevisionException(
        `gradual keeps no ${type} revisions: send the AppSpec inline (revisionType AppSpecContent with appSpecContent.content).`,
      ),
    );
  }
  const body =
    type === 'AppSpecContent' ? revision.appSpecContent : type === 'String' ? revision.string : undefined;
  if (!body)
    return refuse(
      ctx,
      new InvalidRevisionException(
        'The revision must be of type AppSpecContent (or String) with its content.',
      ),
    );
  if (typeof body.content !== 'string' || body.content.length === 0)
    return refuse(ctx, new InvalidRevisionException('The revision content is missing.'));
  const actual = createHash('sha256').update(body.content).digest('hex');
  if (body.sha256 !== undefined && body.sha256 !== actual) {
    return refuse(
      ctx,
      new InvalidRevisionException(
        `The sha256 of the revision (${JSON.stringify(body.sha256)}) does not match its content (${actual}).`,
      ),
    );
  }
  return {
    ref: { revisionType: type === 'String' ? 'String' : 'AppSpecContent', sha256: actual },
    content: body.content,
  };
});

/** A revision named by its location: only the sha256 matters for inline revisions. */
export const revisionLocation = z
  .object({
    appSpecContent: z.object({ sha256: z.string().optional() }).optional(),
    string: z.object({ sha256: z.string().optional() }).optional(),
  })
  .optional()
  .transform((location) => location?.appSpecContent?.sha256 ?? location?.string?.sha256);
