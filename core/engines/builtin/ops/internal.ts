/**
 * Ops the builtin's own load-time fusions create (never in a model file): they live in a
 * private domain so checkSupported and ONNX semantics never see them.
 *
 *   FusedMatMul(A, W, bias?, residual?) {gelu: 0|1}: A·W + bias, then GELU, then + residual
 *   FusedAttention(q, k, v, mask?) {heads, scale}: see attention.ts
 */
export const BUILTIN_DOMAIN = 'ai.sparsescope.builtin';
