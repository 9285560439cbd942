export { WindowEngine, type EngineStateSize } from './engine';
export { DEFAULT_WINDOW_ENGINE_OPTIONS, type WindowEngineOptions } from './options';
export { windowsContaining, type WindowBounds, type WindowSpec } from './windows';
export type { EngineSnapshot } from './snapshot';
export type {
  AddOutput,
  CategoryStat,
  Emitted,
  LateEvent,
  PaymentMethodStat,
  PlaceStat,
  ProductStat,
  WindowInput,
  WindowResult,
} from './types';
export { PaneBuilder, type LateInput, type PaneBuilderOutput, type PaneReport } from './pane-builder';
export { WindowMerger } from './merger';
export { splitReport } from './report-parts';
export { validatePaneRecord, type PaneRecord } from './pane-record';
