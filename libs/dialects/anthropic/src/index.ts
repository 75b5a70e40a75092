export * from './lib/messages-request.schema';
export * from './lib/to-chat';
export * from './lib/message-events';
export * from './lib/message-body';
export * from './lib/errors';
