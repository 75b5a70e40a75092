export * from './lib/responses-request.schema';
export * from './lib/to-chat';
export * from './lib/response-object';
export * from './lib/response-events';
export * from './lib/input-items';
export * from './lib/reasoning-carrier';
