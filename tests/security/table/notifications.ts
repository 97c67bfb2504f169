/** Access rows: a person's notifications (their own only: anyone else's id is a 404). */
import { notifications } from '../../../db/schema';
import type { Fixtures } from '../fixtures';
import { type Expect, everyone, one, type RouteRow, SIGNED_IN } from './expect';

/** A notification of `owner`, made once. */
const ownersNotification = (f: Fixtures) =>
  f.memo('owner-notification', async () => {
    const [row] = await f.testApp.db
      .insert(notifications)
      .values({
        personId: f.people.owner.id,
        kind: 'composition-decision',
        text: 'Une structure a accepté la proposition.',
        link: '/compositions',
      })
      .returning({ id: notifications.id });
    return row;
  });

const OWNER_OF_IT: Expect = { ...everyone('denied'), visitor: 'signin', owner: 'ok' };

export const NOTIFICATION_ROWS: RouteRow[] = [
  { route: 'GET /notifications', cases: one('/notifications', SIGNED_IN) },
  {
    route: 'GET /notifications/:id',
    cases: [
      {
        label: 'own',
        url: async (f) => `/notifications/${(await ownersNotification(f)).id}`,
        expect: OWNER_OF_IT,
      },
      {
        label: 'not an id',
        url: () => '/notifications/abc',
        expect: { ...everyone('denied'), visitor: 'signin' },
      },
    ],
  },
  {
    route: 'POST /notifications/:id/lu',
    cases: one(async (f) => `/notifications/${(await ownersNotification(f)).id}/lu`, OWNER_OF_IT),
    writes: ['notifications'],
    fields: ['x'],
  },
  {
    route: 'POST /notifications/tout-lu',
    cases: one('/notifications/tout-lu', SIGNED_IN),
    writes: ['notifications'],
    fields: ['x'],
  },
];
