#ifndef WEIR_FILTER_H
#define WEIR_FILTER_H
#include <node_api.h>
napi_value compile_filter(napi_env env, napi_callback_info info);
napi_value filter_matches(napi_env env, napi_callback_info info);
#endif
