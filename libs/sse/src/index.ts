export * from './lib/sse-parser';
