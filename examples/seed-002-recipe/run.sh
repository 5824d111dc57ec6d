#!/usr/bin/env bash
# Seed recipe 002, "Lambda Safe Deployments with Blue-Green and Canary", run against gradual with
# the AWS CLI. Start `gradual serve` and export what it prints (AWS_ACCESS_KEY_ID,
# AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_DEFAULT_REGION, AWS_ENDPOINT_URL, GRADUAL_GATEWAY_URL),
# then run this script. Commands are the recipe's; where one had to change, a comment says why.
set -euo pipefail

: "${AWS_ENDPOINT_URL:?export the variables gradual serve prints first}"
GRADUAL_GATEWAY_URL="${GRADUAL_GATEWAY_URL:-http://127.0.0.1:8080}"
GATEWAY_PORT="${GRADUAL_GATEWAY_URL##*:}"
PAUSE="${PAUSE:-1}" # seconds between test requests (the recipe's `sleep 1`)

WORK="$(mktemp -d)"
cd "$WORK"
trap 'rm -rf "$WORK"' EXIT

# Preparation
export AWS_REGION="${AWS_REGION:-$(aws configure get region)}"
# gradual has no STS: its account id is the one it was started with (`--account-id`).
export AWS_ACCOUNT_ID="${AWS_ACCOUNT_ID:-000000000000}"
# gradual has no Secrets Manager: the suffix comes from /dev/urandom instead.
RANDOM_SUFFIX=$(head -c 3 /dev/urandom | od -An -tx1 | tr -d ' \n')
export FUNCTION_NAME="deploy-patterns-demo-${RANDOM_SUFFIX}"
export API_NAME="deployment-api-${RANDOM_SUFFIX}"
export ROLE_NAME="lambda-deploy-role-${RANDOM_SUFFIX}"
echo "Function Name: $FUNCTION_NAME"
echo "API Name: $API_NAME"

# Step 1: the execution role, as the seed creates it: trust Lambda, attach the basic execution policy.
cat > trust-policy.json << EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Service": "lambda.amazonaws.com" },
      "Action": "sts:AssumeRole"
    }
  ]
}
EOF
aws iam create-role \
    --role-name "$ROLE_NAME" \
    --assume-role-policy-document file://trust-policy.json > /dev/null
aws iam attach-role-policy \
    --role-name "$ROLE_NAME" \
    --policy-arn arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
export ROLE_ARN="arn:aws:iam::${AWS_ACCOUNT_ID}:role/${ROLE_NAME}"
echo "✅ Created IAM role: $ROLE_ARN"

# Step 2: the function, version 1 (blue).
cat > lambda_function_v1.py << 'PY'
import json
import os

def lambda_handler(event, context):
    version = "1.0.0"
    message = "Hello from Lambda Version 1 - Blue Environment"

    return {
        'statusCode': 200,
        'headers': {
            'Content-Type': 'application/json',
            'Access-Control-Allow-Origin': '*'
        },
        'body': json.dumps({
            'version': version,
            'message': message,
            'timestamp': context.aws_request_id,
            'environment': 'blue'
        })
    }
PY
zip -q function-v1.zip lambda_function_v1.py
aws lambda create-function \
    --function-name "$FUNCTION_NAME" \
    --runtime python3.9 \
    --role "$ROLE_ARN" \
    --handler lambda_function_v1.lambda_handler \
    --zip-file fileb://function-v1.zip \
    --description "Demo function for deployment patterns" > /dev/null
aws lambda wait function-active --function-name "$FUNCTION_NAME"
echo "✅ Created Lambda function: $FUNCTION_NAME"

# Step 3: publish version 1, production alias.
VERSION_1=$(aws lambda publish-version \
    --function-name "$FUNCTION_NAME" \
    --description "Initial production version" \
    --query Version --output text)
aws lambda create-alias \
    --function-name "$FUNCTION_NAME" \
    --name production \
    --function-version "$VERSION_1" \
    --description "Production alias for blue-green deployments" > /dev/null
