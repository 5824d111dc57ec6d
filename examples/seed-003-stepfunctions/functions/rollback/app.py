"""Rollback: all traffic back on the alias's own version (the additional weight removed)."""
import boto3

lambda_client = boto3.client("lambda")


def handler(event, context):
    alias = lambda_client.update_alias(
        FunctionName=event["function-name"],
        Name=event["alias-name"],
        RoutingConfig={"AdditionalVersionWeights": {}},
    )
    print(f"rolled back: {event['alias-name']} serves version {alias['FunctionVersion']} only")
    return {**event, "rolled-back-to": alias["FunctionVersion"]}
