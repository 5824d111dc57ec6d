export {
  DEPRECATED_RUNTIMES,
  SUPPORTED_RUNTIMES,
  UNAVAILABLE_RUNTIMES,
} from '../../contracts/function-config.js';

export type RuntimeFamily = 'node' | 'python' | 'provided';

export function runtimeFamily(runtime: string): RuntimeFamily {
  if (runtime.startsWith('nodejs')) return 'node';
  if (runtime.startsWith('python')) return 'python';
  return 'provided';
}
