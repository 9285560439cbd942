/**
 * The custom search attribute (Keyword) of data-quality gates: the gate's phase (checking, quarantining,
 * awaiting-override, releasing, passed, empty, released, failed), so the Web UI and `temporal workflow list` find
 * the gates waiting for an override (`DataQualityGateState = "awaiting-override"`). The stack's dev server and
 * `streamify temporal setup` register it.
 */
export const QUALITY_SEARCH_ATTRIBUTES = { gateState: 'DataQualityGateState' } as const;
