import type { TSchema } from 'typebox';
import type { Layer } from '../realtime/constants.js';

/** What an event means on the live stream: a feature that appears, or one that changed. */
export type StreamKind = 'created' | 'updated';

/**
 * One type of event: the schemas of its public part (published in the record, served to
 * everyone) and of its private part (the exact place and text, for the audiences the rule
 * table lets see it, and for auditors). Both describe the parts as a writer builds them: the
 * chain adds its envelope (type, entity, time, salt) when it appends the event.
 */
export interface EventDeclaration<
  Public extends TSchema = TSchema,
  Private extends TSchema = TSchema,
> {
  public: Public;
  private: Private;
}

/** An event of a streamed layer: its parts carry the layer's feature under `feature`. */
export interface StreamedEventDeclaration<
  Public extends TSchema = TSchema,
  Private extends TSchema = TSchema,
> extends EventDeclaration<Public, Private> {
  stream: StreamKind;
}

/** A layer of the live map: one entity type, whose events the relay streams. */
export interface LayerDeclaration {
  layer: Layer;
  entity: string;
  events: Readonly<Record<string, StreamedEventDeclaration>>;
}

/** An entity the record holds events about that is not drawn on the map (an import batch). */
export interface RecordEntityDeclaration {
  layer: null;
  entity: string;
  events: Readonly<Record<string, EventDeclaration>>;
}

export type EntityDeclaration = LayerDeclaration | RecordEntityDeclaration;
