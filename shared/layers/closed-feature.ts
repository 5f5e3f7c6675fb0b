import { Type, type TObject, type TProperties } from 'typebox';

/**
 * A feature schema closed at both levels: a property the feature schemas do not name fails,
 * so nothing reaches an event's part unseen.
 */
export function closedFeature<
  Feature extends TProperties & { properties: TObject },
  Properties extends TProperties,
>(feature: TObject<Feature>, properties: TObject<Properties>) {
  return Type.Object(
    {
      ...(feature.properties as Omit<Feature, 'properties'>),
      properties: Type.Object(properties.properties, { additionalProperties: false }),
    },
    { additionalProperties: false },
  );
}
