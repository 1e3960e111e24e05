// 128-bit build with no ISA flags: NEON on arm64, SSE2 on x86-64 (where it is also the
// portable reference the x86 tests run against the wider builds).
#define VL 4
#define MR 6
#define F32_KC 256
#define SS_ISA_NAME "generic"
#define SS_ISA_SYMBOL ss_isa_generic
#include "impl-common.h"
#include "impl-gemm-f32.h"
#include "impl-sparse-f32.h"
#include "impl-int8.h"
#include "impl-rows.h"
#include "impl-attention.h"
#include "impl-peak.h"
#include "isa-table.h"
