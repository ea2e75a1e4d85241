/**
 * A request the client got wrong (a bad query parameter, say), thrown from inside a route:
 * the HTTP server answers it with its status and the one-line message as a text body,
 * where any other error is a 500 and a log line.
 */
export class HttpError extends Error {
  override name = 'HttpError';
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}
