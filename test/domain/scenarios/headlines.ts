/** The headline kinds a scenario expects (docs/plan.md, "Headline"). */
export const HEALTHY = /^Monitor, no action needed yet/;
export const WATCH = /^Monitor: /;
export const PLAN_NOW = /^Plan now: /;
export const SCALE = /^Scale: /;
export const SCALE_NOW = /^Scale now: /;
export const INVESTIGATE = /^Investigate: /;
export const INVESTIGATE_NOW = /^Investigate now: /;
export const OPTIMISE = /^Optimise: /;
export const OPTIMISE_NOW = /^Optimise now: /;
export const RIGHT_SIZE = /^Right-size: /;
export const DATA_UNAVAILABLE = /^Data unavailable/;
