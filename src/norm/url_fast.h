/*
 * url_fast.h — the two halves of mm_norm_url (src/norm/url.c): the full
 * Safe-Browsing canonicaliser and the fast path for the common plain URL.
 * Internal to src/norm; tests/unit/norm/test_url_fast.c includes it to prove
 * that the fast path gives byte-identical results wherever it answers.
 */
#ifndef MAMORU_NORM_URL_FAST_H
#define MAMORU_NORM_URL_FAST_H

#include <stddef.h>

#include "mamoru/norm.h"

/* The plain case only: "http://" or "https://", printable ASCII without '%'
 * before any '#', a host of letters/digits/'-'/'_' and single inner dots
 * that is not IPv4-like, an optional plain port, a path with no empty, "."
 * or ".." segment. Returns 1 with *out filled exactly as the full path
 * would fill it, 0 when the input is not that plain (out untouched: run the
 * full path), or MM_ENOMEM. in[0..len) is the whole input (len ≤ 8192). */
int norm_url_fast(const char *in, size_t len, mm_arena *a, mm_url *out);

/* mm_norm_url without the fast path. */
mm_status norm_url_full(const char *in, mm_arena *a, mm_url *out, mm_error *err);

#endif
