import parsePrometheusTextFormat, { type MetricFamily } from 'parse-prometheus-text-format';

/** /metrics as Prometheus reads it: fetched over HTTP and parsed by a text-format parser. */
export async function scrape(baseUrl: string, token?: string): Promise<Scraped> {
  const response = await fetch(`${baseUrl}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
  return new Scraped(parsePrometheusTextFormat(await response.text()), response.headers.get('content-type') ?? '');
}

export class Scraped {
  constructor(readonly families: MetricFamily[], readonly contentType: string) {}

  family(name: string): MetricFamily {
    const found = this.families.find((f) => f.name === name);
    if (!found) throw new Error(`no metric ${name} in /metrics`);
    return found;
  }

  /** The sum of a counter's or gauge's samples whose labels include `labels`. */
  sum(name: string, labels: Record<string, string> = {}): number {
    return this.family(name)
      .metrics.filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))
      .reduce((total, m) => total + Number(m.value), 0);
  }
}
