/**
 * Measures the places index: load time from the packages (cold) and from the cache file, in fresh
 * processes, and the time of a search: `npx tsx server/places/measure.ts [runs]`.
 * `npx tsx server/places/measure.ts --accuracy` measures the approximation instead: each commune
 * that GeoNames places is approximated as if it had no point, and compared with its real point.
 * docs/places.md records the figures.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { approximate, type Located } from './approximate';
import { distanceKm } from './geo';
import { createPlacesIndex } from './index';
import { type EtalabCommune, readCommunes } from './package-data';

const self = fileURLToPath(import.meta.url);

function accuracy(): void {
  const index = createPlacesIndex();
  const arrondissementOf = new Map<string, string | undefined>();
  for (const c of readCommunes())
    if (c.type === 'commune-actuelle') arrondissementOf.set(c.code, c.arrondissement);
  const located: Located[] = index.communes
    .filter((c) => c.coordinateSource === 'geonames' && c.kind === 'commune')
    .map((c) => ({
      commune: {
        code: c.code,
        nom: c.name,
        type: 'commune-actuelle',
        departement: c.departement,
        region: c.region,
        arrondissement: arrondissementOf.get(c.code),
        codesPostaux: c.postalCodes,
      } satisfies EtalabCommune,
      lat: c.lat,
      lon: c.lon,
      weight: Math.max(c.population, 1),
    }));
  const group = (key: (c: EtalabCommune) => (string | undefined)[]) => {
    const map = new Map<string, Located[]>();
    for (const l of located) {
      for (const k of key(l.commune)) {
        if (!k) continue;
        const list = map.get(k) ?? [];
        list.push(l);
        map.set(k, list);
      }
    }
    return map;
  };
  const known = {
    byPostalCode: group((c) => c.codesPostaux ?? []),
    byArrondissement: group((c) => [c.arrondissement]),
    byDepartement: group((c) => [c.departement]),
  };
  const errors = new Map<string, number[]>();
  for (const l of located) {
    const estimate = approximate(l.commune, known);
    if (!estimate) continue;
    const list = errors.get(estimate.source) ?? [];
    list.push(distanceKm(estimate, l));
    errors.set(estimate.source, list);
  }
  const counts: Record<string, number> = {};
  for (const c of index.communes) counts[c.coordinateSource] = (counts[c.coordinateSource] ?? 0) + 1;
  const quantile = (xs: number[], q: number) =>
    Math.round((xs[Math.floor(q * (xs.length - 1))] as number) * 10) / 10;
  const report: Record<string, unknown> = { communesBySource: counts };
  for (const [source, list] of errors) {
    list.sort((a, b) => a - b);
    report[`leaveOneOut:${source}`] = {
      n: list.length,
      medianKm: quantile(list, 0.5),
      p90Km: quantile(list, 0.9),
      maxKm: quantile(list, 1),
    };
  }
  console.log(JSON.stringify(report, null, 2));
}

if (process.argv[2] === '--accuracy') {
  accuracy();
} else if (process.argv[2] === '--child') {
  const cacheFile = process.argv[3];
  const started = performance.now();
  const cpu = process.cpuUsage();
  const index = createPlacesIndex(cacheFile ? { cacheFile } : {});
  const loadMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  // CPU time (user + system) is less sensitive than wall time to other work on the machine.
  const loadCpuMs = (used.user + used.system) / 1000;
  const queries = ['belfort', 'st etienne', 'chalon sur saone', 'mar', 'saint', '900', '75011', 'aix en p'];
  for (const q of queries) index.searchCommunes(q);
  const rounds = 200;
  const t = performance.now();
  for (let i = 0; i < rounds; i++) for (const q of queries) index.searchCommunes(q);
  const searchMs = (performance.now() - t) / (rounds * queries.length);
  process.stdout.write(JSON.stringify({ source: index.loadInfo.source, loadMs, loadCpuMs, searchMs }));
} else {
  const runs = Number(process.argv[2] ?? 3);
  const dir = mkdtempSync(join(tmpdir(), 'places-'));
  const cacheFile = join(dir, 'places.json');
  const child = (args: string[]) =>
    JSON.parse(
      execFileSync(process.execPath, [...process.execArgv, self, '--child', ...args], { encoding: 'utf8' }),
    ) as { source: string; loadMs: number; loadCpuMs: number; searchMs: number };
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const cold: number[] = [];
  const cached: number[] = [];
  const coldCpu: number[] = [];
  const cachedCpu: number[] = [];
  const search: number[] = [];
  for (let i = 0; i < runs; i++) {
    rmSync(cacheFile, { force: true });
    const a = child([cacheFile]); // builds from the packages and writes the cache
    const b = child([cacheFile]); // reads the cache
    if (a.source !== 'packages' || b.source !== 'cache') throw new Error('unexpected load source');
    cold.push(a.loadMs);
    cached.push(b.loadMs);
    coldCpu.push(a.loadCpuMs);
    cachedCpu.push(b.loadCpuMs);
    search.push(b.searchMs);
  }
  const size = statSync(cacheFile).size;
  rmSync(dir, { recursive: true, force: true });
  console.log(
    JSON.stringify(
      {
        runs,
        coldLoadMs: Math.round(median(cold)),
        coldLoadCpuMs: Math.round(median(coldCpu)),
        cacheLoadMs: Math.round(median(cached)),
        cacheLoadCpuMs: Math.round(median(cachedCpu)),
        loadAverage: (await import('node:os')).loadavg().map((x) => Math.round(x * 10) / 10),
        cacheFileBytes: size,
        searchMs: Math.round(median(search) * 1000) / 1000,
        node: process.version,
      },
      null,
      2,
    ),
  );
}
