// Types for require-node.mjs (plain JavaScript so that it runs on any Node version).
export declare const DESKTOP_NODE: string;
export declare function isAtLeast(actual: string, minimum: string): boolean;
export declare function nodeVersionProblem(actual: string, minimum: string, use: string): string | undefined;
