/** Fictional people for the demo: names, @demo.invalid emails, 0X 00 00 00 NN phone numbers. */
import { people } from '../../db/schema';
import type { DemoContext } from './context';
import type { Rng } from './random';

const FIRST_NAMES = [
  'Amandine',
  'Bastien',
  'Camille',
  'Damien',
  'Élodie',
  'Fabrice',
  'Gaëlle',
  'Hugo',
  'Inès',
  'Jérôme',
  'Karima',
  'Laurent',
  'Maëlle',
  'Nicolas',
  'Océane',
  'Pascal',
  'Rachida',
  'Sébastien',
  'Thierry',
  'Valérie',
  'Yasmine',
  'Alexandre',
  'Brigitte',
  'Cédric',
  'Delphine',
  'Étienne',
  'Fatou',
  'Guillaume',
  'Hélène',
  'Isabelle',
  'Julien',
  'Léa',
  'Mathieu',
  'Nadia',
  'Olivier',
  'Pauline',
  'Quentin',
  'Romain',
  'Sandrine',
  'Théo',
  'Aurélie',
  'Benoît',
  'Chloé',
  'Djamel',
  'Emma',
  'Florence',
  'Grégoire',
  'Houda',
  'Jeanne',
  'Kevin',
];
const LAST_NAMES = [
  'Mougin',
  'Girardot',
  'Petitjean',
  'Vuillemin',
  'Cuenot',
  'Bourgeois',
  'Faivre',
  'Jacquot',
  'Nicolet',
  'Perrin',
  'Roux',
  'Fabre',
  'Giraud',
  'Blanc',
  'Martinez',
  'Garcia',
  'Benali',
  'Haddad',
  'Lambert',
  'Renaud',
  'Chevallier',
  'Lefèvre',
  'Morin',
  'Fournier',
  'Gauthier',
  'Diallo',
  'Traoré',
  'Nguyen',
  'Lopes',
  'Da Silva',
  'Marchand',
  'Dupuis',
  'Colin',
  'Barbier',
  'Arnaud',
  'Meyer',
  'Schmitt',
  'Boyer',
  'Carpentier',
  'Rolland',
];

/** Regional telephone prefix of a département (01 Île-de-France, 02 north-west, 03 north-east, 04 south-east). */
export function phonePrefix(departement: string): string {
  if (['75', '77', '78', '91', '92', '93', '94', '95'].includes(departement)) return '01';
  if (
    ['13', '69', '83', '84', '06', '04', '05', '30', '34', '38', '73', '74', '2A', '2B'].includes(departement)
  )
    return '04';
  if (
    ['90', '25', '39', '70', '21', '68', '67', '54', '57', '88', '71', '58', '89', '10', '51'].includes(
      departement,
    )
  ) {
    return '03';
  }
  return '02';
}

const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '-')
    .replace(/^-|-$/g, '');

export interface NewDemoPerson {
  displayName: string;
  email: string;
  phone: string;
}

/** A new fictional person with a unique email and phone number. */
export function demoPerson(ctx: DemoContext, departement: string, rng: Rng = ctx.rng): NewDemoPerson {
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const base = `${ascii(first)}.${ascii(last)}`;
  let email = `${base}@demo.invalid`;
  for (let n = 2; ctx.emails.has(email); n++) email = `${base}${n}@demo.invalid`;
  ctx.emails.add(email);
  const n = ctx.phoneCounter.next++;
  const phone = `${phonePrefix(departement)} 00 00 ${String(Math.floor(n / 100)).padStart(2, '0')} ${String(n % 100).padStart(2, '0')}`;
  return { displayName: `${first} ${last}`, email, phone };
}

/** Inserts people in one statement; returns their ids in the same order. */
export async function insertPeople(ctx: DemoContext, list: NewDemoPerson[]): Promise<number[]> {
  if (!list.length) return [];
  const rows = await ctx.tx
    .insert(people)
    .values(list.map((p) => ({ ...p, passwordHash: ctx.passwordHash })))
    .returning({ id: people.id });
  return rows.map((r) => r.id);
}
