/**
 * The live stream's constants, apart from its schemas (protocol.ts) so that the client can
 * import them without bundling TypeBox.
 */
export const PROTOCOL_VERSION = 1;
export const SOCKET_PATH = '/socket.io';

export const LAYERS = ['incidents', 'observations', 'responses', 'feedback'] as const;
export type Layer = (typeof LAYERS)[number];
