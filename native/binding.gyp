{
  "targets": [
    {
      "target_name": "flywheel_native",
      "sources": ["flywheel_native.c", "parquet_read.c", "sort_doubles.c"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "libraries": ["-ldl"]
    }
  ]
}
