"""Seed 003's "simple deployment automation": a Lambda function that moves an alias to a new
version in `steps` linear steps, `interval` seconds apart, checking between steps that the new
version behind the alias had no `Errors` in the last minute (CloudWatch), and rolling the alias
back if it had. Written for gradual's examples after the seed's description; it runs unchanged on
Lambda and inside gradual, where under `--time-scale` its `time.sleep` and `datetime.utcnow()`
follow the server's scaled clock.

Event: {"function-name", "alias-name", "new-version", "steps", "interval", "type": "linear"}
"""

import logging
import time
from datetime import datetime, timedelta

import boto3

log = logging.getLogger()
log.setLevel(logging.INFO)


def handler(event, context):
    for key in ("function-name", "alias-name", "new-version", "steps", "interval"):
        if key not in event:
            raise Exception("'{}' is required".format(key))
    name, alias, version = event["function-name"], event["alias-name"], event["new-version"]
    if event.get("type", "linear") != "linear":
        raise Exception("Invalid function type: " + event["type"])
    steps = int(event["steps"])
    lam = boto3.client("lambda")
    for step in range(1, steps + 1):
        weight = round(step / steps, 2)
        log.info("%s:%s: version %s at %s", name, alias, version, weight)
        lam.update_alias(
            FunctionName=name, Name=alias, RoutingConfig={"AdditionalVersionWeights": {version: weight}}
        )
        time.sleep(event["interval"])
        if not healthy(name, alias, version):
            lam.update_alias(FunctionName=name, Name=alias, RoutingConfig={"AdditionalVersionWeights": {}})
            log.info("%s:%s rolled back to its original version", name, alias)
            raise Exception("Health check failed, exiting")
    return lam.update_alias(
        FunctionName=name, Name=alias, FunctionVersion=version, RoutingConfig={"AdditionalVersionWeights": {}}
    )


def healthy(name, alias, version):
    """False when the new version behind the alias reported any Errors in the last minute."""
    now = datetime.utcnow()
    datapoints = boto3.client("cloudwatch").get_metric_statistics(
        Namespace="AWS/Lambda",
        MetricName="Errors",
        Dimensions=[
            {"Name": "FunctionName", "Value": name},
            {"Name": "Resource", "Value": name + ":" + alias},
            {"Name": "ExecutedVersion", "Value": version},
        ],
        StartTime=now - timedelta(minutes=1),
        EndTime=now,
        Period=60,
        Statistics=["Sum"],
    )["Datapoints"]
    failing = [d for d in datapoints if d["Sum"] > 0]
    if failing:
        log.info("errors on version %s in the last minute: %s", version, failing)
    return not failing
