"""Steady traffic on an alias while the workflow shifts it, as the seed recommends ("have some
automation continuously invoking the alias"): `python3 traffic.py MyFunction:MyAlias 20`, until
stopped. Uses the AWS_* environment that `gradual env` prints; prints counts per version at the end.
"""
import signal
import sys
import time
from collections import Counter

import boto3
from botocore.config import Config

target, rate = (sys.argv[1:] + ["MyFunction:MyAlias", "20"])[:2]
function_name, qualifier = target.split(":")
lambda_client = boto3.client("lambda", config=Config(retries={"max_attempts": 1}))
counts = Counter()
running = True


def stop(*_):
    global running
    running = False


signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGINT, stop)
gap = 1 / float(rate)
due = time.monotonic()
while running:
    try:
        out = lambda_client.invoke(FunctionName=function_name, Qualifier=qualifier, Payload=b"{}")
        counts[f"v{out['ExecutedVersion']}" + (" errors" if "FunctionError" in out else "")] += 1
    except Exception as error:  # the server going away ends the run, it is no error of the alias
        counts[f"failed: {type(error).__name__}"] += 1
    due += gap
    time.sleep(max(0.0, due - time.monotonic()))
print(f"traffic on {target}: {dict(counts)}", flush=True)
