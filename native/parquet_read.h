/*
 * The Parquet column-chunk reader (parquet_read.c) and the double sort (sort_doubles.c), exported
 * to JS by flywheel_native.c, and what they use of that file.
 */
#ifndef FLYWHEEL_PARQUET_READ_H
#define FLYWHEEL_PARQUET_READ_H
#include <node_api.h>

napi_value parquet_read(napi_env env, napi_callback_info info);
napi_value read_tail(napi_env env, napi_callback_info info);
napi_value parquet_codecs(napi_env env, napi_callback_info info);

/* sortDoubles (sort_doubles.c), which uses throw_error too. */
napi_value sort_doubles(napi_env env, napi_callback_info info);

/* Throws a JS error with `message` (code FLYWHEEL_NATIVE); returns NULL for the caller to return. */
napi_value throw_error(napi_env env, const char *message);

#endif
