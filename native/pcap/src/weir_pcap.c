// Weir's libpcap binding. A capture thread runs pcap_dispatch and packs packets into batches in
// the classic pcap record format (16-byte header + bytes), which JS can write to a capture file
// as they are and parse with its pcap reader; one N-API crossing per batch, never per packet.
// Batches the JS side cannot take (its queue is full) are dropped whole and counted.
#define NAPI_VERSION 8
#include <node_api.h>
#include <pcap/pcap.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "filter.h"

#include "napi_check.h"

typedef struct {
  uint8_t *data;
  size_t len;
  uint32_t count;
} batch_t;

typedef struct {
  pcap_t *p;
  pthread_t thread;
  int thread_started;
  napi_threadsafe_function tsfn;
  atomic_int running;
  size_t batch_bytes;
  int batch_ms;
  batch_t cur;
  size_t cap;
  uint64_t batch_start_ms;
  int linktype;
  atomic_ullong received, dropped, if_dropped, queue_dropped, queue_dropped_batches, delivered;
  char error[PCAP_ERRBUF_SIZE + 64];
} capture_t;

static uint64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static napi_value str(napi_env env, const char *s) {
  napi_value v;
  napi_create_string_utf8(env, s ? s : "", NAPI_AUTO_LENGTH, &v);
  return v;
}

static napi_value num(napi_env env, double d) {
  napi_value v;
  napi_create_double(env, d, &v);
  return v;
}

static void set(napi_env env, napi_value obj, const char *key, napi_value v) {
  napi_set_named_property(env, obj, key, v);
}

// --- interfaces ---------------------------------------------------------------------------

static napi_value list_interfaces(napi_env env, napi_callback_info info) {
  pcap_if_t *all = NULL;
  char err[PCAP_ERRBUF_SIZE];
  if (pcap_findalldevs(&all, err) != 0) {
    napi_throw_error(env, NULL, err);
    return NULL;
  }
  napi_value arr;
  CHECK(napi_create_array(env, &arr));
  uint32_t i = 0;
  for (pcap_if_t *d = all; d; d = d->next) {
    napi_value o;
    napi_create_object(env, &o);
    set(env, o, "name", str(env, d->name));
    set(env, o, "description", str(env, d->description));
    napi_value up, loop;
    napi_get_boolean(env, (d->flags & PCAP_IF_UP) != 0, &up);
    napi_get_boolean(env, (d->flags & PCAP_IF_LOOPBACK) != 0, &loop);
    set(env, o, "up", up);
    set(env, o, "loopback", loop);
    napi_set_element(env, arr, i++, o);
  }
  pcap_freealldevs(all);
  return arr;
}

// --- live capture -------------------------------------------------------------------------

static void free_external(napi_env env, void *data, void *hint) { free(data); }

static void call_js_owned(napi_env env, napi_value js_cb, void *context, void *data) {
  batch_t *b = (batch_t *)data;
  if (!env) {
    free(b->data);
    free(b);
    return;
  }
  napi_value buf, count, undef, argv[2];
  napi_create_external_buffer(env, b->len, b->data, free_external, NULL, &buf);
  napi_create_uint32(env, b->count, &count);
  napi_get_undefined(env, &undef);
  argv[0] = buf;
  argv[1] = count;
  napi_call_function(env, undef, js_cb, 2, argv, NULL);
  free(b);
}

static void flush_batch(capture_t *c) {
  if (!c->cur.count) return;
  batch_t *b = malloc(sizeof(batch_t));
  if (!b) return;
  *b = c->cur;
  uint32_t n = b->count;
  if (napi_call_threadsafe_function(c->tsfn, b, napi_tsfn_nonblocking) != napi_ok) {
    atomic_fetch_add(&c->queue_dropped, n);
    atomic_fetch_add(&c->queue_dropped_batches, 1);
    free(b->data);
    free(b);
  } else {
    atomic_fetch_add(&c->delivered, n);
  }
  c->cur.data = malloc(c->cap);
  c->cur.len = 0;
  c->cur.count = 0;
  c->batch_start_ms = now_ms();
}

