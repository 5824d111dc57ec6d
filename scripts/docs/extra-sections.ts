import type { ExtraSection } from './compatibility-page.js';

/** Sections from the code's other registries (resource types, language features), where they exist. */
export function extraSections(): ExtraSection[] {
  return [];
}
