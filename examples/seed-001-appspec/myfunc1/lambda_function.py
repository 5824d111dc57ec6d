import json
import boto3


def lambda_handler(event, context):
    print("BeforeAllowTraffic Hook Triggered")
    deployment_id = event.get("DeploymentId", "Unknown")
    lifecycle_event_hook_execution_id = event.get("LifecycleEventHookExecutionId", "Unknown")
    print(f"Deployment ID: {deployment_id}")
    print(f"Lifecycle Event Hook Execution ID: {lifecycle_event_hook_execution_id}")
    if deployment_id != "Unknown":
        print("Validation successful")
        status = "Succeeded"
    else:
        print("Validation failed")
        status = "Failed"
    # Notify CodeDeploy about the result
    codedeploy_client = boto3.client("codedeploy")
    codedeploy_client.put_lifecycle_event_hook_execution_status(
        deploymentId=deployment_id,
        lifecycleEventHookExecutionId=lifecycle_event_hook_execution_id,
        status=status
    )
    return {
        "statusCode": 200,
        "body": json.dumps({"status": status})
    }
