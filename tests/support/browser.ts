/**
 * A tiny cookie-keeping client over app.inject, acting like a person with a browser: it reads the CSRF
 * token from the pages it gets and sends it back with the forms it posts.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { TEST_PASSWORD } from './factories';

export class Browser {
  cookies: Record<string, string> = {};
  csrfToken: string | undefined;

  constructor(readonly app: FastifyInstance) {}

  private keep(response: LightMyRequestResponse) {
    for (const cookie of response.cookies) {
      if (cookie.expires && new Date(cookie.expires).getTime() <= Date.now())
        delete this.cookies[cookie.name];
      else if (cookie.value === '') delete this.cookies[cookie.name];
      else this.cookies[cookie.name] = cookie.value;
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.csrfToken = token;
    return response;
  }

  async get(url: string, headers: Record<string, string> = {}) {
    return this.keep(await this.app.inject({ method: 'GET', url, headers, cookies: this.cookies }));
  }

  /** Posts a urlencoded form; fetches a CSRF token first if none was seen yet. */
  async post(
    url: string,
    form: Record<string, string | string[]> = {},
    headers: Record<string, string> = {},
  ) {
    if (!this.csrfToken) await this.get('/connexion');
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries({ _csrf: this.csrfToken ?? '', ...form })) {
      for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
    }
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        cookies: this.cookies,
        payload: body.toString(),
      }),
    );
  }

  async signIn(email: string, password: string) {
    const response = await this.post('/connexion', { email, password });
    if (response.statusCode !== 303) throw new Error(`sign-in failed for ${email}: ${response.statusCode}`);
    await this.get('/tableau-de-bord');
    return response;
  }
}

/** A browser signed in as the person with this address (the factories' password). */
export async function signedIn(app: FastifyInstance, email: string): Promise<Browser> {
  const browser = new Browser(app);
  await browser.signIn(email, TEST_PASSWORD);
  return browser;
}
