#!/usr/bin/env bash
# Seed 003's Step Functions workflow (aws-lambda-deploy's DeployStateMachine): shift an alias to a
# new version in weighted steps, `interval` seconds apart, with a health check after each wait;
# roll back and fail when it says FAILED. One Python function (boto3) per Task state, the state
# machine word for word, everything driven with the plain AWS CLI.
# Needs: a running `gradual serve` (try --time-scale 60), its env (eval "$(gradual env)"), the AWS
# CLI, zip, python3 with boto3. STEPS, INTERVAL (seconds) and RATE (requests/s of test traffic)
# override the defaults.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
: "${AWS_ENDPOINT_URL:?point the AWS CLI at gradual first: eval \"\$(gradual env)\" (with gradual serve running)}"
export AWS_PAGER=''
STEPS=${STEPS:-10}
INTERVAL=${INTERVAL:-120}
RATE=${RATE:-20}
STATES_ROLE=arn:aws:iam::000000000000:role/states-execution-role
STATES=(CalculateWeights:calculate_weights UpdateWeight:update_weight HealthCheck:health_check
  Rollback:rollback Finalize:finalize)
work=$(mktemp -d)
traffic=''
cleanup() {
  [ -n "$traffic" ] && kill "$traffic" 2>/dev/null && wait "$traffic" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }
package() { (cd "$1" && zip -q -X -r "$work/$2.zip" .); }

step 'Start clean (a re-run replaces what an earlier run made)'
for name in MyFunction "${STATES[@]%%:*}"; do
  fn=$name
  [ "$name" = MyFunction ] || fn=DeployWorkflow-$name
  aws lambda delete-function --function-name "$fn" >/dev/null 2>&1 &
done
aws cloudwatch delete-alarms --alarm-names MyFunction-MyAlias-v2-errors MyFunction-MyAlias-v3-errors \
  DeployStateMachine-executions-failed >/dev/null 2>&1 &
wait

step 'Execution roles: MyFunction logs only; the workflow'"'"'s functions may also move MyAlias and read its alarms'
trust='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
for role in lambda-role deploy-workflow-role; do
  aws iam create-role --role-name "$role" --assume-role-policy-document "$trust" >/dev/null 2>&1 || true
  aws iam attach-role-policy --role-name "$role" \
    --policy-arn arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
done
aws iam put-role-policy --role-name deploy-workflow-role --policy-name shift-my-alias --policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"lambda:UpdateAlias","Resource":"arn:aws:lambda:*:*:function:MyFunction*"},{"Effect":"Allow","Action":"cloudwatch:DescribeAlarmsForMetric","Resource":"*"}]}'
ROLE=$(aws iam get-role --role-name lambda-role --query Role.Arn --output text)
WORKFLOW_ROLE=$(aws iam get-role --role-name deploy-workflow-role --query Role.Arn --output text)

step 'MyFunction: versions 1 and 2 (healthy) and 3 (fails every request); MyAlias on version 1'
package my-function/v1 v1
package my-function/v2 v2
package my-function/v3 v3
# --timeout 30: Lambda's 3 s default is 30 ms of real time on a 100x rehearsal clock, which a busy
# machine can miss; a healthy version must not time out.
arn=$(aws lambda create-function --function-name MyFunction --runtime python3.12 --handler app.handler \
  --role "$ROLE" --zip-file "fileb://$work/v1.zip" --timeout 30 --publish --query FunctionArn --output text)
region=$(echo "$arn" | cut -d: -f4)
account=$(echo "$arn" | cut -d: -f5)
aws lambda wait function-active-v2 --function-name MyFunction
aws lambda update-function-code --function-name MyFunction --zip-file "fileb://$work/v2.zip" --publish \
  --query Version --output text
aws lambda update-function-code --function-name MyFunction --zip-file "fileb://$work/v3.zip" --publish \
  --query Version --output text
aws lambda create-alias --function-name MyFunction --name MyAlias --function-version 1 >/dev/null

step 'The workflow: one Python function per Task state, and the state machine of the seed'
for entry in "${STATES[@]}"; do
  name=${entry%%:*}
  package "functions/${entry#*:}" "$name"
  aws lambda create-function --function-name "DeployWorkflow-$name" --runtime python3.12 \
    --handler app.handler --role "$WORKFLOW_ROLE" --timeout 30 --zip-file "fileb://$work/$name.zip" \
    --query FunctionName --output text &
