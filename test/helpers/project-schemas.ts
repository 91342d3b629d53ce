/** Validation against the project's own schemas (schemas/), for tests of what the emulator emits. */
import { SchemaRegistry } from '../../src/validation/schema-registry';

let registry: SchemaRegistry | undefined;

export function projectSchemas(): SchemaRegistry {
  registry ??= SchemaRegistry.load();
  return registry;
}

export function expectValidAgainstProjectSchema(ref: string, value: unknown): void {
  const validate = projectSchemas().validator(ref);
  if (!validate(value)) {
    throw new Error(`Not a valid ${ref}:\n${JSON.stringify(validate.errors, null, 1).slice(0, 2000)}\n${JSON.stringify(value).slice(0, 1000)}`);
  }
}