static void on_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes) {
  capture_t *c = (capture_t *)user;
  size_t need = 16 + h->caplen;
  if (c->cur.len + need > c->cap) flush_batch(c);
  if (!c->cur.data || need > c->cap) {
    atomic_fetch_add(&c->queue_dropped, 1);
    return;
  }
  uint8_t *p = c->cur.data + c->cur.len;
  uint32_t hdr[4] = {(uint32_t)h->ts.tv_sec, (uint32_t)h->ts.tv_usec, h->caplen, h->len};
  memcpy(p, hdr, 16);
  memcpy(p + 16, bytes, h->caplen);
  c->cur.len += need;
  c->cur.count++;
}

static void update_stats(capture_t *c) {
  struct pcap_stat ps;
  if (pcap_stats(c->p, &ps) == 0) {
    atomic_store(&c->received, ps.ps_recv);
    atomic_store(&c->dropped, ps.ps_drop);
    atomic_store(&c->if_dropped, ps.ps_ifdrop);
  }
}

static void *capture_thread(void *arg) {
  capture_t *c = (capture_t *)arg;
  c->batch_start_ms = now_ms();
  uint64_t last_stats = 0;
  while (atomic_load(&c->running)) {
    int r = pcap_dispatch(c->p, -1, on_packet, (u_char *)c);
    if (r == PCAP_ERROR) {
      snprintf(c->error, sizeof c->error, "capture failed: %s", pcap_geterr(c->p));
      break;
    }
    uint64_t t = now_ms();
    if (c->cur.len >= c->batch_bytes || (c->cur.count && t - c->batch_start_ms >= (uint64_t)c->batch_ms)) flush_batch(c);
    if (t - last_stats >= 200) {
      update_stats(c);
      last_stats = t;
    }
  }
  update_stats(c);
  flush_batch(c);
  napi_release_threadsafe_function(c->tsfn, napi_tsfn_release);
  return NULL;
}

static void capture_finalize(napi_env env, void *data, void *hint) {
  capture_t *c = (capture_t *)data;
  if (c->thread_started) {
    atomic_store(&c->running, 0);
    pcap_breakloop(c->p);
    pthread_join(c->thread, NULL);
  }
  if (c->p) pcap_close(c->p);
  free(c->cur.data);
  free(c);
}

static int get_int(napi_env env, napi_value obj, const char *key, int dflt) {
  napi_value v;
  bool has = false;
  napi_has_named_property(env, obj, key, &has);
  if (!has) return dflt;
  napi_get_named_property(env, obj, key, &v);
  napi_valuetype t;
  napi_typeof(env, v, &t);
  if (t == napi_boolean) {
    bool b;
    napi_get_value_bool(env, v, &b);
    return b;
  }
  if (t != napi_number) return dflt;
  int32_t i;
  napi_get_value_int32(env, v, &i);
  return i;
}

static int get_str(napi_env env, napi_value obj, const char *key, char *out, size_t n) {
  napi_value v;
  bool has = false;
  napi_has_named_property(env, obj, key, &has);
  if (!has) return 0;
  napi_get_named_property(env, obj, key, &v);
  napi_valuetype t;
  napi_typeof(env, v, &t);
  if (t != napi_string) return 0;
  size_t len;
  napi_get_value_string_utf8(env, v, out, n, &len);
  return 1;
}

