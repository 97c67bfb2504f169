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
    select string_agg(w.word, ' ' order by w.n) as words
    from regexp_split_to_table(replace(regexp_replace(lower(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(replace(replace(replace(replace(normalize(input, NFC), 'Œ', 'oe'), 'œ', 'oe'), 'Æ', 'ae'), 'æ', 'ae'), '[ÀÁÂÃÄÅàáâãäå]', 'a', 'g'), '[Çç]', 'c', 'g'), '[ÈÉÊËèéêë]', 'e', 'g'), '[ÌÍÎÏìíîï]', 'i', 'g'), '[Ññ]', 'n', 'g'), '[ÒÓÔÕÖòóôõö]', 'o', 'g'), '[ÙÚÛÜùúûü]', 'u', 'g'), '[ÝŸýÿ]', 'y', 'g'), '[^\x01-\x7f·•⋅‐]', ' ', 'g')), '([a-z])(?:[·•⋅‐.\-/](?:e|ere|euse|rice|trice|ne|le|se|fe|ve|te|ice)s?(?:[·•⋅.]s)?|\((?:e|ere|euse|rice|trice|ne|le|se|fe|ve|te|ice)s?\)s?)([^a-z0-9]|$)', '\1\2', 'g'), '&', ''), '[^a-z0-9]+') with ordinality as w(word, n)
    where w.word <> ''
      and not (w.word = any (array['au', 'aux', 'avec', 'ce', 'ces', 'dans', 'de', 'des', 'du', 'elle', 'en', 'et', 'eux', 'il', 'je', 'la', 'le', 'les', 'leur', 'lui', 'ma', 'me', 'meme', 'mes', 'moi', 'mon', 'ne', 'nos', 'notre', 'nous', 'on', 'ou', 'par', 'pas', 'pour', 'qu', 'que', 'qui', 'sa', 'se', 'ses', 'sont', 'sur', 'ta', 'te', 'tes', 'toi', 'ton', 'tu', 'un', 'une', 'vos', 'votre', 'vous']))
      and (length(w.word) > 1 or w.word ~ '[0-9]')
  ) as k,
  regexp_split_to_table(coalesce(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(k.words, '\m([a-z0-9]{2,}eau)x\M', '\1', 'g'), '\m([a-z0-9]{3,}[a-rt-z0-9])s\M', '\1', 'g'), '\m([a-z0-9]{3,})ee\M', '\1e', 'g'), '\m([a-z0-9]{3,})trice\M', '\1teur', 'g'), '\m([a-z0-9]{3,})euse\M', '\1eur', 'g'), '\m([a-z0-9]{3,})ere\M', '\1er', 'g'), '\m([a-z0-9]{3,})enne\M', '\1en', 'g'), '\m([a-z0-9]{3,})onne\M', '\1on', 'g'), '\m([a-z0-9]{3,})elle\M', '\1el', 'g'), '\m([a-z0-9]{3,})ive\M', '\1if', 'g'), '\m([a-z0-9]{2,})ante\M', '\1ant', 'g'), '\m([a-z0-9]{2,})ente\M', '\1ent', 'g'), '\m([a-z0-9]{3,})ale\M', '\1al', 'g'), '\m([a-z0-9]{2,}f)fe\M', '\1', 'g'), ''), ' ') with ordinality as s(word, n)
  where s.word <> '' and not (s.word = any (array['au', 'aux', 'avec', 'ce', 'ces', 'dans', 'de', 'des', 'du', 'elle', 'en', 'et', 'eux', 'il', 'je', 'la', 'le', 'les', 'leur', 'lui', 'ma', 'me', 'meme', 'mes', 'moi', 'mon', 'ne', 'nos', 'notre', 'nous', 'on', 'ou', 'par', 'pas', 'pour', 'qu', 'que', 'qui', 'sa', 'se', 'ses', 'sont', 'sur', 'ta', 'te', 'tes', 'toi', 'ton', 'tu', 'un', 'une', 'vos', 'votre', 'vous']))
$$;
