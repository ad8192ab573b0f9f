/**
 * The one error body every route returns; `fields` only for validation errors. Apart from the
 * handler so the schemas (and the console, which reads their types) need no Fastify.
 */
export interface ErrorBody {
  error: string;
  message: string;
  fields?: { in: string; path: string; code: string; message: string }[];
}
