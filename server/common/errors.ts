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
