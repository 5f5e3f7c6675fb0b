import type { ValidateFunction } from 'ajv';
import { eventDeclaration } from '../../shared/layers/registry.js';
import { createAjv } from '../validation/ajv.js';

/** What of an event its declaration speaks of. */
interface EventParts {
  entity: string;
  type: string;
  public: unknown;
  private: unknown;
}

/**
 * An event whose type no layer declares, or whose part is not what its declaration says. It
 * names the event type and the paths that failed, never the values: they may be private.
 */
export class UndeclaredEventError extends Error {
  constructor(event: Pick<EventParts, 'entity' | 'type'>, problem: string) {
    super(`the ${event.entity} event ${event.type} ${problem}`);
    this.name = 'UndeclaredEventError';
  }
}

interface PartValidators {
  public: ValidateFunction;
  private: ValidateFunction;
}

const ajv = createAjv({ useDefaults: false, allErrors: false });
const compiled = new Map<string, PartValidators | null>();

function validatorsOf(entity: string, type: string): PartValidators | null {
  const key = `${entity}\u0000${type}`;
  let validators = compiled.get(key);
  if (validators === undefined) {
    const declaration = eventDeclaration(entity, type);
    validators = declaration
      ? { public: ajv.compile(declaration.public), private: ajv.compile(declaration.private) }
      : null;
    compiled.set(key, validators);
  }
  return validators;
}

function failedPaths(validate: ValidateFunction): string {
  return (validate.errors ?? []).map((error) => error.instancePath || '/').join(', ');
}

/**
 * Refuses an event that its layer's declaration (shared/layers/) does not allow, before it is
 * chained: a field added to a public part without a declaration, and so without a look at who
 * may see it, never reaches the public record or the stream.
 */
export function assertDeclared(event: EventParts): void {
  const validators = validatorsOf(event.entity, event.type);
  if (!validators) throw new UndeclaredEventError(event, 'is not declared in shared/layers');
  if (!validators.public(event.public)) {
    throw new UndeclaredEventError(
      event,
      `has a public part off its declaration at ${failedPaths(validators.public)}`,
    );
  }
  if (!validators.private(event.private)) {
    throw new UndeclaredEventError(
      event,
      `has a private part off its declaration at ${failedPaths(validators.private)}`,
    );
  }
}
