/*
 * discover_int.h — the pure ranking step of same-IP discovery, shared by
 * store_pdns.c (which gathers the links from the store) and discover.c
 * (which scores them), and exercised directly by the unit tests.
 */
#ifndef MAMORU_INTEL_DISCOVER_INT_H
#define MAMORU_INTEL_DISCOVER_INT_H

#include "mamoru/intel_phish.h"

/* One observed link between a known phishing host (seed) and another
 * domain: a shared IP (ip set, fanout = domains on that IP) or a shared
 * certificate (cert set). Strings must outlive the ranking. */
typedef struct discover_link {
    const char *candidate;
    const char *seed;
    const char *ip;   /* NULL for a certificate link */
    const char *cert; /* NULL for an IP link */
    int64_t cand_first, seed_first; /* first seen in passive DNS, 0 = unknown */
    int fanout;
} discover_link;

/* Group links by candidate, ask look (may be NULL) once per candidate —
 * a brand's own domain is dropped —, add the reasons (SAME_IP,
 * SHARED_CERT, FIRST_SEEN_CLOSE within window_s, SAME_REGISTRABLE, and
 * LOOKALIKE / RISK_MODEL from look), score 100·(1 − Π(1 − w/100)), sort by
 * score then name, keep the first limit. Everything is allocated from a. */
mm_status discover_rank(const discover_link *links, size_t n, const mm_discover_lookalike *look,
                        int64_t window_s, int limit, mm_arena *a, mm_discover_candidate **out,
                        size_t *nout, mm_error *err);

#endif
