/**
 * The filter form's selects are cached HTML with the current values marked by string replacement
 * (server/search/routes.ts): each select keeps exactly the value of the URL selected, and odd values
 * select nothing. The role is a picker (views/macros/role-picker.njk): a code and the text typed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureIndexes } from '../../server/search/settings';
import { SEARCH_INDEXES } from '../../server/search-sources';
import { createTestApp, type TestApp } from '../support/app';
import { makeOrganization, makePerson } from '../support/factories';
import { addNeed } from './helpers';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  expect(await ensureIndexes(t.search, SEARCH_INDEXES)).toBe(true);
  const owner = await makePerson(t.db);
  const org = await makeOrganization(t.db, { owner, kind: 'EI' });
  await addNeed(t.db, owner.id, org.id, { title: 'Comptable à temps partagé' });
  await addNeed(t.db, owner.id, org.id, { title: 'Comptable à Besançon', place: 'besancon' });
  // The two needs, and their structure's directory entry.
  expect((await t.app.searchIndexer.drain()).indexed).toBe(3);
});
afterAll(async () => {
  await t?.close();
});

/** The role picker's hidden code and visible text. */
function picker(html: string): { code: string | undefined; text: string | undefined } {
  return {
    code: /<input type="hidden" name="role" value="([^"]*)"/.exec(html)?.[1],
    text: /<input id="f-role" name="metier" type="text" value="([^"]*)"/.exec(html)?.[1],
  };
}

/** The selected options of the select named `name` in the page. */
function selected(html: string, name: string): string[] {
  const select = new RegExp(`<select id="[^"]+" name="${name}">([\\s\\S]*?)</select>`).exec(html)?.[1];
  if (select === undefined) throw new Error(`no select ${name}`);
  return [...select.matchAll(/<option value="([^"]*)"( selected)?>/g)].filter((m) => m[2]).map((m) => m[1]);
}

describe('the search filter form and facets', () => {
  it('links each facet value to the search with that value toggled', async () => {
    const response = await t.app.inject({ url: '/recherche?q=comptable&departement=90&page=1' });
    expect(response.statusCode).toBe(200);
    const links = [
      ...response.body.matchAll(
        /<a href="([^"]+)"( aria-current="true")?[^>]*>([^<]+)<\/a> <span class="facet-count">/g,
      ),
    ];
    const link = (label: string) => links.find((m) => m[3].startsWith(label));
    // The selected département's link takes it away; a kind of structure's adds it to the search.
    expect(link('Territoire de Belfort')?.[1]).toBe('/recherche?q=comptable');
    expect(link('Territoire de Belfort')?.[2]).toBeTruthy();
    expect(link('Entreprise d’insertion (EI)')?.[1]).toBe(
      '/recherche?q=comptable&amp;departement=90&amp;structure=EI',
    );
  });

  it('marks the values of the URL as selected, one per select', async () => {
    const response = await t.app.inject({
      url: '/recherche?q=compta&role=M1203&departement=90&structure=EI&cooperation=gme&jour=mardi&km=50&pres=Belfort',
    });
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(picker(html)).toEqual({ code: 'M1203', text: 'Comptabilité (M1203)' });
    expect(selected(html, 'departement')).toEqual(['90']);
    expect(selected(html, 'structure')).toEqual(['EI']);
    expect(selected(html, 'cooperation')).toEqual(['gme']);
    expect(selected(html, 'jour')).toEqual(['mardi']);
    expect(selected(html, 'km')).toEqual(['50']);
    expect(html).toMatch(/<option value="90" selected>Territoire de Belfort \(90\)<\/option>/);
  });

  it('selects nothing for odd values, and the default distance when none is given', async () => {
    const response = await t.app.inject({ url: '/recherche?role=ZZZ&departement=999&jour=dimanche' });
    expect(response.statusCode).toBe(200);
    expect(picker(response.body)).toEqual({ code: '', text: '' });
    expect(selected(response.body, 'departement')).toEqual([]);
    expect(selected(response.body, 'jour')).toEqual([]);
    expect(selected(response.body, 'km')).toEqual(['30']);
  });

  it('filters by a role typed in the picker, or offers the roles it may mean, without JavaScript', async () => {
    const json = (url: string) => t.app.inject({ url, headers: { accept: 'application/json' } });
    // "compta" stands for one role: the filter applies, the picker shows it.
    const typed = await t.app.inject({ url: '/recherche?metier=compta&role=' });
    expect(picker(typed.body)).toEqual({ code: 'M1203', text: 'Comptabilité (M1203)' });
    expect((await json('/recherche?metier=compta&role=')).json().total).toBe(2);
    expect((await json('/recherche?metier=CIP&role=')).json().total).toBe(0);
    // Several roles: no filter, links to each instead.
    const several = await t.app.inject({ url: '/recherche?q=comptable&metier=femme+de+m%C3%A9nage&role=' });
    expect(several.body).toContain('Métier « femme de ménage » : plusieurs métiers correspondent');
    expect(several.body).toContain('href="/recherche?q=comptable&amp;role=K2204"');
    expect(several.body).toContain('href="/recherche?q=comptable&amp;role=K1304"');
    expect(several.body).toContain('2 résultats');
    // The text emptied (a chosen role taken away): no filter, whatever the hidden code says.
    const emptied = await t.app.inject({ url: '/recherche?metier=&role=K2204' });
    expect(picker(emptied.body)).toEqual({ code: '', text: '' });
    expect(emptied.body).toContain('2 résultats');
  });
});
