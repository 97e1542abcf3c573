{
  "targets": [
    {
      "target_name": "flywheel_native",
      "sources": ["addon.c", "column_pool.c", "sort_doubles.c", "parquet/read.c", "parquet/footer.c"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "libraries": ["-ldl"]
    }
  ]
}
