/** Shared set-up for post tests: the post form (the accepted composition: `makeAcceptedComposition`). */
import { makeAcceptedComposition } from '../support/factories';

/** @deprecated Use `makeAcceptedComposition` from tests/support/factories. */
export const acceptedComposition = makeAcceptedComposition;

export const postForm = (version: number, overrides: Record<string, string> = {}) => ({
  version: String(version),
  title: 'Comptable en CDI partagé entre deux structures',
  startDate: '2027-03-01',
  description:
    'Tenue de la comptabilité de deux structures d’insertion, trois jours dans l’une et deux dans l’autre.',
  payMin: '1 850',
  payMax: '',
  payUnit: 'month',
  ...overrides,
});
