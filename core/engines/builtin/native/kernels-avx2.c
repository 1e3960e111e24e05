// AVX2 + FMA build (x86-64 without AVX-512): 8 float lanes, 16 vector registers.
#define VL 8
#define MR 6
#define F32_KC 256
#define SS_ISA_NAME "avx2"
#define SS_ISA_SYMBOL ss_isa_avx2
#include <immintrin.h>
#include "impl-common.h"
#include "impl-gemm-f32.h"
#include "impl-sparse-f32.h"
#include "impl-int8.h"
#include "impl-rows.h"
#include "impl-attention.h"
#include "impl-peak.h"
#include "isa-table.h"
