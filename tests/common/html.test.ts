/**
 * The one HTML escape for markup built in TypeScript (server/common/html.ts) writes what nunjucks'
 * autoescape writes, character for character: a label reads the same from a template or from code.
 */
import fc from 'fast-check';
import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../server/common/html';

const templates = new nunjucks.Environment(null, { autoescape: true });
const autoescaped = (text: string) => templates.renderString('{{ text }}', { text });

describe('escapeHtml', () => {
  it('escapes what could end a text or a double- or single-quoted attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>Bois & Fer\\</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Bois &amp; Fer&#92;&lt;/a&gt;',
    );
    expect(escapeHtml('Comptabilité (M1203)')).toBe('Comptabilité (M1203)');
  });

  it('writes exactly what nunjucks’ autoescape writes', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc
        .array(fc.constantFrom('&', '"', "'", '<', '>', '\\', 'a', 'é', ' ', '&amp;'), { maxLength: 20 })
        .map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(text, (value) => {
        expect(escapeHtml(value)).toBe(autoescaped(value));
      }),
      { numRuns: 500, seed: 3 },
    );
  });
});
