import type { Linter } from 'eslint';

/** One layer of src/: the layers it may import, those it may import as types only, the packages it must not use, and why. */
export interface LayerRule {
  readonly layer: string;
  readonly may: readonly string[];
  readonly typesOnly?: readonly string[];
  readonly packages: readonly string[];
  readonly why: string;
}
export declare const LAYER_RULES: readonly LayerRule[];
/** Every layer's `no-restricted-imports` blocks. */
export declare const layerImportRules: Linter.Config[];
