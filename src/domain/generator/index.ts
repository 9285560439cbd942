export { EventGenerator, DEFAULT_GENERATOR_OPTIONS, checkGeneratorOptions, usersToSustain, type GeneratorOptions } from './generator';
export type { GeneratedEvent } from './world';
export { CATEGORIES } from './catalogue';
