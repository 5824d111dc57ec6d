def handler(event, context):
    raise RuntimeError("version 3 has a bug")
