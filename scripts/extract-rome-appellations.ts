/**
 * Extracts the ROME job titles ("appellations") of the roles Mosaïque offers into
 * server/roles/appellations.json, the vocabulary search, the role picker and the fallback read.
 *
 *   npx tsx scripts/extract-rome-appellations.ts PATH/unix_referentiel_appellation_v460_utf8.csv
 *
 * Where the CSV comes from: France Travail's ROME 4.0 reference files ("Répertoire Opérationnel des
 * Métiers et des Emplois", open data under the Licence Ouverte 2.0 / Etalab), file
 * `unix_referentiel_appellation_v460_utf8.csv` (about 13,000 titles). A public copy is in the GitHub
 * repository `tomjoy75/code_rome`, folder `data/RefRomeCsv/`
 * (`git show HEAD:data/RefRomeCsv/unix_referentiel_appellation_v460_utf8.csv > appellations.csv`).
 *
 * Each row has a ROME 4 code (`code_rome`) and its ROME 3 parent (`code_rome_parent`): Mosaïque's codes
 * are ROME 3 fiche codes (server/roles/rome.json), so rows are kept by `code_rome_parent`. Titles France
 * Travail marks as rarely used (`peu_usite` = O) are left out. The output keeps the official long
 * label as published ("Agent / Agente de propreté de locaux") and the title's `code_ogr`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUTPUT = path.join(root, 'server/roles/appellations.json');
const ROLES = path.join(root, 'server/roles/rome.json');
const SOURCE_FILE = 'unix_referentiel_appellation_v460_utf8.csv';
const REQUIRED = ['code_ogr', 'libelle_appellation_long', 'code_rome', 'code_rome_parent', 'peu_usite'];

interface Row {
  code_ogr: string;
  libelle_appellation_long: string;
  code_rome: string;
  code_rome_parent: string;
  peu_usite: string;
}

function main() {
  const file = process.argv[2];
  if (!file) {
    console.error(`usage: npx tsx scripts/extract-rome-appellations.ts PATH/${SOURCE_FILE}`);
    process.exit(2);
  }
  const rows = parse(readFileSync(file, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
    bom: true,
  }) as Row[];
  const missing = REQUIRED.filter((column) => !(rows[0] && column in rows[0]));
  if (missing.length) {
    console.error(`${file}: missing column(s) ${missing.join(', ')}; is it ${SOURCE_FILE}?`);
    process.exit(2);
  }
  const codes = new Set((JSON.parse(readFileSync(ROLES, 'utf8')) as { code: string }[]).map((r) => r.code));
  const kept = rows
    .filter((r) => codes.has(r.code_rome_parent) && r.peu_usite !== 'O')
    .map((r) => [r.code_rome_parent, Number(r.code_ogr), r.libelle_appellation_long.trim()] as const)
    .sort((a, b) => a[0].localeCompare(b[0]) || a[2].localeCompare(b[2], 'fr') || a[1] - b[1]);
  const without = [...codes].filter((code) => !kept.some((k) => k[0] === code));
  if (without.length) console.warn(`no title for ${without.join(', ')}`);

  // One title a line: a new release of the file shows as a readable diff.
  const lines = kept.map((k) => `    ${JSON.stringify(k)}`);
  const header = {
    source:
      'France Travail, ROME 4.0 reference files: appellations (job titles) with their ROME 3 parent code',
    file: SOURCE_FILE,
    licence: 'Licence Ouverte 2.0 (Etalab), https://www.etalab.gouv.fr/licence-ouverte-open-licence/',
    extractedBy: 'scripts/extract-rome-appellations.ts',
    columns: ['code_rome_parent', 'code_ogr', 'libelle_appellation_long'],
  };
  const json = `${JSON.stringify(header, null, 2).slice(0, -2)},\n  "appellations": [\n${lines.join(',\n')}\n  ]\n}\n`;
  JSON.parse(json); // the hand-assembled file must stay valid JSON
  writeFileSync(OUTPUT, json);
  console.log(`${kept.length} titles for ${codes.size - without.length} of ${codes.size} roles → ${OUTPUT}`);
}

main();
