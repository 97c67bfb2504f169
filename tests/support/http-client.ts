/**
 * A person with a browser over real HTTP (fetch): keeps cookies and the last CSRF token seen, posts
 * forms, never follows redirects (tests look at them). Unlike tests/support/browser.ts it is not tied to
 * one app: requests may go to any instance, as a load balancer would send them.
 */
export interface HttpResponse {
  status: number;
  headers: Headers;
  body: string;
}

export class HttpClient {
  cookies: Record<string, string> = {};
  csrfToken: string | undefined;

  constructor(private readonly headers: Record<string, string> = {}) {}

  private cookieHeader(): string {
    return Object.entries(this.cookies)
      .map(([name, value]) => `${name}=${value}`)
      .join('; ');
  }

  private keep(response: Response, body: string): HttpResponse {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => {
        const [key, v] = a.trim().split('=');
        if (key.toLowerCase() === 'max-age') return Number(v) <= 0;
        if (key.toLowerCase() === 'expires') return new Date(v).getTime() <= Date.now();
        return false;
      });
      if (expired || value === '') delete this.cookies[name];
      else this.cookies[name] = value;
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
    if (token) this.csrfToken = token;
    return { status: response.status, headers: response.headers, body };
  }

  async request(url: string, init: RequestInit = {}): Promise<HttpResponse> {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...this.headers, cookie: this.cookieHeader(), ...(init.headers as Record<string, string>) },
      signal: AbortSignal.timeout(30_000),
    });
    return this.keep(response, await response.text());
  }

  get(url: string, headers: Record<string, string> = {}) {
    return this.request(url, { headers });
  }

  /** Posts a urlencoded form with the last CSRF token seen (get a page with a form first). */
  post(url: string, form: Record<string, string> = {}, headers: Record<string, string> = {}) {
    const body = new URLSearchParams({ _csrf: this.csrfToken ?? '', ...form });
    return this.request(url, {
      method: 'POST',
      body: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
  }
}
