/**
 * The validated config. Its types are a contract every layer reads its part of, so they
 * live in the model (model/config.ts); the schema in schema.ts must produce exactly them.
 */
export type * from '../model/config.ts';
