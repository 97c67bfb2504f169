/**
 * Reminder and follow-up mails of sessions: a week and a day before (with the .ics), 30 days after
 * (links to the follow-up and satisfaction forms); each sent once per member, even when two instances run
 * the job at the same moment, and never again on later runs.
 */
import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailOutbox } from '../../db/schema';
import { sendEventMails } from '../../server/events/reminders';
import { createTestInstances, type TestInstances } from '../support/app-instances';
import { makeMatchmakingSession, makeOrganization, makePerson } from '../support/factories';

let t: TestInstances;

beforeAll(async () => {
  t = await createTestInstances(2);
});

afterAll(async () => {
  await t.close();
});

const DAY = 86_400_000;

const mailsOf = async (kind: string) =>
  t.db.select().from(mailOutbox).where(eq(mailOutbox.kind, kind)).orderBy(mailOutbox.id);

/** Runs the job on both instances at the same moment, as two servers would. */
const runBoth = (now: Date) =>
  Promise.all(
    t.apps.map((app) =>
      sendEventMails(app.db, { publicUrl: app.config.publicUrl, mailFrom: app.config.mailFrom, now }),
    ),
  );

describe('reminders and follow-ups', () => {
  it('sends each reminder once per member, with the session .ics, even with two runners', async () => {
    const owner = await makePerson(t.db, { email: 'rappel-owner@exemple.invalid' });
    const editor = await makePerson(t.db, { email: 'rappel-editor@exemple.invalid' });
    const org = await makeOrganization(t.db, { owner, editors: [editor], name: 'Atelier Rappel' });
    const startsAt = new Date('2031-05-20T07:30:00Z');
    const session = await makeMatchmakingSession(t.db, {
      organizations: [org],
      title: 'Rencontre des rappels',
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3 * 3_600_000),
    });

    // Three weeks before: nothing is due.
    await runBoth(new Date(startsAt.getTime() - 21 * DAY));
    expect(await mailsOf('matchmaking-week-before')).toHaveLength(0);

    // Six days before: the week-before reminder, once per member, from whichever runner got there.
    await runBoth(new Date(startsAt.getTime() - 6 * DAY));
    await runBoth(new Date(startsAt.getTime() - 5 * DAY));
    const week = await mailsOf('matchmaking-week-before');
    expect(week.map((m) => m.to).sort()).toEqual([
      'rappel-editor@exemple.invalid',
      'rappel-owner@exemple.invalid',
    ]);
    expect(week[0].subject).toBe('Rappel : Rencontre des rappels, dans une semaine');
    expect(week[0].text).toContain(`/rencontres/${session.id}/agenda`);
    const ics = week[0].attachments?.[0];
    expect(ics?.filename).toBe('rencontre.ics');
    expect(ics?.content).toContain('BEGIN:VEVENT');
    expect(ics?.content).toContain(`rencontre-${session.id}-structure-${org.id}@`);

    // The day before: the day-before reminder, once.
    await runBoth(new Date(startsAt.getTime() - 20 * 3_600_000));
    await runBoth(new Date(startsAt.getTime() - 2 * 3_600_000));
    const day = await mailsOf('matchmaking-day-before');
    expect(day).toHaveLength(2);
    expect(day[0].subject).toBe('Rappel : Rencontre des rappels, demain');

    // Thirty-one days after: the follow-up with the links to both forms, once.
    await runBoth(new Date(startsAt.getTime() + 31 * DAY));
    await runBoth(new Date(startsAt.getTime() + 32 * DAY));
    const followUps = await mailsOf('matchmaking-follow-up');
    expect(followUps).toHaveLength(2);
    expect(followUps[0].text).toContain(`/rencontres/${session.id}/suivi`);
    expect(followUps[0].text).toContain(`/rencontres/${session.id}/satisfaction`);
    expect(followUps[0].attachments).toBeNull();
  });

  it('skips the week-before reminder of a session registered for the day before, and cancelled sessions', async () => {
    const owner = await makePerson(t.db);
    const org = await makeOrganization(t.db, { owner, name: 'Inscrite la veille' });
    const startsAt = new Date('2032-02-10T08:00:00Z');
    await makeMatchmakingSession(t.db, {
      organizations: [org],
      title: 'Veille',
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3_600_000),
    });
    await makeMatchmakingSession(t.db, {
      organizations: [org],
      title: 'Annulée',
      status: 'cancelled',
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3_600_000),
    });
    await runBoth(new Date(startsAt.getTime() - 10 * 3_600_000));
    await runBoth(new Date(startsAt.getTime() - 3 * 3_600_000));
    const mine = (await t.db.select().from(mailOutbox).where(like(mailOutbox.subject, '%Veille%'))).map(
      (m) => m.kind,
    );
    expect(mine).toEqual(['matchmaking-day-before']);
    expect(await t.db.select().from(mailOutbox).where(like(mailOutbox.subject, '%Annulée%'))).toHaveLength(0);
  });
});
