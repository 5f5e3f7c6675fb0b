/** The bundled glyphs (client/public/fonts): every text on the map uses one of these fonts. */
export const GLYPHS_URL = '/fonts/{fontstack}/{range}.pbf';
export const FONT_REGULAR = ['Noto Sans Regular'];
export const FONT_MEDIUM = ['Noto Sans Medium'];
