-- Custom SQL migration file, put your code below! --
-- mosaique_search_words(text): the PostgreSQL twin of searchWords (server/roles/search-words.ts), written
-- by searchWordsSql() from the same tables. IMMUTABLE (only translate, replace, normalize and regular
-- expressions, no locale, no extension), so the stored search vectors of the fallback can use it; the same
-- letters come out on PGlite and on any PostgreSQL server. tests/search/search-words-sql.test.ts checks it
-- against the JavaScript on the vocabulary and on random text. A change of the rules is a new migration.
create or replace function mosaique_search_words(input text) returns text
language sql immutable strict parallel safe
as $$
  select coalesce(string_agg(s.word, ' ' order by s.n), '')
  from (
    select regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(w.word, '^([a-z0-9]{2,}eau)x$', '\1'), '^([a-z0-9]{3,}[^s])s$', '\1'), '^([a-z0-9]{3,})ee$', '\1e'), '^([a-z0-9]{3,})trice$', '\1teur'), '^([a-z0-9]{3,})euse$', '\1eur'), '^([a-z0-9]{3,})ere$', '\1er'), '^([a-z0-9]{3,})enne$', '\1en'), '^([a-z0-9]{3,})onne$', '\1on'), '^([a-z0-9]{3,})elle$', '\1el'), '^([a-z0-9]{3,})ive$', '\1if'), '^([a-z0-9]{2,})ante$', '\1ant'), '^([a-z0-9]{2,})ente$', '\1ent'), '^([a-z0-9]{3,})ale$', '\1al'), '^([a-z0-9]{2,}f)fe$', '\1') as word, w.n
    from regexp_split_to_table(replace(regexp_replace(translate(replace(replace(replace(replace(normalize(input, NFC), 'Œ', 'oe'), 'œ', 'oe'), 'Æ', 'ae'), 'æ', 'ae'), 'ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖòóôõöÙÚÛÜùúûüÝŸýÿABCDEFGHIJKLMNOPQRSTUVWXYZ', 'aaaaaaaaaaaacceeeeeeeeiiiiiiiinnoooooooooouuuuuuuuyyyyabcdefghijklmnopqrstuvwxyz'), '([a-z])(?:[·•⋅.\-‐/](?:e|ere|euse|rice|trice|ne|le|se|fe|ve|te|ice)s?(?:[·•⋅.]s)?|\((?:e|ere|euse|rice|trice|ne|le|se|fe|ve|te|ice)s?\)s?)(?![a-z0-9])', '\1', 'g'), '&', ''), '[^a-z0-9]+') with ordinality as w(word, n)
    where w.word <> ''
      and not (w.word = any (array['au', 'aux', 'avec', 'ce', 'ces', 'dans', 'de', 'des', 'du', 'elle', 'en', 'et', 'eux', 'il', 'je', 'la', 'le', 'les', 'leur', 'lui', 'ma', 'me', 'meme', 'mes', 'moi', 'mon', 'ne', 'nos', 'notre', 'nous', 'on', 'ou', 'par', 'pas', 'pour', 'qu', 'que', 'qui', 'sa', 'se', 'ses', 'sont', 'sur', 'ta', 'te', 'tes', 'toi', 'ton', 'tu', 'un', 'une', 'vos', 'votre', 'vous']))
      and (length(w.word) > 1 or w.word ~ '[0-9]')
  ) as s
  where not (s.word = any (array['au', 'aux', 'avec', 'ce', 'ces', 'dans', 'de', 'des', 'du', 'elle', 'en', 'et', 'eux', 'il', 'je', 'la', 'le', 'les', 'leur', 'lui', 'ma', 'me', 'meme', 'mes', 'moi', 'mon', 'ne', 'nos', 'notre', 'nous', 'on', 'ou', 'par', 'pas', 'pour', 'qu', 'que', 'qui', 'sa', 'se', 'ses', 'sont', 'sur', 'ta', 'te', 'tes', 'toi', 'ton', 'tu', 'un', 'une', 'vos', 'votre', 'vous']))
$$;
