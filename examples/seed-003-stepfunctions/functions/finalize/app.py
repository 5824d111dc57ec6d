"""Finalize: the alias points at the new version, with no weights left."""
import boto3

lambda_client = boto3.client("lambda")


def handler(event, context):
    alias = lambda_client.update_alias(
        FunctionName=event["function-name"],
        Name=event["alias-name"],
        FunctionVersion=event["new-version"],
        RoutingConfig={"AdditionalVersionWeights": {}},
    )
    print(f"finalized: {event['alias-name']} on version {alias['FunctionVersion']}")
    return {"function-name": event["function-name"], "alias-name": event["alias-name"], "version": alias["FunctionVersion"]}
