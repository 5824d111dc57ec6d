# v2: greets by name, politely.
import os


def handler(event, context):
    name = (event or {}).get("name") or "world"
    return {"message": f"{os.environ['GREETING']}, {name}, nice to see you!", "version": "v2"}
