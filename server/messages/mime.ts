/**
 * Just enough RFC 822 / MIME to read a reply handed over by a mail server: headers (unfolded, RFC 2047
 * encoded words decoded), and the text of a text/plain body, alone or as the first text/plain part of a
 * multipart message (nested multiparts followed), in 7bit, 8bit, quoted-printable or base64, in UTF-8 or
 * a Latin charset. Nothing more: no package for this, and a reply needs nothing more.
 */

export class BadMessage extends Error {}

export type Headers = Map<string, string[]>;

export interface ParsedMail {
  headers: Headers;
  /** The text/plain body, decoded; null when the message has none. */
  text: string | null;
}

const MAX_DEPTH = 5;

/** Splits head and body at the first empty line; lines may end in CRLF or LF. */
function splitHeadBody(raw: string): { head: string; body: string } {
  const m = /\r?\n\r?\n/.exec(raw);
  if (!m) return { head: raw, body: '' };
  return { head: raw.slice(0, m.index), body: raw.slice(m.index + m[0].length) };
}

/** Bytes from a binary string (one char per byte, as the message was read as latin1). */
const bytesOf = (s: string) => Uint8Array.from(s, (ch) => ch.charCodeAt(0) & 0xff);

/** Raw 8-bit headers (RFC 6532) are UTF-8 when they decode as such; otherwise left as read. */
function utf8IfValid(s: string): string {
  if (!/[\x80-\xff]/.test(s)) return s;
  try {
    return new globalThis.TextDecoder('utf-8', { fatal: true }).decode(bytesOf(s));
  } catch {
    return s;
  }
}

export function parseHeaders(head: string): Headers {
  const headers: Headers = new Map();
  // Unfold: a line starting with white space continues the previous header.
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!/^[\x21-\x39\x3b-\x7e]+$/.test(name)) continue;
    const value = decodeWords(utf8IfValid(line.slice(colon + 1).trim()));
    headers.set(name, [...(headers.get(name) ?? []), value]);
  }
  return headers;
}

export const header = (headers: Headers, name: string): string | undefined => headers.get(name)?.[0];

function decoderFor(charset: string | undefined): { decode(bytes: Uint8Array): string } {
  try {
    return new globalThis.TextDecoder((charset ?? 'utf-8').trim().toLowerCase());
  } catch {
    return new globalThis.TextDecoder('utf-8');
  }
}

function quotedPrintable(s: string): Uint8Array {
  const soft = s.replace(/=\r?\n/g, '');
  const out: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const ch = soft[i];
    if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      out.push(Number.parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(ch.charCodeAt(0) & 0xff);
  }
  return Uint8Array.from(out);
}

/** RFC 2047: =?charset?Q|B?text?= in headers (a Subject, a display name). */
function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[QqBb]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_all, charset: string, enc: string, text: string) => {
      const bytes =
        enc.toUpperCase() === 'B'
          ? Uint8Array.from(Buffer.from(text, 'base64'))
          : quotedPrintable(text.replace(/_/g, ' '));
      return decoderFor(charset.split('*')[0]).decode(bytes);
    });
}

/** A header's main value and its parameters: `text/plain; charset="utf-8"`. */
export function headerParams(value: string | undefined): { value: string; params: Record<string, string> } {
  if (!value) return { value: '', params: {} };
  const [main, ...rest] = value.split(';');
  const params: Record<string, string> = {};
  for (const part of rest) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    params[part.slice(0, eq).trim().toLowerCase()] = part
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
  }
  return { value: main.trim().toLowerCase(), params };
}

function decodeBody(body: string, headers: Headers): string {
  const encoding = (header(headers, 'content-transfer-encoding') ?? '7bit').trim().toLowerCase();
  const { params } = headerParams(header(headers, 'content-type'));
  const bytes =
    encoding === 'base64'
      ? Uint8Array.from(Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64'))
      : encoding === 'quoted-printable'
        ? quotedPrintable(body)
        : bytesOf(body);
  return decoderFor(params.charset).decode(bytes).replace(/\r\n/g, '\n');
}

function textOf(head: Headers, body: string, depth: number): string | null {
  const type = headerParams(header(head, 'content-type') ?? 'text/plain');
  if (type.value === 'text/plain' || type.value === '') return decodeBody(body, head);
  if (!type.value.startsWith('multipart/')) return null;
  const boundary = type.params.boundary;
  if (!boundary) throw new BadMessage('multipart message without a boundary');
  if (depth >= MAX_DEPTH) throw new BadMessage('multipart nested too deep');
  const delimiter = `--${boundary}`;
  const parts: string[] = [];
  let current: string[] | null = null;
  for (const line of body.split(/\r?\n/)) {
    const trimmed = line.trimEnd();
    if (trimmed === delimiter || trimmed === `${delimiter}--`) {
      if (current) parts.push(current.join('\n'));
      current = trimmed === delimiter ? [] : null;
      if (current === null) break;
    } else current?.push(line);
  }
  if (current) parts.push(current.join('\n'));
  for (const part of parts) {
    const { head: partHead, body: partBody } = splitHeadBody(part);
    // A part with no header at all starts with the empty line: its head is then empty.
    const partHeaders = parseHeaders(part.startsWith('\n') ? '' : partHead);
    const text = textOf(partHeaders, part.startsWith('\n') ? part.slice(1) : partBody, depth + 1);
    if (text !== null) return text;
  }
  return null;
}

/** `raw` is the message as bytes read into a binary (latin1) string, so that any charset decodes. */
export function parseMail(raw: string): ParsedMail {
  if (!raw.trim()) throw new BadMessage('empty input');
  const { head, body } = splitHeadBody(raw);
  const headers = parseHeaders(head);
  if (!headers.size) throw new BadMessage('no headers');
  return { headers, text: textOf(headers, body, 0) };
}

/**
 * The new text of a reply: quoted lines (">") dropped, and everything from the quote's introduction
 * ("Le lun. 23 nov. 2026 à 10:00, X a écrit :", possibly wrapped on two lines; "On … wrote:"; Outlook's
 * "-----Message d'origine-----" or "De : …" block) or from a signature delimiter ("-- ") on cut off.
 */
export function stripQuoted(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const intro = /^(le\s.+a\s+(é|e|=c3=a9)crit\s*:|on\s.+wrote\s*:)\s*$/i;
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    const withNext = `${line} ${(lines[i + 1] ?? '').trim()}`;
    if (
      line === '--' ||
      lines[i] === '-- ' ||
      /^-{2,}\s*(message d.origine|original message|message transféré|forwarded message)/i.test(line) ||
      intro.test(line) ||
      (/^(le|on)\s/i.test(line) && intro.test(withNext)) ||
      (/^de\s?:/i.test(line) && /^(envoyé|date)\s?:/i.test((lines[i + 1] ?? '').trim()))
    ) {
      end = i;
      break;
    }
  }
  return lines
    .slice(0, end)
    .filter((l) => !l.trimStart().startsWith('>'))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
