// {{GENERATED}}

/** A JSON Schema 2020-12 document as published (every one has an absolute `$id`). */
export interface JsonSchema {
  $id: string;
  $schema?: string;
  [keyword: string]: unknown;
}

/** The operation ids of the spec. */
export type OperationId =
{{OPERATION_IDS}};

/** One operation of `index.json`: file names of its request and response schemas. */
export interface IndexedOperation {
  method: string;
  path: string;
  /** Media type -> file name. */
  request?: Record<string, string>;
  /** Status (`200`, `4XX`, ...) -> file name. */
  responses: Record<string, string>;
}

/** `index.json`: operations and components -> file names (keys of `schemas`). */
export interface SchemaIndex {
  operations: Record<OperationId, IndexedOperation>;
  components: Record<string, string>;
}

/** Every schema document by its path below the id base, e.g. `components/Visit.json`. */
export declare const schemas: Readonly<Record<string, JsonSchema>>;
export declare const index: SchemaIndex;
/** The schemas' version: `info.version` of the spec. */
export declare const version: string;
/** The base every `$id` starts with (ends in the major version, e.g. `.../v3/`). */
export declare const idBase: string;

/**
 * The response schema of an operation for an HTTP status: the exact status first, then its
 * range (`404` -> `4XX`), then `default`; `undefined` when the spec documents neither.
 * Throws on an unknown operation id.
 */
export declare function schemaFor(operationId: OperationId, status: number | string): JsonSchema | undefined;

/**
 * The request body schema of an operation for a media type (parameters and case ignored);
 * `undefined` when not documented. Throws on an unknown operation id.
 */
export declare function requestSchemaFor(operationId: OperationId, mediaType: string): JsonSchema | undefined;
