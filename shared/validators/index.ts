export * from './creditCode';
export * from './idCard';
export * from './mask';
export * from './phone';