done
wait
for name in "${STATES[@]%%:*}"; do aws lambda wait function-active-v2 --function-name "DeployWorkflow-$name"; done
machine=arn:aws:states:$region:$account:stateMachine:DeployStateMachine
aws stepfunctions delete-state-machine --state-machine-arn "$machine" >/dev/null 2>&1 || true
sed -e "s/REGION/$region/" -e "s/ACCOUNT/$account/" deploy-state-machine.json >"$work/definition.json"
aws stepfunctions create-state-machine --name DeployStateMachine --role-arn "$STATES_ROLE" \
  --definition "file://$work/definition.json" --query stateMachineArn --output text

step 'Alarms: the Errors of versions 2 and 3 behind MyAlias (what HealthCheck reads), and the ExecutionsFailed of the workflow (the seed suggests it)'
for v in 2 3; do
  aws cloudwatch put-metric-alarm --alarm-name "MyFunction-MyAlias-v$v-errors" --namespace AWS/Lambda \
    --metric-name Errors --statistic Sum --period 60 --evaluation-periods 1 --threshold 0 \
    --comparison-operator GreaterThanThreshold --treat-missing-data notBreaching \
    --dimensions Name=FunctionName,Value=MyFunction Name=Resource,Value=MyFunction:MyAlias \
    Name=ExecutedVersion,Value=$v
done
aws cloudwatch put-metric-alarm --alarm-name DeployStateMachine-executions-failed --namespace AWS/States \
  --metric-name ExecutionsFailed --dimensions "Name=StateMachineArn,Value=$machine" --statistic Sum \
  --period 60 --evaluation-periods 1 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold \
  --treat-missing-data notBreaching
aws cloudwatch describe-alarms --query 'MetricAlarms[].[AlarmName, StateValue]' --output text

step "Traffic: $RATE requests/s on MyFunction:MyAlias while the workflow shifts it"
python3 traffic.py MyFunction:MyAlias "$RATE" &
traffic=$!

# Starts the workflow for version $1 and follows it until it ends: the alias as it moves, then the
# execution as DescribeExecution and GetExecutionHistory tell it.
deploy() {
  local input execution status=RUNNING split last=''
  input=$(printf '{"function-name": "MyFunction", "alias-name": "MyAlias", "new-version": "%s", "steps": %s, "interval": %s, "type": "linear"}' \
    "$1" "$STEPS" "$INTERVAL")
  execution=$(aws stepfunctions start-execution --state-machine-arn "$machine" --input "$input" \
    --query executionArn --output text)
  echo "execution $execution"
  while [ "$status" = RUNNING ]; do
    split=$(aws lambda get-alias --function-name MyFunction --name MyAlias \
      --query '[FunctionVersion, RoutingConfig.AdditionalVersionWeights]' --output json | tr -d ' \n')
    [ "$split" != "$last" ] && echo "  MyAlias [version, extra weights]: $split"
    last=$split
    status=$(aws stepfunctions describe-execution --execution-arn "$execution" --query status --output text)
  done
  aws stepfunctions describe-execution --execution-arn "$execution" \
    --query '{status: status, error: error, cause: cause, output: output}'
  echo -n 'Weights UpdateWeight set: '
  aws stepfunctions get-execution-history --execution-arn "$execution" \
    --query 'events[?stateExitedEventDetails.name==`UpdateWeight`].stateExitedEventDetails.output' \
    --output json | python3 -c 'import json, sys; print(*(json.loads(o)["current-weight"] for o in json.load(sys.stdin)))'
  echo 'Its last events:'
  aws stepfunctions get-execution-history --execution-arn "$execution" --reverse-order \
    --query 'events[:6].[id, type, stateEnteredEventDetails.name || stateExitedEventDetails.name || `""`]' \
    --output text
  [ "$status" = "$2" ]
}

step 'Deploy version 2 (healthy): the workflow shifts it to 100% and SUCCEEDS'
deploy 2 SUCCEEDED

step 'Deploy version 3 (broken): its alarm fails the health check, the workflow rolls back and FAILS'
deploy 3 FAILED

step 'Where things stand'
kill "$traffic" && wait "$traffic" || true
traffic=''
alias=$(aws lambda get-alias --function-name MyFunction --name MyAlias \
  --query '[FunctionVersion, RoutingConfig]' --output text)
echo "MyAlias: version and routing: $alias"
aws cloudwatch describe-alarm-history --alarm-name DeployStateMachine-executions-failed \
  --history-item-type StateUpdate --query 'AlarmHistoryItems[].HistorySummary' --output text | tr '\t' '\n'
[ "$alias" = "2	None" ]
