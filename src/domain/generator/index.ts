export { EventGenerator, DEFAULT_GENERATOR_OPTIONS, checkGeneratorOptions, type GeneratorOptions } from './generator';
export type { GeneratedEvent } from './world';
export { CATEGORIES } from './catalogue';