// open({device, snaplen, promisc, bufferSize, immediate, filter, batchBytes, batchMs}, onBatch)
static napi_value open_live(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 2) {
    napi_throw_type_error(env, NULL, "open(options, onBatch)");
    return NULL;
  }
  char device[256] = "", filter[8192] = "", err[PCAP_ERRBUF_SIZE] = "";
  if (!get_str(env, argv[0], "device", device, sizeof device)) {
    napi_throw_type_error(env, NULL, "options.device is required");
    return NULL;
  }
  int has_filter = get_str(env, argv[0], "filter", filter, sizeof filter);
  int snaplen = get_int(env, argv[0], "snaplen", 262144);
  capture_t *c = calloc(1, sizeof(capture_t));
  c->batch_bytes = (size_t)get_int(env, argv[0], "batchBytes", 1 << 20);
  c->batch_ms = get_int(env, argv[0], "batchMs", 100);
  c->cap = c->batch_bytes + 16 + (size_t)snaplen;
  c->cur.data = malloc(c->cap);
  c->p = pcap_create(device, err);
  if (!c->p) goto fail_err;
  pcap_set_snaplen(c->p, snaplen);
  pcap_set_promisc(c->p, get_int(env, argv[0], "promisc", 1));
  pcap_set_timeout(c->p, c->batch_ms > 0 ? c->batch_ms : 100);
  pcap_set_buffer_size(c->p, get_int(env, argv[0], "bufferSize", 64 << 20));
  if (get_int(env, argv[0], "immediate", 0)) pcap_set_immediate_mode(c->p, 1);
  int r = pcap_activate(c->p);
  if (r < 0) {
    snprintf(err, sizeof err, "%s: %s", device, r == PCAP_ERROR ? pcap_geterr(c->p) : pcap_statustostr(r));
    goto fail_err;
  }
  c->linktype = pcap_datalink(c->p);
  if (has_filter && filter[0]) {
    struct bpf_program prog;
    if (pcap_compile(c->p, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) != 0) {
      snprintf(err, sizeof err, "bad filter: %s", pcap_geterr(c->p));
      goto fail_err;
    }
    int s = pcap_setfilter(c->p, &prog);
    pcap_freecode(&prog);
    if (s != 0) {
      snprintf(err, sizeof err, "cannot set filter: %s", pcap_geterr(c->p));
      goto fail_err;
    }
  }
  napi_value name;
  napi_create_string_utf8(env, "weir-pcap batch", NAPI_AUTO_LENGTH, &name);
  if (napi_create_threadsafe_function(env, argv[1], NULL, name, 64, 1, NULL, NULL, c, call_js_owned, &c->tsfn) != napi_ok) {
    snprintf(err, sizeof err, "cannot create the batch callback");
    goto fail_err;
  }
  atomic_store(&c->running, 1);
  if (pthread_create(&c->thread, NULL, capture_thread, c) != 0) {
    snprintf(err, sizeof err, "cannot start the capture thread");
    goto fail_err;
  }
  c->thread_started = 1;
  napi_value handle;
  CHECK(napi_create_object(env, &handle));
  napi_wrap(env, handle, c, capture_finalize, NULL, NULL);
  set(env, handle, "linktype", num(env, c->linktype));
  return handle;
fail_err:
  if (c->p) pcap_close(c->p);
  free(c->cur.data);
  free(c);
  napi_throw_error(env, NULL, err[0] ? err : "cannot open capture");
  return NULL;
}

static capture_t *unwrap(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  void *c = NULL;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || napi_unwrap(env, argv[0], &c) != napi_ok) return NULL;
  return (capture_t *)c;
}

static napi_value stats(napi_env env, napi_callback_info info) {
  capture_t *c = unwrap(env, info);
  if (!c) return NULL;
  napi_value o;
  napi_create_object(env, &o);
  set(env, o, "received", num(env, (double)atomic_load(&c->received)));
  set(env, o, "dropped", num(env, (double)atomic_load(&c->dropped)));
  set(env, o, "ifDropped", num(env, (double)atomic_load(&c->if_dropped)));
  set(env, o, "queueDropped", num(env, (double)atomic_load(&c->queue_dropped)));
  set(env, o, "delivered", num(env, (double)atomic_load(&c->delivered)));
  set(env, o, "error", str(env, c->error));
  return o;
}

// Stops the capture thread after it has delivered what it holds; the handle stays valid.
static napi_value stop(napi_env env, napi_callback_info info) {
  capture_t *c = unwrap(env, info);
  if (!c || !c->thread_started) return NULL;
  atomic_store(&c->running, 0);
  pcap_breakloop(c->p);
  pthread_join(c->thread, NULL);
  c->thread_started = 0;
  return NULL;
}

static napi_value version(napi_env env, napi_callback_info info) { return str(env, pcap_lib_version()); }

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"listInterfaces", NULL, list_interfaces, NULL, NULL, NULL, napi_default, NULL},
      {"open", NULL, open_live, NULL, NULL, NULL, napi_default, NULL},
      {"stats", NULL, stats, NULL, NULL, NULL, napi_default, NULL},
      {"stop", NULL, stop, NULL, NULL, NULL, napi_default, NULL},
      {"compileFilter", NULL, compile_filter, NULL, NULL, NULL, napi_default, NULL},
      {"filterMatches", NULL, filter_matches, NULL, NULL, NULL, napi_default, NULL},
      {"version", NULL, version, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
