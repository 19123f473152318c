/**
 * The built-in metrics' default PromQL, for the conventional names an app or proxy exports:
 * a counter `http_requests_total` with the status in a `code` label, and a histogram
 * `http_request_duration_seconds` (Prometheus' own naming guide; the Go and Node client
 * libraries and many proxies' exporters use them). `selector` picks the canary's series,
 * e.g. `job="api-canary"`; a user with other names sets `query` instead.
 * Both look at the last `window` (default 1m), so the scrape interval must be well below it.
 */
export function defaultErrorRatioQuery(selector: string, window = '1m'): string {
  const inner = selector.trim();
  const errors = inner ? `${inner},code=~"5.."` : 'code=~"5.."';
  // `or vector(0)`: apps often create the 5xx series only at the first error; without it, a
  // canary with traffic and no error yet would have no data. No traffic at all stays 0/0 = NaN.
  return `(sum(rate(http_requests_total{${errors}}[${window}])) or vector(0)) / sum(rate(http_requests_total{${inner}}[${window}]))`;
}

export function defaultP95LatencyQuery(selector: string, window = '1m'): string {
  return `histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{${selector.trim()}}[${window}])))`;
}
