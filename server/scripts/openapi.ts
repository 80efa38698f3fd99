/**
 * npx tsx server/scripts/openapi.ts [--check]
 *
 * Writes docs/openapi.yaml (OpenAPI 3.1) from the contract's single source: the
 * valibot schemas (src/core/schemas.ts) and the operations table
 * (src/core/operations.ts), plus the prose of ./openapi-prose.ts. With --check
 * it writes nothing and exits 1 when the file is not what it would write.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { toJsonSchema, toJsonSchemaDefs, type ConversionConfig } from '@valibot/to-json-schema'
import type * as v from 'valibot'
import { Document, isMap, isScalar, visit } from 'yaml'
import {
  COMMON_PARAMETERS,
  isJsonResponse,
  isProblemResponse,
  OPERATIONS,
  RESPONSE_HEADERS,
  SCHEMAS,
  WEBHOOK_EVENT_TYPES,
  type Operation,
  type OperationResponse,
  type Parameter,
  type ResponseHeader,
} from '../../src/entries/contract.ts'
import { INFO, SCHEMA_NOTES, SECURITY_SCHEMES, SERVERS, TAGS, WEBHOOK_INTRO, WEBHOOKS } from './openapi-prose.ts'

export const OPENAPI_FILE = fileURLToPath(new URL('../../docs/openapi.yaml', import.meta.url))

type Json = Record<string, unknown>

const CONVERSION: ConversionConfig = {
  target: 'draft-2020-12',
  // Request bodies are documented as a client sends them (before trims and blank → absent);
  // responses have no transformations, so input and output agree.
  typeMode: 'input',
  // Rules JSON Schema cannot express; the field notes say them in words.
  ignoreActions: ['check', 'normalize', 'trim', 'to_lower_case', 'finite'],
  overrideRef: ({ referenceId }) => `#/components/schemas/${referenceId}`,
}

const ref = (section: string, name: string) => ({ $ref: `#/components/${section}/${name}` })

// ---- schemas -------------------------------------------------------------

/** Key order of schema objects in the document: what a reader looks for first. */
const KEY_ORDER = [
  '$ref',
  'type',
  'format',
  'description',
  'const',
  'enum',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'default',
  'examples',
  'additionalProperties',
  'required',
  'properties',
  'items',
  'anyOf',
  'allOf',
]

/**
 * Shapes a converted schema for reading: `anyOf [X, null]` of a plain X becomes
 * `type: [x, 'null']`, empty `required` lists go, keys come in KEY_ORDER.
 */
function tidy(schema: Json): Json {
  let node: Json = { ...schema }
  const anyOf = node.anyOf as Json[] | undefined
  if (anyOf?.length == 2 && anyOf[1]?.type == 'null' && typeof anyOf[0]?.type == 'string') {
    const { anyOf: _, ...rest } = node
    node = { ...anyOf[0], type: [anyOf[0].type, 'null'], ...rest }
  }
  if (Array.isArray(node.required) && !node.required.length) delete node.required
  for (const key of ['items', 'additionalProperties'] as const) {
    if (node[key] && typeof node[key] == 'object') node[key] = tidy(node[key] as Json)
  }
  if (node.properties) node.properties = Object.fromEntries(Object.entries(node.properties as Record<string, Json>).map(([k, s]) => [k, tidy(s)]))
  for (const key of ['anyOf', 'allOf'] as const) if (Array.isArray(node[key])) node[key] = (node[key] as Json[]).map(tidy)
  const rank = (k: string) => (KEY_ORDER.includes(k) ? KEY_ORDER.indexOf(k) : KEY_ORDER.length)
  return Object.fromEntries(Object.entries(node).sort(([a], [b]) => rank(a) - rank(b)))
}

/** Adds SCHEMA_NOTES to the converted schemas; a note on a path that does not exist is an error. */
function annotate(schemas: Record<string, Json>): void {
  for (const [path, note] of Object.entries(SCHEMA_NOTES)) {
    const [name, ...fields] = path.split('.')
    let node = schemas[name!]
    for (const field of fields) node = (node?.properties as Record<string, Json> | undefined)?.[field]
    if (!node) throw new Error(`openapi-prose.ts has a note on ${path}, which is not in the contract`)
    Object.assign(node, note)
  }
}

function componentSchemas(): Record<string, Json> {
  const converted = toJsonSchemaDefs(SCHEMAS, CONVERSION) as unknown as Record<string, Json>
  annotate(converted)
  return Object.fromEntries(Object.entries(converted).map(([name, schema]) => [name, tidy(schema)]))
}

/** A schema outside the named ones (parameters, headers). */
function inline(schema: v.GenericSchema): Json {
  const { $schema: _, ...rest } = toJsonSchema(schema, CONVERSION) as Json
  return tidy(rest)
}

// ---- operations ----------------------------------------------------------

const parameter = (p: Parameter): Json => ({
  name: p.name,
  in: p.in,
  required: p.required,
  ...(p.description && { description: p.description }),
  schema: inline(p.schema),
})

const responseHeaders = (names: readonly ResponseHeader[] | undefined) =>
  names?.length ? { headers: Object.fromEntries(names.map((n) => [RESPONSE_HEADERS[n].header, ref('headers', n)])) } : {}