export PRODUCTION_ALIAS_ARN="arn:aws:lambda:${AWS_REGION}:${AWS_ACCOUNT_ID}:function:${FUNCTION_NAME}:production"
echo "✅ Created version $VERSION_1 and production alias"

# Step 4: the REST API.
API_ID=$(aws apigateway create-rest-api \
    --name "$API_NAME" \
    --description "API for Lambda deployment patterns demo" \
    --query id --output text)
ROOT_RESOURCE_ID=$(aws apigateway get-resources \
    --rest-api-id "$API_ID" \
    --query 'items[?path==`/`].id' --output text)
RESOURCE_ID=$(aws apigateway create-resource \
    --rest-api-id "$API_ID" \
    --parent-id "$ROOT_RESOURCE_ID" \
    --path-part demo \
    --query id --output text)
aws apigateway put-method \
    --rest-api-id "$API_ID" \
    --resource-id "$RESOURCE_ID" \
    --http-method GET \
    --authorization-type NONE > /dev/null
echo "✅ Created API Gateway: $API_ID"

# Step 5: the proxy integration to the production alias, and the permission to invoke it.
aws apigateway put-integration \
    --rest-api-id "$API_ID" \
    --resource-id "$RESOURCE_ID" \
    --http-method GET \
    --type AWS_PROXY \
    --integration-http-method POST \
    --uri "arn:aws:apigateway:${AWS_REGION}:lambda:path/2015-03-31/functions/${PRODUCTION_ALIAS_ARN}/invocations" > /dev/null
aws apigateway put-method-response \
    --rest-api-id "$API_ID" \
    --resource-id "$RESOURCE_ID" \
    --http-method GET \
    --status-code 200 > /dev/null
aws lambda add-permission \
    --function-name "$FUNCTION_NAME" \
    --qualifier production \
    --statement-id api-gateway-invoke-permission \
    --action lambda:InvokeFunction \
    --principal apigateway.amazonaws.com \
    --source-arn "arn:aws:execute-api:${AWS_REGION}:${AWS_ACCOUNT_ID}:${API_ID}/*/*" > /dev/null
echo "✅ Configured Lambda integration with production alias"

# Step 6: deploy to prod and test.
aws apigateway create-deployment \
    --rest-api-id "$API_ID" \
    --stage-name prod \
    --description "Initial deployment with version 1" > /dev/null
# gradual's stage URL: <api id>.execute-api.localhost on the gateway's port (curl resolves
# *.localhost to this machine), instead of https://<api id>.execute-api.<region>.amazonaws.com.
export API_URL="http://${API_ID}.execute-api.localhost:${GATEWAY_PORT}/prod/demo"
echo "API URL: $API_URL"
echo "Testing Version 1 deployment:"
curl -s "$API_URL" | jq .
echo "✅ API deployed and tested successfully"

# Step 7: version 2 (green).
cat > lambda_function_v2.py << 'PY'
import json
import os

def lambda_handler(event, context):
    version = "2.0.0"
    message = "Hello from Lambda Version 2 - Green Environment with NEW FEATURES!"

    return {
        'statusCode': 200,
        'headers': {
            'Content-Type': 'application/json',
            'Access-Control-Allow-Origin': '*'
        },
        'body': json.dumps({
            'version': version,
            'message': message,
            'timestamp': context.aws_request_id,
            'environment': 'green',
            'features': ['enhanced_logging', 'improved_performance']
        })
    }
PY
zip -q function-v2.zip lambda_function_v2.py
aws lambda update-function-code \
    --function-name "$FUNCTION_NAME" \
    --zip-file fileb://function-v2.zip > /dev/null
aws lambda wait function-updated --function-name "$FUNCTION_NAME"
# Not in the recipe: its v2 package holds lambda_function_v2.py while the handler still names
# lambda_function_v1, which cannot be imported (on AWS too). Point the handler at the new module.
aws lambda update-function-configuration \
    --function-name "$FUNCTION_NAME" \
    --handler lambda_function_v2.lambda_handler > /dev/null
