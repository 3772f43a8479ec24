/** A payload posted to a response_url served by the fake. */
export interface RecordedResponse {
  id: string;
  payload: unknown;
  at: number;
  status: number;
}

/**
 * The response_url endpoint: records each JSON payload (as Bolt's `respond()` posts it) and, like
 * Slack, accepts a URL at most `maxUses` times (5 within 30 minutes), answering 404 after that.
 */
export class ResponseUrls {
  private posted: RecordedResponse[] = [];
  private readonly uses = new Map<string, number>();

  constructor(private readonly maxUses: number) {}

  list(id?: string): RecordedResponse[] {
    return id === undefined ? [...this.posted] : this.posted.filter((r) => r.id === id);
  }

  /** Records a post and returns the status to answer (200, or 404 once the URL is used up). */
  record(id: string, body: Buffer, at: number): number {
    const uses = (this.uses.get(id) ?? 0) + 1;
    this.uses.set(id, uses);
    const text = body.toString('utf8');
    let payload: unknown = text;
    try {
      payload = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    const status = uses > this.maxUses ? 404 : 200;
    this.posted.push({ id, payload, at, status });
    return status;
  }

  /** A post answered by an injected fault. */
  recordFault(id: string, at: number, status: number): void {
    this.posted.push({ id, payload: null, at, status });
  }

  clear(): void {
    this.posted = [];
    this.uses.clear();
  }
}
