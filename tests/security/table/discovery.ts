/** Access rows: public discovery (robots.txt, sitemap, feed of open posts, favicon). */
import { one, PUBLIC, type RouteRow } from './expect';

export const DISCOVERY_ROWS: RouteRow[] = [
  { route: 'GET /robots.txt', cases: one('/robots.txt', PUBLIC) },
  { route: 'GET /sitemap.xml', cases: one('/sitemap.xml', PUBLIC) },
  { route: 'GET /postes/flux.xml', cases: one('/postes/flux.xml', PUBLIC) },
  { route: 'GET /favicon.ico', cases: one('/favicon.ico', PUBLIC) },
];
