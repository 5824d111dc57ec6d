# Loaded by the AWS CLIs the tests run (PYTHONPATH, see ../aws-cli.ts): their sleeps, shortened.
# `aws cloudformation deploy` waits for the stack with a waiter that polls every 30 seconds of real
# time (5 for the change set); the test server finishes a stack in seconds, so the tests would
# mostly wait. Everything else the CLI does, its calls, their order and its output, is unchanged.
import os
import time

_divisor = float(os.environ.get("GRADUAL_TEST_SLEEP_DIVISOR", "1"))
_sleep = time.sleep


def _shortened(seconds):
    _sleep(seconds / _divisor)


time.sleep = _shortened
