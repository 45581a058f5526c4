{
  "targets": [
    {
      "target_name": "weir_pcap",
      "sources": ["src/weir_pcap.c", "src/filter.c"],
      "libraries": ["-lpcap", "-lpthread"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"]
    }
  ]
}
