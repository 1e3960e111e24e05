// The kernel table and facts of one ISA build; included last by each kernels-*.c file.
#define SS_PTR(name) k_##name,
static const ss_kernel table[SS_KERNEL_COUNT] = {SS_KERNEL_LIST(SS_PTR)};
#undef SS_PTR

const ss_isa SS_ISA_SYMBOL = {
    .isa = SS_ISA_NAME,
    .lanes = VL,
    .f32Panel = NR,
    .f32Mr = MR,
    .f32Kc = F32_KC,
    .i8Panel = I8_NR,
    .vnni = SS_VNNI,
    .amx = amx_enabled,
    .kernels = table,
};
