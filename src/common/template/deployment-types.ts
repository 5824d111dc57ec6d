import { nearest } from './nearest.js';

/**
 * SAM's `DeploymentPreference.Type`, checked the same way by `gradual deploy` and by the server's
 * SAM transform: a short type names a predefined config; anything else is a custom config's name.
 */

/** SAM's short types ("Traffic shifting configurations" in SAM's DeploymentPreference documentation). */
export const SHORT_TYPES = [
  'Canary10Percent5Minutes',
  'Canary10Percent10Minutes',
  'Canary10Percent15Minutes',
  'Canary10Percent30Minutes',
  'Linear10PercentEvery1Minute',
  'Linear10PercentEvery2Minutes',
  'Linear10PercentEvery3Minutes',
  'Linear10PercentEvery10Minutes',
  'AllAtOnce',
];

/** The predefined Lambda deployment configs CodeDeploy has (SAM's short types, in full). */
export const PREDEFINED_CONFIGS = SHORT_TYPES.map((t) => `CodeDeployDefault.Lambda${t}`);

/** The CodeDeploy config a type names. */
export function configNameOf(type: string): string {
  return SHORT_TYPES.includes(type) ? `CodeDeployDefault.Lambda${type}` : type;
}

/**
 * Why a type cannot be right, before anything is created: a `CodeDeployDefault.` name CodeDeploy
 * does not have, or a near miss of a short type (a custom config is named otherwise; whether it
 * exists is for CodeDeploy to say).
 */
export function deploymentTypeProblem(type: string): string | undefined {
  if (type.startsWith('CodeDeployDefault.') && !PREDEFINED_CONFIGS.includes(type)) {
    const guess = nearest(type, [...SHORT_TYPES, ...PREDEFINED_CONFIGS]);
    return `${type} is not a CodeDeploy Lambda config${guess ? ` (did you mean ${guess}?)` : ''}`;
  }
  if (!type.includes('.') && !SHORT_TYPES.includes(type)) {
    const guess = nearest(type, SHORT_TYPES);
    if (guess) return `${type} is not a SAM deployment type (did you mean ${guess}?)`;
  }
  return undefined;
}
