/** A name/value pair that, with namespace and metric name, identifies a metric (CloudWatch User Guide, dimensions). */
export interface Dimension {
  name: string;
  value: string;
}

/** A metric as CloudWatch addresses it: namespace, name and its complete dimension set. */
export interface MetricId {
  namespace: string;
  metricName: string;
  dimensions: readonly Dimension[];
}

/** Dimensions in name order: CloudWatch treats a dimension set as a set, not a list. */
export function sortDimensions(dimensions: readonly Dimension[]): Dimension[] {
  return [...dimensions].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The canonical key of a metric series. Two ids are the same series exactly when their keys are
 * equal: matching is exact on the full dimension set, never a subset (CloudWatch User Guide, dimensions).
 */
export function seriesKey(id: MetricId): string {
  return JSON.stringify([
    id.namespace,
    id.metricName,
    sortDimensions(id.dimensions).map((d) => [d.name, d.value]),
  ]);
}

export function parseSeriesKey(key: string): MetricId {
  const [namespace, metricName, dims] = JSON.parse(key) as [string, string, [string, string][]];
  return { namespace, metricName, dimensions: dims.map(([name, value]) => ({ name, value })) };
}
