import { switchyardSeries } from '../exported-series';
import { checkExpression } from './check';

const catalogue = switchyardSeries();

describe('checkExpression against the series the stack exports', () => {
  it.each([
    ['a rate by every label', 'sum by (model, backend, status) (rate(switchyard_requests_total[5m]))', ['backend', 'model', 'status']],
    ['grouping after the argument', 'sum(rate(switchyard_tokens_total[5m])) by (direction)', ['direction']],
    [
      'a percentile by backend',
      'histogram_quantile(0.95, sum by (le, backend) (rate(switchyard_request_duration_seconds_bucket{backend=~"$backend"}[$__rate_interval])))',
      ['backend'],
    ],
    ['a ratio of two sums', 'sum(rate(switchyard_requests_total{status=~"5.."}[5m])) / sum(rate(switchyard_requests_total[5m]))', []],
    ['a ratio by the same labels', 'max by (provider, kind) (switchyard_upstream_ratelimit_remaining) / max by (provider, kind) (switchyard_upstream_ratelimit_limit)', ['kind', 'provider']],
    ['a comparison with a scalar', 'up{job=~"$job"} == 0', ['instance', 'job']],
    ['topk keeps the labels', 'bottomk(10, min by (key_id, kind) (switchyard_client_ratelimit_remaining))', ['key_id', 'kind']],
    ['without drops labels', 'sum without (instance) (rate(process_cpu_seconds_total[1m]))', ['job', 'service']],
    ['offset and @ change no labels', 'rate(process_cpu_seconds_total{job="gateway"}[1m] offset 5m @ 1700000000)', ['instance', 'job', 'service']],
    ['a subquery', 'max_over_time(sum(rate(switchyard_requests_total[1m]))[10m:1m])', []],
    ['a prom-client histogram', 'histogram_quantile(0.99, sum by (le, kind) (rate(nodejs_gc_duration_seconds_bucket[5m])))', ['kind']],
    ['label_replace adds a label', 'label_replace(up, "service", "$1", "job", "(.*)")', ['instance', 'job', 'service']],
    ['group_left brings a label over', 'process_resident_memory_bytes * on (job, instance) group_left (version) nodejs_version_info', ['instance', 'job', 'service', 'version']],
    ['a selector by __name__', '{__name__="switchyard_backend_up", backend="local:x"}', ['backend', 'instance', 'job']],
    ['unary minus and power', '-switchyard_backend_up ^ 2 + 1', ['backend', 'instance', 'job']],
  ])('accepts %s', (_name, expression, labels) => {
    expect(checkExpression(expression, catalogue)).toMatchObject({ problems: [], labels });
  });

  it.each([
    ['a misspelt domain metric', 'sum(rate(switchyard_request_total[5m]))', /unknown metric "switchyard_request_total"; did you mean "switchyard_requests_total"/],
    ['a histogram without its series suffix', 'rate(switchyard_time_to_first_token_seconds[5m])', /unknown metric "switchyard_time_to_first_token_seconds"; did you mean "switchyard_time_to_first_token_seconds_bucket" or "switchyard_time_to_first_token_seconds_count" or "switchyard_time_to_first_token_seconds_sum"\?/],
    ['a misspelt process metric', 'process_resident_memory{job="gateway"}', /unknown metric "process_resident_memory"; did you mean "process_resident_memory_bytes"/],
    ['a misspelt label in a matcher', 'switchyard_requests_total{modle="auto"}', /no label "modle" there; did you mean "model"/],
    ['a label of another metric in a matcher', 'switchyard_worker_queued{gpu="0"}', /no label "gpu"/],
    ['a label the series lack in by', 'sum by (provider) (rate(switchyard_requests_total[5m]))', /sum by \(…\): no label "provider"/],
    ['a label an inner aggregation dropped', 'sum by (backend) (sum by (le) (switchyard_request_duration_seconds_bucket))', /no label "backend"/],
    ['a percentile without le', 'histogram_quantile(0.9, sum by (backend) (rate(switchyard_request_duration_seconds_bucket[5m])))', /needs the "le" label/],
    ['a percentile of a _sum', 'histogram_quantile(0.9, rate(switchyard_request_duration_seconds_sum[5m]))', /needs the "le" label/],
    ['a rate without a range', 'rate(switchyard_requests_total)', /rate\(\) needs a range vector/],
    ['a range where an instant vector belongs', 'sum(switchyard_requests_total[5m])', /needs an instant vector, not a range/],
    ['two sides that cannot match', 'sum by (backend) (rate(switchyard_requests_total[5m])) / sum(rate(switchyard_requests_total[5m]))', /different labels \(left: backend; right: no labels\)/],
    ['on () with a label one side lacks', 'switchyard_backend_up * on (worker) switchyard_worker_in_flight', /on \(…\) on the left side of "\*": no label "worker"/],
    ['an unknown function', 'rat(switchyard_requests_total[5m])', /unknown function rat\(\)/],
    ['unbalanced parentheses', 'sum(rate(switchyard_requests_total[5m])', /syntax: expected "\)", got the end/],
    ['a matcher without quotes', 'up{job=gateway}', /syntax: the value of job must be a quoted string/],
  ])('reports %s', (_name, expression, problem) => {
    const report = checkExpression(expression, catalogue);
    expect(report.problems).toEqual(expect.arrayContaining([expect.stringMatching(problem)]));
    expect(report.labels).toBeNull();
  });

  it('lists the metrics an expression selects', () => {
    const expression = 'sum(rate(switchyard_requests_total{status=~"5.."}[5m])) / sum(rate(switchyard_requests_total[5m])) > on () group_left up';
    expect(checkExpression(expression, catalogue).metrics).toEqual(['switchyard_requests_total', 'switchyard_requests_total', 'up']);
  });
});
