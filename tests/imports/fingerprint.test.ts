import { describe, expect, it } from 'vitest';
import { analyzeFile, fingerprintDraft, type NeedDraft } from '../../server/imports';
import { fixture, testLookups } from './support';

async function drafts(today: string): Promise<NeedDraft[]> {
  const outcome = await analyzeFile(fixture('besoins-tab.csv'), { today, lookups: await testLookups() });
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.drafts;
}

describe('fingerprintDraft', () => {
  it('is the same for the same row on another day, "dès que possible" included', async () => {
    const [a, b] = [await drafts('2026-06-01'), await drafts('2026-06-02')];
    expect(a[1].startAsap).toBe(true);
    expect(a[1].start).not.toBe(b[1].start);
    expect(a.map(fingerprintDraft)).toEqual(b.map(fingerprintDraft));
  });

  it('changes with what makes a need different', async () => {
    const [draft] = await drafts('2026-06-01');
    const print = fingerprintDraft(draft);
    expect(fingerprintDraft({ ...draft, hoursHundredths: draft.hoursHundredths + 50 })).not.toBe(print);
    expect(fingerprintDraft({ ...draft, allowedSlots: ['mon-am'] })).not.toBe(print);
    expect(fingerprintDraft({ ...draft, start: '2027-01-04' })).not.toBe(print);
    expect(fingerprintDraft({ ...draft, structure: { ...draft.structure, siret: null } })).not.toBe(print);
    // The row number and the title's wording are not the need.
    expect(fingerprintDraft({ ...draft, row: 99, title: 'Autre intitulé' })).toBe(print);
  });
});
