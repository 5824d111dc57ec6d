import type { ResourceProvider, StackPorts } from '../ports.js';
import { cloudWatchAlarm } from './alarm.js';
import type { ServiceClients } from './clients.js';
import { codeDeployApplication, codeDeployGroup } from './codedeploy.js';
import { iamManagedPolicy } from './iam-managed-policy.js';
import { iamPolicy } from './iam-policy.js';
import { iamRole } from './iam-role.js';
import { s3Bucket } from './s3-bucket.js';
import { s3BucketPolicy } from './s3-bucket-policy.js';
import { stateMachine } from './state-machine.js';
import { lambdaAlias, lambdaVersion } from './lambda-alias.js';
import { lambdaPermission, lambdaUrl } from './lambda-access.js';
import { lambdaEventInvokeConfig } from './lambda-invoke-settings.js';
import { lambdaFunction } from './lambda-function.js';
import { httpApi } from './http-api.js';
import { httpApiIntegration, httpApiRoute, httpApiStage } from './http-api-parts.js';
import { restApi } from './rest-api.js';
import { restApiMethod, restApiResource } from './rest-api-parts.js';
import { restApiDeployment, restApiStage } from './rest-api-stages.js';

/** Every resource type's provider, over the services' own APIs. */
export function providers(clients: ServiceClients, place: { region: string; accountId: string }): StackPorts {
  const byType: Record<string, ResourceProvider> = {
    'AWS::Lambda::Function': lambdaFunction(clients),
    'AWS::Lambda::Version': lambdaVersion(clients),
    'AWS::Lambda::Alias': lambdaAlias(clients),
    'AWS::Lambda::Permission': lambdaPermission(clients),
    'AWS::Lambda::Url': lambdaUrl(clients),
    'AWS::Lambda::EventInvokeConfig': lambdaEventInvokeConfig(clients),
    'AWS::CodeDeploy::Application': codeDeployApplication(clients),
    'AWS::CodeDeploy::DeploymentGroup': codeDeployGroup(clients),
    'AWS::CloudWatch::Alarm': cloudWatchAlarm(clients, place),
    'AWS::IAM::Role': iamRole(clients),
    'AWS::IAM::Policy': iamPolicy(clients),
    'AWS::StepFunctions::StateMachine': stateMachine(clients, place),
    'AWS::S3::Bucket': s3Bucket(clients, place),
    'AWS::S3::BucketPolicy': s3BucketPolicy(clients),
    'AWS::IAM::ManagedPolicy': iamManagedPolicy(clients, place),
    'AWS::ApiGateway::RestApi': restApi(clients),
    'AWS::ApiGateway::Resource': restApiResource(clients),
    'AWS::ApiGateway::Method': restApiMethod(clients),
    'AWS::ApiGateway::Deployment': restApiDeployment(clients),
    'AWS::ApiGateway::Stage': restApiStage(clients),
    'AWS::ApiGatewayV2::Api': httpApi(clients),
    'AWS::ApiGatewayV2::Integration': httpApiIntegration(clients),
    'AWS::ApiGatewayV2::Route': httpApiRoute(clients),
    'AWS::ApiGatewayV2::Stage': httpApiStage(clients),
  };
  return { provider: (type) => Promise.resolve(byType[type]) };
}
