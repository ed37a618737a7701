/**
 * The OpenAPI document as a test oracle: JSON Schema validation of what the API answers (Ajv, the
 * validator @seriousme/openapi-schema-validator already brings), and fast-check arbitraries that
 * generate what the document says a request may be.
 *
 * Generation covers the JSON Schema the document uses (types, enum, const, pattern, lengths, bounds,
 * formats, oneOf/anyOf, required, additionalProperties: false); every generated value is then
 * filtered through the full schema with Ajv, so rules the generator does not build directly (if/then/else,
 * a oneOf of `required` lists) still hold for every value it yields.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';

export type JsonSchema = { readonly [keyword: string]: any };

/** The generator keeps free text short: long values say nothing more about the contract, and cost time. */
const MAX_GENERATED_CHARS = 40;
const MAX_GENERATED_ITEMS = 3;

const REF_PREFIX = '#/components/schemas/';

export class Contract {
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<JsonSchema, ValidateFunction>();

  constructor(private readonly document: { components: { schemas: Record<string, JsonSchema> } }) {
    // strict: false because the document's schemas carry OpenAPI keywords (discriminator, example).
    this.ajv = new Ajv2020({ strict: false, allErrors: true });
    (addFormats as unknown as (ajv: Ajv2020) => void)(this.ajv);
    this.ajv.addSchema({ $id: 'chorus', $defs: this.rebased(document.components.schemas) });
  }

  /** A schema of the document whose component references resolve in this validator. */
  private rebased<T>(schema: T): T {
    return JSON.parse(JSON.stringify(schema).replaceAll(`"${REF_PREFIX}`, '"chorus#/$defs/'));
  }

  private validator(schema: JsonSchema): ValidateFunction {
    let validate = this.validators.get(schema);
    if (!validate) {
      validate = this.ajv.compile(this.rebased(schema));
      this.validators.set(schema, validate);
    }
    return validate;
  }

  /** Undefined when `value` matches `schema`, what is wrong otherwise. */
  mismatch(schema: JsonSchema, value: unknown): string | undefined {
    const validate = this.validator(schema);
    return validate(value) ? undefined : this.ajv.errorsText(validate.errors, { dataVar: 'body' });
  }

  /** Values `schema` accepts. */
  arbitrary(schema: JsonSchema): fc.Arbitrary<unknown> {
    return this.candidates(schema).filter((value) => this.validator(schema)(value));
  }

  private resolve(schema: JsonSchema): JsonSchema {
    if (typeof schema.$ref !== 'string') return schema;
    const name = schema.$ref.slice(REF_PREFIX.length);
    const target = this.document.components.schemas[name];
    if (!schema.$ref.startsWith(REF_PREFIX) || !target) throw new Error(`cannot resolve ${schema.$ref}`);
    return this.resolve(target);
  }

  private candidates(given: JsonSchema): fc.Arbitrary<unknown> {
    const schema = this.resolve(given);
    if ('const' in schema) return fc.constant(schema.const);
    if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
    const alternatives = (schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined;
    // A oneOf of full schemas (a discriminated union) picks one; a oneOf of `required` lists only constrains an object (left to the filter).
    if (alternatives && schema.type === undefined) return fc.oneof(...alternatives.map((option) => this.candidates(option)));
    const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
    switch (type) {
      case 'string':
        return this.strings(schema);
      case 'integer':
        return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1_000_000 });
      case 'number':
        return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array':
        return fc.array(schema.items ? this.candidates(schema.items) : fc.constant(null), {
          minLength: schema.minItems ?? 0,
          maxLength: Math.min(schema.maxItems ?? MAX_GENERATED_ITEMS, Math.max(schema.minItems ?? 0, MAX_GENERATED_ITEMS)),
        });
      case 'object': {
        const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
        const required = (schema.required ?? []) as string[];
        const model = Object.fromEntries(Object.entries(properties).map(([key, property]) => [key, this.candidates(property)]));
        const smallest = Object.fromEntries(Object.entries(model).filter(([key]) => required.includes(key)));
        // The smallest object the schema allows (its required fields alone) is an edge every run should meet often.
        return fc.oneof({ arbitrary: fc.record(smallest), weight: 1 }, { arbitrary: fc.record(model, { requiredKeys: required }), weight: 3 });
      }
      default:
        throw new Error(`no generator for the schema ${JSON.stringify(schema).slice(0, 200)}`);
    }
  }

  private strings(schema: JsonSchema): fc.Arbitrary<string> {
    const now = Date.now();
    if (schema.format === 'date-time') return fc.integer({ min: now - 86_400_000, max: now }).map((t) => new Date(t).toISOString());
    if (schema.format === 'date') return fc.integer({ min: now - 60 * 86_400_000, max: now }).map((t) => new Date(t).toISOString().slice(0, 10));
    const minLength = schema.minLength ?? 0;
    const maxLength = Math.min(schema.maxLength ?? MAX_GENERATED_CHARS, Math.max(minLength, MAX_GENERATED_CHARS));
    const length = (s: string) => [...s].length;
    // Whole graphemes, so every string is well-formed Unicode (the document says so in words).
    const base =
      typeof schema.pattern === 'string'
        ? fc.stringMatching(new RegExp(schema.pattern, 'u'), { size: 'xsmall' })
        : fc.string({ unit: 'grapheme', minLength, maxLength });
    return base.filter((s) => s.isWellFormed() && length(s) >= minLength && length(s) <= maxLength);
  }
}
