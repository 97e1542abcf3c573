{
  "targets": [
    {
      "target_name": "flywheel_native",
      "sources": ["flywheel_native.c"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "libraries": ["-ldl"]
    }
  ]
}
