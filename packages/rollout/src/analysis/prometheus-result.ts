/**
 * Typed results of Prometheus' instant query API (`/api/v1/query`). Values arrive as strings
 * ("1.5", "NaN", "+Inf"); they are numbers here, NaN kept as NaN so the rules can call it
 * "no data" instead of a pass.
 */
export interface Sample {
  labels: Record<string, string>;
  value: number;
}

export type QueryResult =
  | { kind: 'vector'; samples: Sample[] }
  | { kind: 'scalar'; value: number }
  /** Range vectors and strings are valid answers, but not a single number a threshold applies to. */
  | { kind: 'unsupported'; resultType: string };

/** Why a response body is not a Prometheus answer. */
export class PrometheusFormatError extends Error {
  override name = 'PrometheusFormatError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseValue(pair: unknown, where: string): number {
  if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[1] !== 'string')
    throw new PrometheusFormatError(`${where}: expected [time, "value"]`);
  // Number("NaN") is NaN and Number("+Inf") is Infinity, as Prometheus means them.
  const value = Number(pair[1]);
  if (Number.isNaN(value) && pair[1] !== 'NaN')
    throw new PrometheusFormatError(`${where}: "${pair[1]}" is not a number`);
  return value;
}

function parseLabels(metric: unknown): Record<string, string> {
  if (!isRecord(metric)) return {};
  const labels: Record<string, string> = {};
  for (const [name, value] of Object.entries(metric)) if (typeof value === 'string') labels[name] = value;
  return labels;
}

/** The `data` of a successful answer (`{"status":"success","data":{...}}`). */
export function parseQueryData(data: unknown): QueryResult {
  if (!isRecord(data) || typeof data.resultType !== 'string')
    throw new PrometheusFormatError('expected data.resultType in the answer');
  switch (data.resultType) {
    case 'vector': {
      if (!Array.isArray(data.result)) throw new PrometheusFormatError('expected data.result to be a list');
      const samples = data.result.map((entry: unknown, index) => {
        if (!isRecord(entry)) throw new PrometheusFormatError(`result[${index}]: expected an object`);
        return { labels: parseLabels(entry.metric), value: parseValue(entry.value, `result[${index}].value`) };
      });
      return { kind: 'vector', samples };
    }
    case 'scalar':
      return { kind: 'scalar', value: parseValue(data.result, 'result') };
    default:
      return { kind: 'unsupported', resultType: data.resultType };
  }
}
