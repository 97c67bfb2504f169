/**
 * A facilitator reads and acts only on their territories (départements); an admin on every one.
 * Routes call these named checks after `config: { access: 'facilitator' }` has let the person in.
 */
import type { CurrentPerson } from '../accounts/session';
import { Forbidden, NotFound } from '../common/errors';

/** The départements a person facilitates, or null for "all" (an admin). */
export function facilitatedDepartements(person: CurrentPerson): string[] | null {
  return person.isAdmin ? null : person.territories;
}

export function canFacilitateDepartement(person: CurrentPerson, departement: string): boolean {
  return person.isAdmin || person.territories.includes(departement);
}

/** Throws unless the person facilitates this département (a structure's, a need's, a commune's). */
export function assertFacilitates(person: CurrentPerson, departement: string): void {
  if (!canFacilitateDepartement(person, departement)) {
    throw new Forbidden('Ce département ne fait pas partie de vos territoires d’animation.');
  }
}

const DEPARTEMENT_CODE = /^(?:\d{2}|2[AB]|97\d)$/;

/**
 * The départements a page covers: the one asked for in `?departement=` (which must be the person's),
 * else all of theirs (null for an admin: every département).
 */
export function scopeOf(person: CurrentPerson, requested: string | undefined): string[] | null {
  if (requested === undefined || requested === '') return facilitatedDepartements(person);
  if (!DEPARTEMENT_CODE.test(requested)) throw new NotFound();
  assertFacilitates(person, requested);
  return [requested];
}
