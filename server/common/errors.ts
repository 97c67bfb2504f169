/** Errors that handlers throw to answer a 4xx page; the error handler renders them in French. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

export class NotFound extends HttpError {
  constructor(message = 'Page introuvable.') {
    super(404, message);
  }
}

export class Forbidden extends HttpError {
  constructor(message = 'Vous n’avez pas accès à cette page.') {
    super(403, message);
  }
}

/** Parses a route parameter that must be a positive integer id; anything else is a 404, not a 500. */
export function idParam(value: unknown): number {
  const text = String(value ?? '');
  if (!/^[1-9]\d{0,9}$/.test(text)) throw new NotFound();
  const id = Number(text);
  if (id > 2_147_483_647) throw new NotFound();
  return id;
}
