import { Type, type Static } from 'typebox';

/** What the map client reads at start from `/client-config.json`. */
export const ClientConfigSchema = Type.Object(
  {
    basemapStyleUrl: Type.Union([Type.String({ format: 'uri' }), Type.Null()], {
      description: 'A hosted MapLibre style; null means the built-in offline basemap',
    }),
    basemapPmtilesUrl: Type.Union([Type.String(), Type.Null()], {
      description: "This server's PMTiles basemap archive (read by byte ranges), or null",
    }),
  },
  { additionalProperties: false },
);
export type ClientConfig = Static<typeof ClientConfigSchema>;
