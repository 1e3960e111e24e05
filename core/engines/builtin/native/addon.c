// Node-API entry of the native kernels. Context-aware (NAPI_MODULE_INIT): every worker thread
// that loads the addon gets its own instance data, holding the base address of the session
// memory it bound. Kernels read their arguments from a float64 block inside that memory, so
// a call crosses Node-API with three small integers only.
#include <node_api.h>
#include <stdlib.h>
#include <string.h>

#include "kernels.h"

#if defined(__x86_64__) || defined(_M_X64)
#define SS_X86 1
static const ss_isa *const ISAS[] = {&ss_isa_avx512, &ss_isa_avx2, &ss_isa_generic};
#else
#define SS_X86 0
static const ss_isa *const ISAS[] = {&ss_isa_generic};
#endif
#define ISA_COUNT ((int)(sizeof ISAS / sizeof ISAS[0]))

typedef struct {
  uint8_t *base;
  size_t length;
} instance;

static int isa_supported(int i) {
#if SS_X86
  __builtin_cpu_init();
  if (ISAS[i] == &ss_isa_avx512)
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni") &&
           __builtin_cpu_supports("fma");
  if (ISAS[i] == &ss_isa_avx2) return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
  (void)i;
  return 1;
}

static napi_value throw_error(napi_env env, const char *msg) {
  napi_throw_error(env, "ERR_SPARSESCOPE_NATIVE", msg);
  return NULL;
}

/** bind(view: Uint8Array over the whole memory) → base address (to check it never moves). */
static napi_value bind(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  instance *inst;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (napi_get_instance_data(env, (void **)&inst) != napi_ok || !inst) return throw_error(env, "no instance data");
  napi_typedarray_type type;
  size_t length;
  void *data;
  if (argc < 1 || napi_get_typedarray_info(env, argv[0], &type, &length, &data, NULL, NULL) != napi_ok ||
      type != napi_uint8_array)
    return throw_error(env, "bind expects a Uint8Array over the session memory");
  inst->base = (uint8_t *)data;
  inst->length = length;
  napi_value out;
  napi_create_double(env, (double)(uintptr_t)data, &out);
  return out;
}

/** call(isa, kernel, argsOffset): run one kernel on the bound memory. */
static napi_value call(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  instance *inst;
  int32_t isa, kernel, off;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  napi_get_instance_data(env, (void **)&inst);
  if (argc < 3 || !inst || !inst->base || napi_get_value_int32(env, argv[0], &isa) != napi_ok ||
      napi_get_value_int32(env, argv[1], &kernel) != napi_ok ||
      napi_get_value_int32(env, argv[2], &off) != napi_ok || isa < 0 || isa >= ISA_COUNT ||
      kernel < 0 || kernel >= SS_KERNEL_COUNT || off < 0 || (size_t)off + 8 * 32 > inst->length)
    return throw_error(env, "bad native kernel call");
  ISAS[isa]->kernels[kernel](inst->base, (const double *)(inst->base + off));
  return NULL;
}

static void set_int(napi_env env, napi_value obj, const char *key, int v) {
  napi_value x;
  napi_create_int32(env, v, &x);
  napi_set_named_property(env, obj, key, x);
}

/** info() → the builds in this addon: [{isa, supported, lanes, f32Panel, f32Mr, f32Kc, i8Panel, vnni, amx}]. */
static napi_value info(napi_env env, napi_callback_info cb) {
  (void)cb;
  napi_value list;
  napi_create_array_with_length(env, ISA_COUNT, &list);
  for (int i = 0; i < ISA_COUNT; i++) {
    napi_value o, name;
    napi_create_object(env, &o);
    napi_create_string_utf8(env, ISAS[i]->isa, NAPI_AUTO_LENGTH, &name);
    napi_set_named_property(env, o, "isa", name);
    napi_value sup;
    napi_get_boolean(env, isa_supported(i), &sup);
    napi_set_named_property(env, o, "supported", sup);
    set_int(env, o, "lanes", ISAS[i]->lanes);
    set_int(env, o, "f32Panel", ISAS[i]->f32Panel);
    set_int(env, o, "f32Mr", ISAS[i]->f32Mr);
    set_int(env, o, "f32Kc", ISAS[i]->f32Kc);
    set_int(env, o, "i8Panel", ISAS[i]->i8Panel);
    set_int(env, o, "vnni", ISAS[i]->vnni);
    set_int(env, o, "amx", isa_supported(i) && ISAS[i]->amx());
    napi_set_element(env, list, (uint32_t)i, o);
  }
  return list;
}

static void finalize(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  free(data);
}

NAPI_MODULE_INIT() {
  instance *inst = calloc(1, sizeof *inst);
  if (!inst || napi_set_instance_data(env, inst, finalize, NULL) != napi_ok) return NULL;
  napi_property_descriptor props[] = {
      {"bind", NULL, bind, NULL, NULL, NULL, napi_default, NULL},
      {"call", NULL, call, NULL, NULL, NULL, napi_default, NULL},
      {"info", NULL, info, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  napi_value abi;
  napi_create_int32(env, SS_ABI, &abi);
  napi_set_named_property(env, exports, "abi", abi);
  return exports;
}
