/** Shared pieces of the facilitation tests: signing in as a role, multipart uploads. */
import type { FastifyInstance } from 'fastify';
import { Browser } from '../support/browser';
import { TEST_PASSWORD } from '../support/factories';

export async function signedIn(app: FastifyInstance, email: string): Promise<Browser> {
  const browser = new Browser(app);
  await browser.signIn(email, TEST_PASSWORD);
  return browser;
}

/** A multipart/form-data body as a browser sends the upload form: the CSRF field, then the file. */
export function multipartBody(fields: Record<string, string>, file?: { filename: string; content: Buffer }) {
  const boundary = `----mosaique${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="fichier"; filename="${file.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Posts a file to the upload form as the browser's person, with the CSRF token of their last page. */
export async function upload(browser: Browser, filename: string, content: Buffer, csrf = true) {
  if (!browser.csrfToken) await browser.get('/animation/import');
  const body = multipartBody(csrf ? { _csrf: browser.csrfToken ?? '' } : {}, { filename, content });
  const response = await browser.app.inject({
    method: 'POST',
    url: '/animation/import',
    headers: { 'content-type': body.contentType },
    cookies: browser.cookies,
    payload: body.payload,
  });
  const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
  if (token) browser.csrfToken = token;
  for (const cookie of response.cookies) browser.cookies[cookie.name] = cookie.value;
  return response;
}

/** The upload id of a preview page (its forms post to /animation/import/<id>/…). */
export function uploadIdOf(body: string): string {
  const id = /\/animation\/import\/([a-f0-9]{32})\/importer/.exec(body)?.[1];
  if (!id) throw new Error('no upload id in the page');
  return id;
}
