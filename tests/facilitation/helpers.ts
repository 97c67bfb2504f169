import type { Browser } from '../support/browser';

export { signedIn } from '../support/browser';

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

const PLACES = ['90000;Belfort', '90100;Delle', '25200;Montbéliard', '25000;Besançon'];
const DAYS = ['lundi, mardi', 'lundi au jeudi', 'mardi et jeudi', 'lundi au vendredi après-midi'];

/**
 * A CSV diagnosis of `rows` valid rows (départements 90 and 25) over 200 structures without SIRET, with
 * a BOM: 2,000 rows are past the size analysed while the upload waits, so the pages show their progress.
 */
export function diagnosisCsv(rows: number, prefix = 'Structure en cours'): Buffer {
  const lines = ['Nom de la structure;Code postal;Commune;Poste recherché;Heures / semaine;Jours souhaités'];
  for (let i = 0; i < rows; i++) {
    lines.push(`${prefix} ${i % 200};${PLACES[i % 4]};M1203;${7 + (i % 8)} h;${DAYS[i % 4]}`);
  }
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`);
}

/** The marker of the progress page: an import page without it shows the task's result. */
export const PROGRESS_MARKER = 'id="tache-etat"';

/**
 * Reloads an import page as the progress page's noscript refresh does, until it is no longer the
 * progress page; `get` is any client (app.inject through a Browser, fetch on a real server…).
 */
export async function waitForImportPage<R extends { statusCode: number; body: string }>(
  get: (url: string) => Promise<R>,
  url: string,
  { timeoutMs = 60_000, pollMs = 250 } = {},
): Promise<R> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await get(url);
    if (!response.body.includes(PROGRESS_MARKER)) return response;
    if (response.statusCode !== 200) throw new Error(`${url}: progress page answered ${response.statusCode}`);
    if (Date.now() > deadline) throw new Error(`${url} still in progress after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
