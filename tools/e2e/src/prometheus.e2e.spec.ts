import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { testModelsDir, workspaceRoot } from '@switchyard/testing';
import { startPrometheus, type PrometheusServer, type PromSample } from './prometheus-server';
import { startStack, type ServiceName, type Stack } from './stack';

const MODEL = 'local:stories260k';
const SERVICES: ServiceName[] = ['gateway', 'router', 'worker-local', 'worker-cloud', 'metrics'];
const RULES_FILE = join(workspaceRoot(), 'deploy', 'prometheus', 'switchyard.rules.yml');
const DASHBOARD_FILE = join(workspaceRoot(), 'deploy', 'grafana', 'dashboards', 'switchyard.json');
/** Dashboard panels this stack cannot feed: no fallback or resumed stream happens, no GPU, no cloud provider, no API key. */
const PANELS_WITHOUT_DATA_HERE = ['Fallbacks', 'Resumed streams', 'Hedges', 'Prompt tokens sent to hedge losers', 'GPU memory', 'GPU memory used', 'Upstream rate-limit headroom', 'Client rate-limit headroom (10 lowest keys)'];

/** Retries `assertion` until it passes; after `timeoutMs` its last failure is the test's. */
async function eventually(assertion: () => Promise<void>, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** `{labelValue: value}` of a query grouped by one label. */
function byLabel(samples: PromSample[], label: string): Record<string, number> {
  return Object.fromEntries(samples.map((s) => [s.metric[label] ?? '', s.value]));
}

interface DashboardPanel {
  title: string;
  targets?: Array<{ refId: string; expr: string }>;
  /** A collapsed row's panels. */
  panels?: DashboardPanel[];
}

/** The dashboard's queries with its variables as Grafana would fill them, every option selected. */
function dashboardQueries(): Array<{ panel: string; refId: string; expr: string }> {
  const dashboard = JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as { panels: DashboardPanel[] };
  const values: Record<string, string> = { __rate_interval: '1m', backend: '.*', job: SERVICES.join('|') };
  return dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]).flatMap((panel) =>
    (panel.targets ?? []).map((t) => ({
      panel: panel.title,
      refId: t.refId,
      expr: t.expr.replace(/\$\{?(\w+)\}?/g, (whole, name: string) => {
        if (values[name] === undefined) throw new Error(`no test value for the dashboard variable ${whole}`);
        return values[name];
      }),
    })),
  );
}

