/**
 * axe-core on every full page of the access table (tests/security/route-table.ts), in Chromium, as the
 * first role allowed to see it (a visitor when the page is public, else its owner, facilitator or
 * admin), with html-validate, heading order, duplicate ids and the page's width at 375 px beside it. New pages are swept as soon as their row is added. Fragments (htmx partials), JSON and static
 * files are left out: they are not pages.
 */
import type { Browser as Chromium, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createFixtures, type Fixtures, type Role, RoleClient } from '../security/fixtures';
import { ROUTE_TABLE } from '../security/route-table';
import {
  auditPage,
  describeBrowser,
  type E2eServer,
  formatViolations,
  launchChromium,
  newContext,
  startServer,
  structureProblems,
} from '../support/e2e';

let server: E2eServer;
let chromium: Chromium;
let f: Fixtures;

const PREFERRED: Role[] = ['visitor', 'owner', 'facilitator', 'admin', 'other'];

describeBrowser('accessibility of every page', () => {
  beforeAll(async () => {
    server = await startServer({ rateLimit: { max: 100_000, windowMs: 60_000 } });
    f = await createFixtures(server);
    chromium = await launchChromium();
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  it('no page has a serious or critical axe-core violation, a validator error, a skipped heading, a duplicate id or sideways scroll at 375 px', async () => {
    // One tab per role, going from page to page: a new tab per page cost more than its audit's run.
    const contexts = new Map<Role, Awaited<ReturnType<typeof newContext>>>();
    const tabs = new Map<Role, Page>();
    const tabFor = async (role: Role) => {
      let tab = tabs.get(role);
      if (!tab) {
        const context = await newContext(chromium, server.baseUrl, { javaScript: true });
        const cookies = await new RoleClient(f, role).sessionCookies();
        await context.addCookies(
          Object.entries(cookies).map(([name, value]) => ({ name, value, url: server.baseUrl })),
        );
        contexts.set(role, context);
        tab = await context.newPage();
        tabs.set(role, tab);
      }
      return tab;
    };

    const reports: string[] = [];
    const audited: string[] = [];
    try {
      for (const row of ROUTE_TABLE.filter((r) => r.route.startsWith('GET '))) {
        if (!server.app.routeTable.some((r) => `${r.method} ${r.url}` === row.route)) continue;
        for (const c of row.cases) {
          const role = PREFERRED.find((r) => c.expect[r] === 'ok');
          if (!role) continue;
          const url = await c.url(f, role);
          // Only full pages: the same request through inject tells whether it is one.
          const probe = await new RoleClient(f, role).get(url);
          if (probe.statusCode !== 200 || !/^<!doctype html>/i.test(probe.body.trimStart())) continue;
          const page = await tabFor(role);
          await page.goto(url);
          const blocking = (await auditPage(page)).filter(
            (v) => v.impact === 'serious' || v.impact === 'critical',
          );
          audited.push(`${role} ${url}`);
          if (blocking.length) reports.push(formatViolations(`${url} as ${role} (${c.label})`, blocking));
          const problems = await structureProblems(page);
          if (problems.length) reports.push(`${url} as ${role} (${c.label}):\n  ${problems.join('\n  ')}`);
        }
      }
    } finally {
      for (const context of contexts.values()) await context.close();
    }
    expect(audited.length).toBeGreaterThan(15);
    expect(reports, reports.join('\n\n')).toEqual([]);
  }, 300_000);
});
