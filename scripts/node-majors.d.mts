/** Types of ./node-majors.mjs (for the TypeScript tests that import it). */
export declare const RUNTIME_NODE_MAJORS: string[];