describe('a real Prometheus scraping the stack', () => {
  let stack: Stack;
  let prometheus: PrometheusServer;
  /** What the clients were told: requests by status and tokens by direction. */
  const sent = { byStatus: { '200': 0, '404': 0 }, tokens: { prompt: 0, completion: 0 } };

  beforeAll(async () => {
    stack = await startStack({ modelsDir: testModelsDir(), privateNats: true, expectModels: [MODEL] });
    prometheus = await startPrometheus({
      targets: stack.all.map((s) => ({ job: s.service, address: `127.0.0.1:${s.port}` })),
      ruleFiles: [RULES_FILE],
      scrapeInterval: '1s',
    });
    const client = new OpenAI({ baseURL: stack.baseURL, apiKey: 'not-needed', maxRetries: 0 });
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Once upon a time' }];
    const count = (usage: OpenAI.CompletionUsage | null | undefined): void => {
      sent.byStatus['200']++;
      sent.tokens.prompt += usage?.prompt_tokens ?? NaN;
      sent.tokens.completion += usage?.completion_tokens ?? NaN;
    };
    for (let i = 0; i < 3; i++) count((await client.chat.completions.create({ model: MODEL, messages, max_tokens: 8 })).usage);
    for (let i = 0; i < 2; i++) {
      const stream = await client.chat.completions.create({ model: MODEL, messages, max_tokens: 8, stream: true, stream_options: { include_usage: true } });
      let usage: OpenAI.CompletionUsage | null | undefined;
      for await (const chunk of stream) usage = chunk.usage ?? usage;
      count(usage);
    }
    const missing = await client.chat.completions.create({ model: 'local:no-such-model', messages }).catch((error: unknown) => error);
    if (!(missing instanceof OpenAI.NotFoundError)) throw new Error(`expected a 404 for an unknown model, got ${String(missing)}`);
    sent.byStatus['404']++;
  }, 90_000);

  afterAll(async () => {
    await prometheus?.stop();
    await stack?.stop();
  });

  it('scrapes every service: up is 1 for each job', async () => {
    await eventually(async () => expect(byLabel(await prometheus.query('up'), 'job')).toEqual(Object.fromEntries(SERVICES.map((s) => [s, 1]))));
  });

  it.each(['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes'])(
    'has %s from every service',
    async (metric) => {
      await eventually(async () => expect(Object.keys(byLabel(await prometheus.query(`count by (job) (${metric})`), 'job')).sort()).toEqual([...SERVICES].sort()));
    },
  );

  it('counts every request once, by status and backend', async () => {
    await eventually(async () => expect(byLabel(await prometheus.query('sum by (status) (switchyard_requests_total)'), 'status')).toEqual(sent.byStatus));
    expect(byLabel(await prometheus.query('sum by (backend) (switchyard_requests_total)'), 'backend')).toEqual({ [MODEL]: sent.byStatus['200'], none: sent.byStatus['404'] });
  });

  it('counts the tokens the clients were told they used', async () => {
    await eventually(async () => expect(byLabel(await prometheus.query('sum by (direction) (switchyard_tokens_total)'), 'direction')).toEqual(sent.tokens));
  });

  it('fills the latency histograms, and histogram_quantile reads them', async () => {
    await eventually(async () => expect((await prometheus.query('sum(switchyard_request_duration_seconds_count)'))[0]?.value).toBe(sent.byStatus['200'] + sent.byStatus['404']));
    expect((await prometheus.query(`sum(switchyard_time_to_first_token_seconds_count{backend="${MODEL}"})`))[0]?.value).toBe(sent.byStatus['200']);
    const quantile = async (q: number, metric: string): Promise<number> => (await prometheus.query(`histogram_quantile(${q}, sum by (le) (${metric}_bucket))`))[0]?.value ?? NaN;
    for (const metric of ['switchyard_request_duration_seconds', 'switchyard_time_to_first_token_seconds']) {
      const [p50, p99] = [await quantile(0.5, metric), await quantile(0.99, metric)];
      expect({ metric, p50: Number.isFinite(p50) && p50 > 0, ordered: p99 >= p50 }).toEqual({ metric, p50: true, ordered: true });
    }
  });

  it('evaluates the recording and alerting rules of deploy/prometheus without errors', async () => {
    await eventually(async () => {
      const rules = (await prometheus.rules()).flatMap((g) => g.rules);
      expect(rules.length).toBeGreaterThanOrEqual(8);
      expect(rules.filter((r) => r.health !== 'ok').map((r) => `${r.name}: ${r.health} ${r.lastError ?? ''}`)).toEqual([]);
      // Recorded from the requests sent. No 5xx: the ratio is there, and 0 (NaN while the counters have not moved in
      // the window, as here where every request came before the first scrape).
      expect(byLabel(await prometheus.query('switchyard:requests:rate5m'), 'backend')).toEqual({ [MODEL]: expect.any(Number), none: expect.any(Number) });
      const ratio = await prometheus.query('switchyard:error_ratio:rate5m');
      expect({ samples: ratio.length, failed: (ratio[0]?.value ?? 0) > 0 }).toEqual({ samples: 1, failed: false });
    });
  });

  it('answers every dashboard query, with data wherever this stack produces it', async () => {
    const queries = dashboardQueries();
    expect(queries.length).toBeGreaterThan(20);
    await eventually(async () => {
      const empty: string[] = [];
      for (const query of queries) {
        const samples = await prometheus.query(query.expr).catch((error: Error) => {
          throw new Error(`${query.panel} / ${query.refId}: ${error.message}`);
        });
        if (samples.length === 0 && !PANELS_WITHOUT_DATA_HERE.includes(query.panel)) empty.push(`${query.panel} / ${query.refId}`);
      }
      expect(empty).toEqual([]);
    });
  });

  it('still counts each request once after more scrapes', async () => {
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(byLabel(await prometheus.query('sum by (status) (switchyard_requests_total)'), 'status')).toEqual(sent.byStatus);
    expect(byLabel(await prometheus.query('sum by (direction) (switchyard_tokens_total)'), 'direction')).toEqual(sent.tokens);
  });
});