/** A problem body narrowed to the codes this answer can carry. */
const problemContent = (codes: readonly string[]) => ({
  'application/problem+json': { schema: { allOf: [ref('schemas', 'Problem'), { properties: { code: { enum: [...codes] } } }] } },
})

function response(r: OperationResponse, shared: Record<string, Json>): Json {
  const body = {
    description: r.description,
    ...responseHeaders(r.headers),
    ...(isJsonResponse(r) && { content: { 'application/json': { schema: ref('schemas', r.schema) } } }),
    ...(isProblemResponse(r) && { content: problemContent(r.codes) }),
  }
  if (!isProblemResponse(r) || !r.name) return body
  if (shared[r.name] && JSON.stringify(shared[r.name]) != JSON.stringify(body)) throw new Error(`two different responses are named ${r.name}`)
  shared[r.name] = body
  return ref('responses', r.name)
}

const SECURITY = { none: undefined, optional: [{}, { customerToken: [] }], required: [{ customerToken: [] }], key: [{ apiKey: [] }] }

function operation(op: Operation, shared: Record<string, Json>): Json {
  const common = [...(op.programIn == 'path' ? [] : ['Program', 'AcceptLanguage']), ...(op.idempotent ? ['IdempotencyKey'] : [])]
  return {
    tags: [op.tag],
    operationId: op.id,
    summary: op.summary,
    ...(op.description && { description: op.description }),
    ...(SECURITY[op.auth] && { security: SECURITY[op.auth] }),
    parameters: [...common.map((name) => ref('parameters', name)), ...op.parameters.map(parameter)],
    ...(op.body && { requestBody: { required: true, content: { 'application/json': { schema: ref('schemas', op.body) } } } }),
    responses: Object.fromEntries(Object.entries(op.responses).map(([status, r]) => [status, response(r, shared)])),
  }
}

/** The events the server posts to the store (OpenAPI 3.1 `webhooks`). */
function webhooks(): Json {
  const header = (name: string, description: string) => ({ name, in: 'header', required: true, description, schema: { type: 'string' } })
  const parameters = [
    header('webhook-id', 'The event id (`msg_…`), the same on every attempt.'),
    header('webhook-timestamp', 'Unix seconds of this attempt.'),
    header('webhook-signature', '`v1,<base64 HMAC-SHA256 of id.timestamp.body>`, space-separated when several.'),
  ]
  return Object.fromEntries(
    WEBHOOK_EVENT_TYPES.map((type) => [
      type,
      {
        post: {
          summary: WEBHOOKS[type],
          description: WEBHOOK_INTRO,
          parameters,
          requestBody: { required: true, content: { 'application/json': { schema: ref('schemas', 'WebhookEvent') } } },
          responses: { '2XX': { description: 'Received: not sent again.' }, default: { description: 'Not received: retried with backoff.' } },
        },
      },
    ]),
  )
}

// ---- the document --------------------------------------------------------

export function openApiDocument(): Json {
  const shared: Record<string, Json> = {}
  const paths: Record<string, Record<string, Json>> = {}
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method.toLowerCase()] = operation(op, shared)
  return {
    openapi: '3.1.0',
    info: INFO,
    servers: SERVERS,
    tags: TAGS,
    paths,
    webhooks: webhooks(),
    components: {
      securitySchemes: SECURITY_SCHEMES,
      parameters: Object.fromEntries(Object.entries(COMMON_PARAMETERS).map(([name, p]) => [name, parameter(p)])),
      headers: Object.fromEntries(Object.entries(RESPONSE_HEADERS).map(([name, h]) => [name, { description: h.description, schema: inline(h.schema) }])),
      responses: shared,
      schemas: componentSchemas(),
    },
  }
}

/** docs/openapi.yaml as it should be. */
export function generateOpenApi(): string {
  const doc = new Document(openApiDocument(), { aliasDuplicateObjects: false })
  // Lists of plain values on one line (`required: [id, name]`), a blank line between sections, paths and schemas.
  visit(doc, { Seq: (_, seq) => void (seq.flow = seq.items.every(isScalar)) })
  const spaced = (node: unknown) => {
    if (isMap(node)) for (const pair of node.items.slice(1)) if (isScalar(pair.key)) pair.key.spaceBefore = true
  }
  spaced(doc.contents)
  spaced(doc.get('paths'))
  spaced(doc.get('webhooks'))
  spaced(doc.get('components'))
  spaced(doc.getIn(['components', 'schemas']))
  doc.commentBefore =
    ' Generated by server/scripts/openapi.ts from src/core/schemas.ts and src/core/operations.ts.\n Do not edit: change those and run `npx tsx server/scripts/openapi.ts`.'
  return doc.toString({ lineWidth: 0, blockQuote: 'literal', singleQuote: true, flowCollectionPadding: false })
}

if (process.argv[1] && fileURLToPath(import.meta.url) == process.argv[1]) {
  const expected = generateOpenApi()
  if (process.argv.includes('--check')) {
    let actual = ''
    try {
      actual = readFileSync(OPENAPI_FILE, 'utf8')
    } catch {}
    if (actual != expected) {
      console.error('docs/openapi.yaml is out of date with src/core/schemas.ts and src/core/operations.ts: run npx tsx server/scripts/openapi.ts')
      process.exit(1)
    }
    console.log('docs/openapi.yaml is up to date')
  } else {
    writeFileSync(OPENAPI_FILE, expected)
    console.log('wrote docs/openapi.yaml')
  }
}
