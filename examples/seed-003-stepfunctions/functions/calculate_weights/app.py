"""CalculateWeights: the new version's weight after each step, from `steps` and `type`."""


def handler(event, context):
    steps = int(event["steps"])
    kind = event.get("type", "linear")
    if steps < 1:
        raise ValueError("steps must be 1 or more")
    if kind != "linear":
        raise ValueError(f"unsupported type {kind!r}: this workflow knows 'linear'")
    # Rounded, so the last weight is exactly 1 and IsFullyWeighted's NumericEquals matches it.
    weights = [round((i + 1) / steps, 4) for i in range(steps)]
    print(f"{steps} linear steps: {weights}")
    return weights
