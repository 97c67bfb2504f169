/**
 * The zod pieces every route declaration uses (`schema: { params, querystring, body }`, validated by
 * fastify-type-provider-zod, so handlers get typed `request.params`, `request.query`, `request.body`).
 * A failed check becomes an answer in common/error-pages.ts: a bad path parameter is a 404 (the URL names
 * nothing), a bad query string or JSON body a 400. Pages whose query a person types or a link carries read
 * it leniently instead (`.catch(…)`: defaults, never an error); forms declare `formBody` and keep their
 * field checks in `parseForm`, which re-renders the form with French messages.
 */
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** The app as route plugins see it: route schemas are zod, and they type the request. */
export type RouteApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** An id in a URL: a positive integer that fits an `integer` column, written plainly ("12", not "012"). */
export const id = z
  .string()
  .regex(/^[1-9]\d{0,9}$/)
  .transform(Number)
  .refine((value) => value <= 2_147_483_647);

/** `/…/:id` */
export const idParams = z.object({ id });

/**
 * The request of a route that declares `params: idParams`, for helpers shared by such routes
 * (`loadSession(app, request)`): a route without the declaration does not type-check.
 */
export type IdRequest = FastifyRequest & { params: { id: number } };

/** `/…/:token`: a secret from a mail link; the service looks it up (unknown → its own 404 page). */
export const tokenParams = z.object({ token: z.string().max(200) });

/**
 * One optional value of a query string that our own pages and links write: a repeated parameter
 * (`?departement=90&departement=25`) is a malformed request (400).
 */
export const queryValue = z.string().optional();

/** One optional value a link may garble: anything but a single string is ignored (undefined). */
export const lenientQueryValue = z.string().optional().catch(undefined);

/**
 * What a search box reads from one query parameter: the first of a repeated one, trimmed, at most 200
 * characters, control characters (NUL, line feeds…) as spaces; anything else is ''. Never fails.
 */
export const searchText = z
  .unknown()
  .optional() // a missing key is '' (transform alone would make it required)
  .transform((value): string => {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first !== 'string') return '';
    return [...first.trim().slice(0, 200)].map((c) => (c < ' ' ? ' ' : c)).join('');
  });

/**
 * A form's body as the parsers left it (urlencoded fields, or whatever JSON a client sent): a record of
 * fields, empty when there is none or it is not an object. Never fails: the form's own schema checks the
 * fields in `parseForm` (common/forms.ts), which answers 422 with the form re-rendered in French.
 */
export const formBody = z.preprocess(
  (body) => (body && typeof body === 'object' && !Array.isArray(body) ? body : {}),
  // The parsed object itself, not a copy: parseForm and formValues read it as they always did.
  z.custom<Record<string, unknown>>(),
);
