"""UpdateWeight: the next weight of the new version on the alias (boto3 UpdateAlias)."""
import boto3

lambda_client = boto3.client("lambda")


def handler(event, context):
    current = event.get("current-weight", 0)
    weight = next(w for w in event["weights"] if w > current)
    lambda_client.update_alias(
        FunctionName=event["function-name"],
        Name=event["alias-name"],
        RoutingConfig={"AdditionalVersionWeights": {event["new-version"]: weight}},
    )
    print(f"{event['function-name']}:{event['alias-name']}: version {event['new-version']} at {weight:.0%}")
    return weight
