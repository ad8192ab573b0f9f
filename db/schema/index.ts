export * from "./enums.ts";
export * from "./units.ts";
export * from "./staff.ts";
export * from "./reporters.ts";
export * from "./tickets.ts";
export * from "./referrals.ts";
export * from "./relations.ts";
