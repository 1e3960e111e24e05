// The native kernel interface. Every kernel has one signature, (memory base, argument
// block): arguments are float64 slots the TypeScript side writes into the shared wasm
// memory, pointers are byte offsets into that memory. The order of SS_KERNEL_NAMES is the
// contract with native-tier.ts, and the argument layouts match the wasm exports of the same
// name (see ../kernel-interface.ts).
#ifndef SS_KERNELS_H
#define SS_KERNELS_H

#include <stdint.h>

typedef void (*ss_kernel)(uint8_t *base, const double *args);

/**
 * Version of the kernel list, argument layouts and packed formats. native-addon.ts refuses an
 * addon of another version (a stale build would read arguments it does not understand).
 */
#define SS_ABI 7

/** Epilogue flags of the matrix products, applied after bias, in this order. */
#define SS_EPI_GELU 1
#define SS_EPI_RESIDUAL 2

#define SS_KERNEL_LIST(X) \
  X(gemmF32)              \
  X(packF32)              \
  X(packF32A)             \
  X(spmmF32)              \
  X(transpose32)          \
  X(prepF32Cols)          \
  X(prepI8Rows)           \
  X(prepI8Quads)          \
  X(packI8)               \
  X(gemmI8)               \
  X(spmmI8)               \
  X(maskI8)               \
  X(gemmI8Mask)           \
  X(layerNormRows)        \
  X(softmaxRows)          \
  X(geluRows)             \
  X(quantizeRows)         \
  X(attention)            \
  X(peak)

#define SS_ENUM(name) SS_K_##name,
enum { SS_KERNEL_LIST(SS_ENUM) SS_KERNEL_COUNT };
#undef SS_ENUM

/** Facts one ISA build reports so the TypeScript side can size packed weights. */
typedef struct {
  const char *isa;
  int lanes;     /* float lanes per vector */
  int f32Panel;  /* columns per packed dense fp32 panel */
  int f32Mr;     /* rows per dense fp32 micro-tile (packF32A pads M to whole tiles) */
  int f32Kc;     /* rows per k block of the packed dense fp32 weight */
  int i8Panel;   /* columns per packed dense int8 panel */
  int vnni;      /* 1 when the int8 dot product is one instruction */
  int (*amx)(void); /* 1 when dense int8 products run on AMX tiles in this process */
  const ss_kernel *kernels;
} ss_isa;

extern const ss_isa ss_isa_avx512;
extern const ss_isa ss_isa_avx2;
extern const ss_isa ss_isa_generic;

#endif