aws lambda wait function-updated --function-name "$FUNCTION_NAME"
VERSION_2=$(aws lambda publish-version \
    --function-name "$FUNCTION_NAME" \
    --description "Version 2 with new features" \
    --query Version --output text)
echo "✅ Created and published version $VERSION_2"

# The recipe's checks read `.body` from the API's answer, but a proxy integration returns the
# handler's body itself: the checks below read `.version` and `.environment` directly.
show() { curl -s "$API_URL" | jq -r '.version + " - " + .environment'; }

# Step 8: canary, 90% v1 / 10% v2. AWS CLI v1's shorthand takes no quoted map keys, so the
# recipe's AdditionalVersionWeights={"$VERSION_1"=0.9} is written without the quotes.
aws lambda update-alias \
    --function-name "$FUNCTION_NAME" \
    --name production \
    --function-version "$VERSION_2" \
    --routing-config "AdditionalVersionWeights={$VERSION_1=0.9}" > /dev/null
echo "✅ Canary deployment configured: 90% v1, 10% v2"
echo "Testing canary deployment (should see ~10% version 2 responses):"
for i in {1..10}; do
    echo "Request $i:"
    show
    sleep "$PAUSE"
done

# Step 9: monitoring with CloudWatch.
aws cloudwatch put-metric-alarm \
    --alarm-name "${FUNCTION_NAME}-error-rate" \
    --alarm-description "Monitor Lambda function error rate" \
    --metric-name Errors \
    --namespace AWS/Lambda \
    --statistic Sum \
    --period 300 \
    --threshold 5 \
    --comparison-operator GreaterThanThreshold \
    --evaluation-periods 2 \
    --dimensions Name=FunctionName,Value="$FUNCTION_NAME"
echo "Recent invocation metrics:"
aws cloudwatch get-metric-statistics \
    --namespace AWS/Lambda \
    --metric-name Invocations \
    --dimensions Name=FunctionName,Value="$FUNCTION_NAME" \
    --start-time "$(date -u -d '10 minutes ago' +%Y-%m-%dT%H:%M:%S)" \
    --end-time "$(date -u +%Y-%m-%dT%H:%M:%S)" \
    --period 300 \
    --statistics Sum \
    --query 'Datapoints[0].Sum'
echo "✅ CloudWatch monitoring configured"

# Step 10: blue-green completion, 100% v2.
aws lambda update-alias \
    --function-name "$FUNCTION_NAME" \
    --name production \
    --function-version "$VERSION_2" \
    --routing-config '{}' > /dev/null
echo "✅ Blue-green deployment completed: 100% traffic to v2"
echo "Testing full deployment to version 2:"
for i in {1..5}; do
    echo "Request $i:"
    show
    sleep "$PAUSE"
done

# Step 11: rollback to v1, then restore v2.
echo "Simulating rollback to version 1..."
aws lambda update-alias \
    --function-name "$FUNCTION_NAME" \
    --name production \
    --function-version "$VERSION_1" \
    --routing-config '{}' > /dev/null
echo "✅ Rollback completed"
echo "Testing rollback:"
show
aws lambda update-alias \
    --function-name "$FUNCTION_NAME" \
    --name production \
    --function-version "$VERSION_2" \
    --routing-config '{}' > /dev/null
echo "✅ Restored to version 2"

# Cleanup.
aws apigateway delete-rest-api --rest-api-id "$API_ID"
echo "✅ Deleted API Gateway"
aws lambda delete-alias --function-name "$FUNCTION_NAME" --name production
aws lambda delete-function --function-name "$FUNCTION_NAME"
echo "✅ Deleted Lambda function and all versions"
aws cloudwatch delete-alarms --alarm-names "${FUNCTION_NAME}-error-rate"
echo "✅ Deleted CloudWatch alarm"
aws iam detach-role-policy \
    --role-name "$ROLE_NAME" \
    --policy-arn arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
aws iam delete-role --role-name "$ROLE_NAME"
rm -f trust-policy.json
echo "✅ Deleted IAM role"
