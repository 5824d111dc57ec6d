"""HealthCheck: SUCCEEDED unless an alarm on the new version's Errors behind the alias is in ALARM.

The seed names CloudWatch alarms among the health checks to use; the alarm is evaluated by the
server on its own clock, so this works at any --time-scale.
"""
import boto3

cloudwatch = boto3.client("cloudwatch")


def handler(event, context):
    function_name = event["function-name"]
    alias = event["alias-name"]
    version = event["new-version"]
    alarms = cloudwatch.describe_alarms_for_metric(
        Namespace="AWS/Lambda",
        MetricName="Errors",
        Dimensions=[
            {"Name": "FunctionName", "Value": function_name},
            {"Name": "Resource", "Value": f"{function_name}:{alias}"},
            {"Name": "ExecutedVersion", "Value": version},
        ],
    )["MetricAlarms"]
    if not alarms:
        print(f"no alarm watches the Errors of version {version} behind {alias}: FAILED")
        return "FAILED"
    states = {a["AlarmName"]: a["StateValue"] for a in alarms}
    print(f"alarms on version {version}: {states}")
    return "FAILED" if "ALARM" in states.values() else "SUCCEEDED"
