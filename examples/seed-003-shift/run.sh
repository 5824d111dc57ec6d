#!/usr/bin/env bash
# Seed 003: the simple deploy workflow of aws-lambda-deploy — move an alias to a new version in N
# weighted steps, checking the new version's Errors between steps and rolling back if it has any —
# done with `gradual shift` on gradual's CodeDeploy engine.
# Needs: a running `gradual serve` (try --time-scale 60), its env (eval "$(gradual env)"), the AWS
# CLI and zip. STEPS, INTERVAL (seconds) and RATE (requests/s of test traffic) override the defaults.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
: "${AWS_ENDPOINT_URL:?point the AWS CLI at gradual first: eval \"\$(gradual env)\" (with gradual serve running)}"
export AWS_PAGER=''
GRADUAL=${GRADUAL:-"node $here/../../bin/gradual.js"}
STEPS=${STEPS:-10}
INTERVAL=${INTERVAL:-120}
RATE=${RATE:-20}
work=$(mktemp -d)
traffic=''
cleanup() {
  [ -n "$traffic" ] && kill "$traffic" 2>/dev/null && wait "$traffic" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }
version() { # the code in $1 as the next version of MyFunction (updated and published in one call)
  (cd "$1" && zip -q -X -r "$work/$1.zip" .)
  aws lambda update-function-code --function-name MyFunction --zip-file "fileb://$work/$1.zip" --publish \
    --query Version --output text
}

step 'An execution role for MyFunction: logs only (AWSLambdaBasicExecutionRole)'
aws iam create-role --role-name lambda-role --assume-role-policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}' \
  >/dev/null 2>&1 || true
aws iam attach-role-policy --role-name lambda-role \
  --policy-arn arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
ROLE=$(aws iam get-role --role-name lambda-role --query Role.Arn --output text)

step 'MyFunction: versions 1 and 2 (healthy) and 3 (fails every request); MyAlias on version 1'
aws lambda delete-function --function-name MyFunction >/dev/null 2>&1 || true
(cd v1 && zip -q -X -r "$work/create.zip" .)
# Timeout counts the server's clock: at --time-scale 60, 30 s is half a real second.
aws lambda create-function --function-name MyFunction --runtime nodejs20.x --handler index.handler \
  --role "$ROLE" --zip-file "fileb://$work/create.zip" --timeout 30 --publish --query Version --output text
aws lambda wait function-active-v2 --function-name MyFunction
version v2
version v3
aws lambda create-alias --function-name MyFunction --name MyAlias --function-version 1 >/dev/null

step "The plan: $STEPS linear steps, ${INTERVAL}s apart, at $RATE requests/s"
$GRADUAL plan --steps "$STEPS" --interval "$INTERVAL" --type linear --rate "$RATE"

step "Traffic: $RATE requests/s on MyFunction:MyAlias while we deploy"
node traffic.mjs MyFunction:MyAlias "$RATE" &
traffic=$!

step 'Shift MyAlias to version 2 (healthy): it reaches 100%'
$GRADUAL shift MyFunction --alias MyAlias --to 2 --steps "$STEPS" --interval "$INTERVAL" --type linear

step 'Shift MyAlias to version 3 (broken): its errors roll it back'
if $GRADUAL shift MyFunction --alias MyAlias --to 3 --steps "$STEPS" --interval "$INTERVAL" --type linear; then
  echo 'version 3 should have been rolled back' >&2
  exit 1
fi
echo 'Rolled back, as it should be.'

step 'Where things stand'
kill "$traffic" && wait "$traffic" || true
traffic=''
$GRADUAL status MyFunction
alias=$(aws lambda get-alias --function-name MyFunction --name MyAlias --query '[FunctionVersion, RoutingConfig]' --output text)
echo "MyAlias: version and routing: $alias"
[ "$alias" = "2	None" ]
