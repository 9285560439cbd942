/**
 * Custom search attributes (Keyword) of fraud incidents, so the Web UI lists and filters them
 * (`StreamifyIncidentStatus = "open"`). `streamify temporal setup` registers them.
 */
export const INCIDENT_SEARCH_ATTRIBUTES = { severity: 'StreamifySeverity', status: 'StreamifyIncidentStatus' } as const;
