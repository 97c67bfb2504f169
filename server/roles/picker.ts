/**
 * The role picker's search: a role found from any of its titles ("femme de ménage", "CIP", "laveur de
 * vitres", "K2204"), accent-, case- and inclusive-insensitive (searchWords). `findRoles` ranks the roles
 * for the suggestions; `resolveRole` turns what someone typed and submitted into a code when it can only
 * mean one role (the form works without JavaScript: otherwise it offers the candidates). Pure: no I/O.
 */
import { getRole, type Role } from './index';
import { searchWords } from './search-words';
import { vocabulary } from './vocabulary';

export interface RoleMatch {
  code: string;
  label: string;
  domain: string;
  /** The title that matched, when it is not the label ("femme de ménage" for K2204). */
  title: string | null;
  /** "Nettoyage de locaux (K2204)": what the picker's input shows once the role is chosen. */
  display: string;
}

/** What the picker's text input shows for a chosen role. */
export const roleDisplay = (role: Pick<Role, 'code' | 'label'>) => `${role.label} (${role.code})`;

const CODE = /^[a-n]\d{4}$/;
const DISPLAYED = /\(([A-Na-n]\d{4})\)\s*$/;

function match(role: Role, title: string | null): RoleMatch {
  return { code: role.code, label: role.label, domain: role.domain, title, display: roleDisplay(role) };
}

/** How well a title's words answer the query's: every query word must start one of the title's words. */
function titleScore(query: string[], words: readonly string[]): number {
  if (!words.length) return 0;
  const used = new Set<number>();
  for (const [i, q] of query.entries()) {
    const last = i === query.length - 1;
    const at = words.findIndex((w, j) => !used.has(j) && (w === q || (last && w.startsWith(q))));
    if (at < 0) return 0;
    used.add(at);
  }
  const exact = query.length === words.length && query.every((q, i) => words[i] === q);
  const prefix = query.every((q, i) => words[i] === q || (i === query.length - 1 && words[i]?.startsWith(q)));
  // Exact title first, then titles that start with the query, then the shortest titles (closest).
  return (exact ? 300 : 0) + (prefix ? 100 : 0) + 50 - Math.min(40, words.length - query.length);
}

/** Roles for a query, best first; each with the title that matched best. */
export function findRoles(query: string, limit = 8): RoleMatch[] {
  const words = searchWords(query);
  if (!words.length || limit <= 0) return [];
  if (words.length === 1 && CODE.test(words[0])) {
    const role = getRole(words[0]);
    if (role) return [match(role, null)];
  }
  const scored: { role: Role; title: string | null; score: number; order: number }[] = [];
  vocabulary().forEach((entry, order) => {
    let best = 0;
    let bestTitle: string | null = null;
    for (const title of entry.titles) {
      // The label counts a little more: it is the role's name.
      const found = titleScore(words, title.words);
      const score = found > 0 && title.source === 'label' ? found + 20 : found;
      if (score > best) {
        best = score;
        bestTitle = title.source === 'label' ? null : title.text;
      }
    }
    const role = getRole(entry.code);
    if (best > 0 && role) scored.push({ role, title: bestTitle, score: best, order });
  });
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  return scored.slice(0, limit).map((s) => match(s.role, s.title));
}

export type RoleResolution = { code: string } | { code: null; candidates: RoleMatch[] };

/**
 * The role someone typed, when it can only be one: a code ("k2204"), the picker's own display
 * ("Nettoyage de locaux (K2204)"), or a title that belongs to exactly one role ("CIP", "laveur de
 * vitres"). Otherwise the candidates to choose from (none when nothing matches).
 */
export function resolveRole(text: string): RoleResolution {
  const displayed = DISPLAYED.exec(text.trim());
  const byDisplay = displayed ? getRole(displayed[1]) : null;
  if (byDisplay) return { code: byDisplay.code };
  const words = searchWords(text);
  if (words.length === 1 && CODE.test(words[0])) {
    const role = getRole(words[0]);
    if (role) return { code: role.code };
  }
  const key = words.join(' ');
  const owners = key
    ? vocabulary()
        .filter((entry) => entry.titles.some((t) => t.words.join(' ') === key))
        .map((e) => e.code)
    : [];
  if (owners.length === 1) return { code: owners[0] };
  return { code: null, candidates: findRoles(text) };
}

export interface RolePick {
  /** The code the picker's hidden field holds (its value when JavaScript chose it). */
  code?: string;
  /** What its text input holds; undefined when the client posted the code alone (older forms, scripts). */
  text?: string;
  /** A candidate the person picked among those offered after an unresolved text (no JavaScript). */
  choice?: string;
}

export type RolePicked =
  | { code: string; text: string }
  | { code: null; text: string; candidates: RoleMatch[] };

const sameText = (a: string, b: string) => searchWords(a).join(' ') === searchWords(b).join(' ');

/**
 * The role a picker's fields stand for: a candidate picked, else the hidden code when the text still
 * shows that role, else the text resolved on its own (a person without JavaScript types "CIP" and
 * submits; or edits the text after choosing, which the hidden code does not follow). `code: null` with
 * the candidates when the text is empty, unknown or stands for several roles.
 */
export function pickRole({ code = '', text, choice = '' }: RolePick): RolePicked {
  const picked = getRole(choice.trim());
  if (picked) return { code: picked.code, text: roleDisplay(picked) };
  const held = getRole(code.trim());
  if (text === undefined)
    return held ? { code: held.code, text: roleDisplay(held) } : { code: null, text: '', candidates: [] };
  const typed = text.trim().slice(0, 120);
  if (!typed) return { code: null, text: '', candidates: [] };
  if (held && sameText(typed, roleDisplay(held))) return { code: held.code, text: roleDisplay(held) };
  const resolved = resolveRole(typed);
  if (resolved.code === null) return { code: null, text: typed, candidates: resolved.candidates };
  const role = getRole(resolved.code);
  return { code: resolved.code, text: role ? roleDisplay(role) : typed };
}
