#!/usr/bin/env bash
# Seed 001: a CodeDeploy blue/green (linear) deployment of a Lambda alias, gated by a Python
# BeforeAllowTraffic hook, driven with the plain AWS CLI against gradual.
# Needs: a running `gradual serve`, its env (eval "$(gradual env)"), the AWS CLI, zip, python3 + boto3.
set -euo pipefail
cd "$(dirname "$0")"
: "${AWS_ENDPOINT_URL:?point the AWS CLI at gradual first: eval \"\$(gradual env)\" (with gradual serve running)}"
export AWS_PAGER=''
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

step() { printf '\n== %s\n' "$*"; }
package() { (cd "$1" && zip -q -X -r "$work/$2" .); }

step 'Start clean (a re-run replaces what an earlier run made)'
aws lambda delete-function --function-name myfunc >/dev/null 2>&1 &
aws lambda delete-function --function-name myfunc1 >/dev/null 2>&1 &
aws deploy delete-application --application-name myapp >/dev/null 2>&1 &
wait

step 'Execution roles: myfunc only writes logs; the hook may also report its status to CodeDeploy'
trust='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
for role in lambda-role hook-role; do
  aws iam create-role --role-name "$role" --assume-role-policy-document "$trust" >/dev/null 2>&1 || true
  aws iam attach-role-policy --role-name "$role" \
    --policy-arn arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
done
aws iam put-role-policy --role-name hook-role --policy-name report-hook-status --policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"codedeploy:PutLifecycleEventHookExecutionStatus","Resource":"arn:aws:codedeploy:*:*:deploymentgroup:myapp/*"}]}'
ROLE=$(aws iam get-role --role-name lambda-role --query Role.Arn --output text)
HOOK_ROLE=$(aws iam get-role --role-name hook-role --query Role.Arn --output text)

step 'myfunc: version 1 and version 2, alias myalias on version 1; myfunc1: the hook (Python, boto3)'
package myfunc/v1 v1.zip
package myfunc/v2 v2.zip
package myfunc1 hook.zip
# The hook is created alongside. Its Timeout counts the server's clock, which also runs its
# computing: at --time-scale 60, 300 s gives Python's boto3 five real seconds to call CodeDeploy.
aws lambda create-function --function-name myfunc1 --runtime python3.12 --handler lambda_function.lambda_handler \
  --role "$HOOK_ROLE" --zip-file "fileb://$work/hook.zip" --timeout 300 >/dev/null &
hook=$!
aws lambda create-function --function-name myfunc --runtime python3.12 --handler lambda_function.lambda_handler \
  --role "$ROLE" --zip-file "fileb://$work/v1.zip" --publish >/dev/null
aws lambda wait function-active-v2 --function-name myfunc
aws lambda update-function-code --function-name myfunc --zip-file "fileb://$work/v2.zip" --publish >/dev/null
aws lambda create-alias --function-name myfunc --name myalias --function-version 1 >/dev/null
aws lambda list-versions-by-function --function-name myfunc --query 'Versions[*].Version'
aws lambda invoke --function-name myfunc:myalias "$work/out.json" --query ExecutedVersion --output text
wait "$hook"
aws lambda wait function-active-v2 --function-name myfunc1

step 'CodeDeploy: application myapp, deployment group mygrp (LambdaLinear10PercentEvery1Minute)'
aws deploy create-application --application-name myapp --compute-platform Lambda >/dev/null
aws deploy create-deployment-group --application-name myapp --deployment-group-name mygrp \
  --service-role-arn arn:aws:iam::000000000000:role/roleforcodedeploy \
  --deployment-config-name CodeDeployDefault.LambdaLinear10PercentEvery1Minute \
  --deployment-style deploymentType=BLUE_GREEN,deploymentOption=WITH_TRAFFIC_CONTROL >/dev/null

step 'Deploy appspec.yml'
revision=$(python3 -c 'import json,sys; print(json.dumps({"revisionType": "AppSpecContent", "appSpecContent": {"content": open("appspec.yml").read()}}))')
id=$(aws deploy create-deployment --application-name myapp --deployment-group-name mygrp \
  --revision "$revision" --query deploymentId --output text)
echo "deployment $id"

step 'While it shifts: which version answers myfunc:myalias?'
status=InProgress
while [ "$status" = InProgress ] || [ "$status" = Created ]; do
  version=$(aws lambda invoke --function-name myfunc:myalias "$work/out.json" --query ExecutedVersion --output text)
  weights=$(aws lambda get-alias --function-name myfunc --name myalias --query 'RoutingConfig.AdditionalVersionWeights' --output text)
  status=$(aws deploy get-deployment --deployment-id "$id" --query deploymentInfo.status --output text)
  echo "ExecutedVersion $version   weights: ${weights}   deployment: $status"
done

step 'Final deployment status'
aws deploy get-deployment --deployment-id "$id" \
  --query 'deploymentInfo.{status: status, overview: deploymentOverview, error: errorInformation}'
aws deploy get-deployment-target --deployment-id "$id" --target-id myfunc:myalias \
  --query 'deploymentTarget.lambdaTarget.lifecycleEvents[*].[lifecycleEventName, status]' --output text
version=$(aws lambda invoke --function-name myfunc:myalias "$work/out.json" --query ExecutedVersion --output text)
echo "myfunc:myalias now runs version $version: $(cat "$work/out.json")"
[ "$status" = Succeeded ] && [ "$version" = 2 ]
