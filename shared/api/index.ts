// The API contract in one import: `import { createApi, type CamwallApi } from '../shared/api/index.ts'`.
export * from './result.ts';
export * from './calls.ts';
export * from './pushes.ts';
export * from './verbs.ts';
export type * from './domain.ts';
