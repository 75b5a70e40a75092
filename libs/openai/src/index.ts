export * from './lib/chat-message.schema';
export * from './lib/chat-request.schema';
export * from './lib/chat-response';
export * from './lib/errors';
export * from './lib/ids';
export * from './lib/sse';
export * from './lib/validation';
