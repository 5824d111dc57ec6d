import { aslSection } from './asl-section.js';
import { cloudFormationSection } from './cloudformation-section.js';
import type { ExtraSection } from './compatibility-page.js';

/** Sections from the code's other registries: each reads a table the code itself runs on. */
export function extraSections(): ExtraSection[] {
  return [cloudFormationSection(), aslSection()];
}
