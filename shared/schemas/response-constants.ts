/**
 * The response timeline's fixed vocabularies, apart from the schemas so the client can use them
 * without bundling TypeBox.
 */

/** The steps of a police response, in the order they happen. */
export const RESPONSE_STEPS = [
  'received',
  'dispatched',
  'en_route',
  'on_scene',
  'cleared',
] as const;
export type ResponseStep = (typeof RESPONSE_STEPS)[number];

/** The figures derived from the steps that stand; never typed in. */
export const RESPONSE_FIGURES = ['toDispatchSeconds', 'toSceneSeconds', 'onSceneSeconds'] as const;
export type ResponseFigure = (typeof RESPONSE_FIGURES)[number];

export const RATING_MIN = 1;
export const RATING_MAX = 5;
