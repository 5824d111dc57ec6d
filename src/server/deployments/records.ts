import type { AlarmConfiguration, AutoRollbackConfiguration, GradualOptions } from './model.js';
import type { TrafficRouting } from './traffic.js';

/** CodeDeploy's control-plane records for the Lambda compute platform. */

export type ComputePlatform = 'Server' | 'Lambda' | 'ECS';

export interface Tag {
  Key: string;
  Value: string;
}

export interface ApplicationRecord {
  id: string;
  name: string;
  createTime: number;
  computePlatform: ComputePlatform;
  tags: Tag[];
}

export interface TriggerConfig {
  triggerName: string;
  triggerTargetArn: string;
  triggerEvents: string[];
}

export interface GroupRecord {
  id: string;
  applicationName: string;
  name: string;
  serviceRoleArn: string;
  deploymentConfigName: string;
  alarmConfiguration: AlarmConfiguration;
  autoRollbackConfiguration: AutoRollbackConfiguration;
  triggerConfigurations: TriggerConfig[];
  tags: Tag[];
  /** gradual's options for deployments of this group (see GradualOptions). */
  options: Partial<GradualOptions>;
}

export interface ConfigRecord {
  id: string;
  name: string;
  createTime: number;
  routing: TrafficRouting;
}

export interface RevisionRecord {
  applicationName: string;
  sha256: string;
  revisionType: 'AppSpecContent' | 'String';
  content: string;
  description: string | undefined;
  registerTime: number;
  firstUsedTime: number | undefined;
  lastUsedTime: number | undefined;
  deploymentGroups: string[];
}
