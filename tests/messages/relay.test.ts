/**
 * The relay's pure parts: signed addresses (round trip, tampering refused), reading a reply as a mail
 * server hands it over (headers, encodings, multipart), and keeping only the new text of a reply.
 */
import { describe, expect, it } from 'vitest';
import { BadMessage, header, parseMail, stripQuoted } from '../../server/messages/mime';
import { relayAddress, relayToken, tokensIn, verifyRelayToken } from '../../server/messages/relay';

const SECRET = 'relay-test-secret-relay-test-secret-0123456789';
/** A message as the relay reads it: its UTF-8 bytes. */
const bytes = (text: string) => Buffer.from(text, 'utf8');
/** A message given as a binary string (one char per byte). */
const binary = (text: string) => Buffer.from(text, 'latin1');

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
  it('a plain UTF-8 message with folded and encoded headers', async () => {
    const mail = await parseMail(
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

  it('quoted-printable UTF-8 and base64 Latin-1 bodies', async () => {
    const qp = await parseMail(
      binary(
        'Content-Type: text/plain; charset="UTF-8"\nContent-Transfer-Encoding: quoted-printable\n\nD=C3=A9but le 4 janv=\nier.\n',
      ),
    );
    expect(qp.text?.trim()).toBe('Début le 4 janvier.');
    const latin = Buffer.from('Répondu à l’été', 'latin1').toString('base64');
    const b64 = await parseMail(
      binary(`Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: base64\n\n${latin}\n`),
    );
    expect(b64.text?.trim()).toBe(Buffer.from('Répondu à l’été', 'latin1').toString('latin1'));
  });

  it('the text/plain part of a multipart/alternative nested in a multipart/mixed', async () => {
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
    expect((await parseMail(binary(raw))).text?.trim()).toBe('Texte brut');
  });

  it('RFC 2231 parameters: a boundary in continuations, a charset in the extended syntax', async () => {
    const raw = Buffer.concat([
      binary(
        [
          'To: relais+1-2-abc@mosaique.test',
          'Message-ID: <CAB+reponse-42@mail.exemple.fr>',
          'Content-Type: multipart/alternative;',
          ' boundary*0="=_part_";',
          ' boundary*1="0123"',
          '',
          '--=_part_0123',
          "Content-Type: text/plain; charset*=iso-8859-1'fr'",
          'Content-Transfer-Encoding: 8bit',
          '',
          '',
        ].join('\r\n'),
      ),
      Buffer.from('Réponse à l’été : oui.'.replace('’', "'"), 'latin1'),
      binary('\r\n--=_part_0123--\r\n'),
    ]);
    const mail = await parseMail(raw);
    expect(mail.text?.trim()).toBe("Réponse à l'été : oui.");
    expect(mail.messageId).toBe('CAB+reponse-42@mail.exemple.fr');
  });

  it('an HTML-only reply as readable text: paragraphs, lists, links; quoted blocks and images left out', async () => {
    const gmail = await parseMail(
      bytes(
        [
          'To: relais+1-2-abc@mosaique.test',
          'Content-Type: text/html; charset=utf-8',
          '',
          '<div dir="ltr">Jeudi à 14&nbsp;h, <b>très bien</b>.<br>Je réserve la <a href="https://exemple.fr/salle">salle</a>.',
          '<div><br></div><div>Ordre du jour :</div><ul><li>le poste de comptable</li><li>les créneaux</li></ul><img src="cid:logo" alt="logo"></div>',
          '<br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">Le lun. 23 nov. 2026 à 10:02, Mosaïque &lt;relais+1-2-abc@mosaique.test&gt; a écrit&nbsp;:<br></div>',
          '<blockquote class="gmail_quote">Bonjour,<br>Pouvons-nous en parler jeudi ?</blockquote></div>',
        ].join('\r\n'),
      ),
    );
    expect(stripQuoted(gmail.text ?? '')).toBe(
      'Jeudi à 14\u00a0h, très bien.\nJe réserve la salle (https://exemple.fr/salle).\n\nOrdre du jour :\n * le poste de comptable\n * les créneaux',
    );
    // Outlook quotes without markup: its header block, after a rule, is where the quote starts.
    const outlook = await parseMail(
      bytes(
        [
          'Content-Type: text/html; charset=utf-8',
          '',
          '<html><head><style>p{margin:0}</style></head><body><p class="MsoNormal">D’accord pour jeudi.<o:p></o:p></p>',
          '<div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>De :</b> Mosaïque &lt;relais@x.test&gt;<br>',
          '<b>Envoyé :</b> lundi 23 novembre 2026 10:02<br><b>Objet :</b> Message</div><div>Bonjour, jeudi ?</div></body></html>',
        ].join('\r\n'),
      ),
    );
    expect(stripQuoted(outlook.text ?? '')).toBe('D’accord pour jeudi.');
    // With both parts, the plain one is the reply's text.
    const both = await parseMail(
      binary(
        'Content-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/plain\n\nTexte\n--b\nContent-Type: text/html\n\n<p>HTML</p>\n--b--\n',
      ),
    );
    expect(both.text?.trim()).toBe('Texte');
  });

  it('no text part at all, a multipart without boundary, and an empty input', async () => {
    expect((await parseMail(binary('Content-Type: application/pdf\n\nJVBERi0=\n'))).text).toBeNull();
    await expect(parseMail(binary('Content-Type: multipart/mixed\n\n--x\n'))).rejects.toThrow(BadMessage);
    await expect(parseMail(binary('   '))).rejects.toThrow(BadMessage);
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
    expect(
      stripQuoted(
        'Noté.\n\n________________________________\nDe : Mosaïque <relais@x.test>\nEnvoyé : lundi\n',
      ),
    ).toBe('Noté.');
  });

  it('leaves an answer with nothing quoted as it is, and a quote alone empty', () => {
    expect(stripQuoted('Le poste commence le 4 janvier, pas avant.\nÀ bientôt')).toBe(
      'Le poste commence le 4 janvier, pas avant.\nÀ bientôt',
    );
    expect(stripQuoted('> tout est cité\n> encore')).toBe('');
  });
});
