/**
 * The relay's pure parts: signed addresses (round trip, tampering refused), reading a reply as a mail
 * server hands it over (headers, encodings, multipart), and keeping only the new text of a reply.
 */
import { describe, expect, it } from 'vitest';
import { BadMessage, header, parseMail, stripQuoted } from '../../server/messages/mime';
import { relayAddress, relayToken, tokensIn, verifyRelayToken } from '../../server/messages/relay';

const SECRET = 'relay-test-secret-relay-test-secret-0123456789';
/** A message as the relay reads it: its UTF-8 bytes, one char per byte. */
const bytes = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

describe('relay addresses', () => {
  it('sign a composition and a recipient, and verify back to them', () => {
    const address = relayAddress(SECRET, 'mosaique.example.org', { compositionId: 12, personId: 345 });
    expect(address).toMatch(/^relais\+12-345-[0-9a-f]{24}@mosaique\.example\.org$/);
    const [token] = tokensIn(`Mosaïque <${address}>`, 'mosaique.example.org');
    expect(verifyRelayToken(SECRET, token)).toEqual({ compositionId: 12, personId: 345 });
    // Mail systems may upper-case a local part.
    expect(verifyRelayToken(SECRET, token.toUpperCase())).toEqual({ compositionId: 12, personId: 345 });
  });

  it('refuse a changed composition, person or signature, another secret, and garbage', () => {
    const token = relayToken(SECRET, { compositionId: 12, personId: 345 });
    const [, , signature] = token.split('-');
    const flipped = signature.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
    for (const forged of [
      `13-345-${signature}`,
      `12-346-${signature}`,
      `12-345-${flipped}`,
      `12-345-${signature.slice(0, -1)}`,
      `12-345-${signature}0`,
      `0-345-${signature}`,
      '12-345',
      '',
      `99999999999-345-${signature}`,
    ])
      expect(verifyRelayToken(SECRET, forged), forged).toBeNull();
    expect(verifyRelayToken(`${SECRET}x`, token)).toBeNull();
  });

  it('are found only on the relay domain', () => {
    const token = relayToken(SECRET, { compositionId: 1, personId: 2 });
    expect(tokensIn(`relais+${token}@mosaique.example.org.evil.test`, 'mosaique.example.org')).toEqual([]);
    expect(tokensIn(`relais+${token}@autre.example.org`, 'mosaique.example.org')).toEqual([]);
    expect(tokensIn(`a@b.c, "X" <RELAIS+${token}@Mosaique.Example.org>`, 'mosaique.example.org')).toEqual([
      token,
    ]);
  });
});

describe('reading a mail', () => {
  it('a plain UTF-8 message with folded and encoded headers', () => {
    const mail = parseMail(
      bytes(
        [
          'From: =?utf-8?q?C=C3=A9line?= <celine@exemple.fr>',
          'To: Mosaïque',
          '  <relais+1-2-abc@mosaique.test>',
          'Subject: =?UTF-8?B?UsOpcG9uc2U=?=',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Bonjour, ça marche.',
          '',
        ].join('\r\n'),
      ),
    );
    expect(header(mail.headers, 'from')).toBe('Céline <celine@exemple.fr>');
    expect(header(mail.headers, 'to')).toBe('Mosaïque <relais+1-2-abc@mosaique.test>');
    expect(header(mail.headers, 'subject')).toBe('Réponse');
    expect(mail.text?.trim()).toBe('Bonjour, ça marche.');
  });

  it('quoted-printable UTF-8 and base64 Latin-1 bodies', () => {
    const qp = parseMail(
      'Content-Type: text/plain; charset="UTF-8"\nContent-Transfer-Encoding: quoted-printable\n\nD=C3=A9but le 4 janv=\nier.\n',
    );
    expect(qp.text?.trim()).toBe('Début le 4 janvier.');
    const latin = Buffer.from('Répondu à l’été', 'latin1').toString('base64');
    const b64 = parseMail(
      `Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: base64\n\n${latin}\n`,
    );
    expect(b64.text?.trim()).toBe(Buffer.from('Répondu à l’été', 'latin1').toString('latin1'));
  });

  it('the text/plain part of a multipart/alternative nested in a multipart/mixed', () => {
    const raw = [
      'To: relais+1-2-abc@mosaique.test',
      'Content-Type: multipart/mixed; boundary="outer"',
      '',
      'preamble',
      '--outer',
      'Content-Type: multipart/alternative; boundary=inner',
      '',
      '--inner',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>HTML</p>',
      '--inner',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      'Texte brut',
      '--inner--',
      '--outer',
      'Content-Type: application/pdf',
      '',
      'JVBERi0=',
      '--outer--',
      '',
    ].join('\n');
    expect(parseMail(raw).text?.trim()).toBe('Texte brut');
  });

  it('no text/plain part, a multipart without boundary, and an empty input', () => {
    expect(parseMail('Content-Type: text/html\n\n<p>x</p>').text).toBeNull();
    expect(() => parseMail('Content-Type: multipart/mixed\n\n--x\n')).toThrow(BadMessage);
    expect(() => parseMail('   ')).toThrow(BadMessage);
  });
});

describe('keeping the new text of a reply', () => {
  it('drops quoted lines and the French quote introduction, on one line or wrapped on two', () => {
    expect(
      stripQuoted(
        'Oui, mardi nous va.\n\nLe lun. 23 nov. 2026 à 10:02, Mosaïque <relais+1-2-abc@mosaique.test> a écrit :\n> Bonjour,\n> Mardi ?\n',
      ),
    ).toBe('Oui, mardi nous va.');
    expect(
      stripQuoted(
        'Entendu.\n\nLe lun. 23 nov. 2026 à 10:02, Mosaïque <relais@x.test> a\nécrit :\n> Bonjour\n',
      ),
    ).toBe('Entendu.');
    expect(stripQuoted('Merci !\n> cité\nSuite du texte.\n>> plus ancien')).toBe('Merci !\nSuite du texte.');
  });

  it('cuts English introductions, Outlook headers and signatures', () => {
    expect(stripQuoted('Fine.\n\nOn Mon, Nov 23, 2026 at 10:02 AM Mosaïque wrote:\n> Hello')).toBe('Fine.');
    expect(
      stripQuoted(
        'D’accord.\n\nDe : Mosaïque <relais@x.test>\nEnvoyé : lundi 23 novembre 2026 10:02\nObjet : Message',
      ),
    ).toBe('D’accord.');
    expect(stripQuoted('Parfait.\n-- \nCéline, 06 12 34 56 78')).toBe('Parfait.');
    expect(stripQuoted('Vu.\n-----Message d’origine-----\nBonjour')).toBe('Vu.');
  });

  it('leaves an answer with nothing quoted as it is, and a quote alone empty', () => {
    expect(stripQuoted('Le poste commence le 4 janvier, pas avant.\nÀ bientôt')).toBe(
      'Le poste commence le 4 janvier, pas avant.\nÀ bientôt',
    );
    expect(stripQuoted('> tout est cité\n> encore')).toBe('');
  });
});
