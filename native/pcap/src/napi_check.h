// Shared by the addon's C files: an N-API call that fails throws in JS and returns.
#ifndef WEIR_NAPI_CHECK_H
#define WEIR_NAPI_CHECK_H
#include <node_api.h>
#define CHECK(call)                                                          \
  do {                                                                       \
    if ((call) != napi_ok) {                                                 \
      napi_throw_error(env, NULL, "weir-pcap: N-API call failed: " #call);   \
      return NULL;                                                           \
    }                                                                        \
  } while (0)
#endif
