// Offline BPF: programs compiled by libpcap for a link type, run on packets read from files.
#define NAPI_VERSION 8
#include <node_api.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include "filter.h"

#include "napi_check.h"

static void free_prog(napi_env env, void *data, void *hint) {
  pcap_freecode((struct bpf_program *)data);
  free(data);
}

// compileFilter(expression, linktype, snaplen) -> program (throws with libpcap's message)
napi_value compile_filter(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  char expr[8192];
  size_t len;
  int32_t linktype = 1, snaplen = 262144;
  if (argc < 1 || napi_get_value_string_utf8(env, argv[0], expr, sizeof expr, &len) != napi_ok) {
    napi_throw_type_error(env, NULL, "compileFilter(expression, linktype, snaplen)");
    return NULL;
  }
  if (argc > 1) napi_get_value_int32(env, argv[1], &linktype);
  if (argc > 2) napi_get_value_int32(env, argv[2], &snaplen);
  pcap_t *dead = pcap_open_dead(linktype, snaplen);
  struct bpf_program *prog = calloc(1, sizeof *prog);
  if (pcap_compile(dead, prog, expr, 1, PCAP_NETMASK_UNKNOWN) != 0) {
    char err[PCAP_ERRBUF_SIZE + 32];
    snprintf(err, sizeof err, "bad filter: %s", pcap_geterr(dead));
    pcap_close(dead);
    free(prog);
    napi_throw_error(env, NULL, err);
    return NULL;
  }
  pcap_close(dead);
  napi_value ext;
  CHECK(napi_create_external(env, prog, free_prog, NULL, &ext));
  return ext;
}

// filterMatches(program, buffer, offset, caplen, origlen) -> boolean
napi_value filter_matches(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  struct bpf_program *prog;
  void *data;
  size_t blen;
  uint32_t off, caplen, origlen;
  if (argc < 5 || napi_get_value_external(env, argv[0], (void **)&prog) != napi_ok || napi_get_buffer_info(env, argv[1], &data, &blen) != napi_ok) {
    napi_throw_type_error(env, NULL, "filterMatches(program, buffer, offset, caplen, origlen)");
    return NULL;
  }
  napi_get_value_uint32(env, argv[2], &off);
  napi_get_value_uint32(env, argv[3], &caplen);
  napi_get_value_uint32(env, argv[4], &origlen);
  napi_value out;
  if ((size_t)off + caplen > blen) {
    napi_get_boolean(env, false, &out);
    return out;
  }
  struct pcap_pkthdr h = {.caplen = caplen, .len = origlen};
  napi_get_boolean(env, pcap_offline_filter(prog, &h, (const u_char *)data + off) != 0, &out);
  return out;
}

