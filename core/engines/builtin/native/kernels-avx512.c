// AVX-512 build (x86-64 with AVX-512 F/BW/VL/VNNI): 16 float lanes, 32 vector registers.
#define VL 16
#define MR 12
#define F32_KC 256
#define SS_ISA_NAME "avx512"
#define SS_ISA_SYMBOL ss_isa_avx512
#include <immintrin.h>
#include "impl-common.h"
#include "impl-gemm-f32.h"
#include "impl-sparse-f32.h"
#include "impl-int8.h"
#include "impl-rows.h"
#include "impl-attention.h"
#include "impl-peak.h"
#include "isa-table.h"
