/**
 * The Node major versions a stage may run on: one per choice of the `runtime` setting
 * (nodejs20.x, nodejs22.x, nodejs24.x). The runtime's tests run on each
 * (./runtime-node-matrix.mjs); a CLI test keeps this list in step with the settings schema.
 */
export const RUNTIME_NODE_MAJORS = ['20', '22', '24'];
