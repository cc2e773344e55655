// {{GENERATED}}
//
// The published JSON Schemas (2020-12) of the VSee Clinic REST API v3, version {{VERSION}}.
// Every document has an absolute `$id` under {{ID_BASE}}; references between documents use
// those ids, so register every document with your validator (ajv: `new Ajv2020({ schemas:
// Object.values(schemas) })`) and nothing is fetched over the network.
"use strict";

const index = require("./schemas/index.json");

/** Every schema document by its path below the id base (the file names of index.json). */
const schemas = Object.freeze({
{{FILES}}});

function documented(operationId) {
  const operation = index.operations[operationId];
  if (!operation) {
    throw new Error(
      `unknown operation id ${JSON.stringify(operationId)}; known: ${Object.keys(index.operations).join(", ")}`,
    );
  }
  return operation;
}

/**
 * The response schema of an operation for an HTTP status: the exact status first, then its
 * range (`404` -> `4XX`), then `default`. `undefined` when the spec documents neither.
 */
function schemaFor(operationId, status) {
  const responses = documented(operationId).responses || {};
  const exact = String(status).toUpperCase();
  const range = /^[1-5][0-9][0-9]$/.test(exact) ? `${exact[0]}XX` : undefined;
  for (const key of [exact, range, "default"]) {
    if (key !== undefined && Object.prototype.hasOwnProperty.call(responses, key)) {
      return schemas[responses[key]];
    }
  }
  return undefined;
}

/**
 * The request body schema of an operation for a media type (parameters such as `; charset=`
 * or `; boundary=` and letter case are ignored). `undefined` when the spec does not document it.
 */
function requestSchemaFor(operationId, mediaType) {
  const requests = documented(operationId).request || {};
  const essence = String(mediaType).split(";")[0].trim().toLowerCase();
  return Object.prototype.hasOwnProperty.call(requests, essence) ? schemas[requests[essence]] : undefined;
}

exports.schemas = schemas;
exports.index = index;
exports.schemaFor = schemaFor;
exports.requestSchemaFor = requestSchemaFor;
exports.version = "{{VERSION}}";
exports.idBase = "{{ID_BASE}}";
