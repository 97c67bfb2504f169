/**
 * Reading a reply as a mail server hands it over, with postal-mime (MIME structure, transfer encodings,
 * charsets, RFC 2047 words and RFC 2231 parameters) and html-to-text (a reply sent as HTML only). What
 * the relay needs: the headers (decoded, one space for any folding), the Message-ID, and the reply's
 * text: the text/plain body, else the HTML body made readable text, quoted blocks left out.
 *
 * Why these two: postal-mime has no dependency, supports Node 20, and is kept by the author of our
 * nodemailer; it does not turn HTML into text, which html-to-text (Node >= 20.19, the converter
 * mailparser itself uses) does with selectors for what a mail client quotes. mailparser would bring both
 * with six more packages (a list of every TLD among them) and a streaming API the relay does not need.
 */
import { convert } from 'html-to-text';
import PostalMime, { decodeWords } from 'postal-mime';

export class BadMessage extends Error {}

export type Headers = Map<string, string[]>;

export interface ParsedMail {
  headers: Headers;
  /** The Message-ID without its angle brackets; null when the mail has none. */
  messageId: string | null;
  /** The reply's text, decoded (from its HTML when it has no text part); null when it has neither. */
  text: string | null;
}

/** Deeper than this, a reply is not a reply (postal-mime's own limit is 256). */
const MAX_DEPTH = 5;
/** RFC 5322 caps a line at 998 characters; a longer Message-ID is no Message-ID. */
const MAX_MESSAGE_ID = 998;

export const header = (headers: Headers, name: string): string | undefined => headers.get(name)?.[0];

/**
 * Quoted parts of an HTML reply, as the usual clients mark them: `<blockquote>` (Gmail, Thunderbird,
 * Apple Mail), Gmail's `.gmail_quote` (which also holds the "Le … a écrit :" line), Thunderbird's
 * `.moz-cite-prefix` (that line), Yahoo's `.yahoo_quoted`. Outlook quotes without markup: its "De : …
 * Envoyé : …" header block stays in the text, where `stripQuoted` cuts from it.
 */
const QUOTED = ['blockquote', '.gmail_quote', '.moz-cite-prefix', '.yahoo_quoted'];

/** An HTML reply as plain text: paragraphs and line breaks kept, links as "text (address)", no images. */
export function htmlReplyToText(html: string): string {
  return convert(html, {
    wordwrap: false,
    preserveNewlines: false,
    selectors: [
      ...QUOTED.map((selector) => ({ selector, format: 'skip' })),
      { selector: 'img', format: 'skip' },
      // Outlook's rule above its "De : … Envoyé : …" block: the block is where the quote starts.
      { selector: 'hr', format: 'skip' },
      {
        selector: 'a',
        options: { hideLinkHrefIfSameAsText: true, linkBrackets: ['(', ')'] as [string, string] },
      },
      ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({
        selector,
        options: { uppercase: false },
      })),
    ],
  }).trim();
}

/** A multipart Content-Type must say its boundary (plain, RFC 2231 extended, or continued). */
function multipartWithoutBoundary(contentType: string | undefined): boolean {
  return (
    /^\s*multipart\//i.test(contentType ?? '') && !/;\s*boundary(?:\*\d+)?\*?\s*=/i.test(contentType ?? '')
  );
}

/** `raw` is the message's bytes, whatever their charsets. */
export async function parseMail(raw: Uint8Array): Promise<ParsedMail> {
  if (!Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1').trim()) {
    throw new BadMessage('empty input');
  }
  let email: Awaited<ReturnType<typeof PostalMime.parse>>;
  try {
    email = await PostalMime.parse(raw, { maxNestingDepth: MAX_DEPTH });
  } catch (error) {
    throw new BadMessage(`unreadable MIME structure: ${(error as Error).message}`);
  }
  const headers: Headers = new Map();
  for (const { key, value } of email.headers) {
    if (!/^[\x21-\x39\x3b-\x7e]+$/.test(key)) continue;
    const decoded = decodeWords(value).replace(/\s+/g, ' ').trim();
    headers.set(key, [...(headers.get(key) ?? []), decoded]);
  }
  if (!headers.size) throw new BadMessage('no headers');
  if (multipartWithoutBoundary(header(headers, 'content-type'))) {
    throw new BadMessage('multipart message without a boundary');
  }
  const messageId = (email.messageId ?? '').trim().replace(/^<|>$/g, '').trim();
  const text = email.text?.trim() ? email.text : email.html ? htmlReplyToText(email.html) : null;
  return {
    headers,
    messageId: messageId && messageId.length <= MAX_MESSAGE_ID ? messageId : null,
    text: text === null ? null : text.replace(/\r\n/g, '\n'),
  };
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
  const kept = lines.slice(0, end).filter((l) => !l.trimStart().startsWith('>'));
  // A rule left above the cut (Outlook's "________________") is not part of the reply.
  while (kept.length && /^[\s_=-]*$/.test(kept[kept.length - 1])) kept.pop();
  return kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
