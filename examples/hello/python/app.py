# v1: greets whoever asks.
import os


def handler(event, context):
    name = (event or {}).get("name") or "world"
    return {"message": f"{os.environ['GREETING']}, {name}!", "version": "v1"}
