/*
 * intel_phish.h — phishing-site operations on the intelligence store
 * (issue 3): what the feeds read (public url/domain/ip indicators, a
 * change cursor, the full-hash index), passive-DNS records and same-IP
 * discovery of unreported sites, and takedown requests to hosting
 * providers with their states and time-to-takedown statistics.
 *
 * Same contract as intel.h: the store handle serialises its own calls;
 * results are filled with strings from the caller's arena; every write is
 * committed (and audited) before the call returns; errors name the field
 * and the offending value. Code: src/intel/store_feeds.c, store_pdns.c,
 * store_takedown.c, discover.c.
 */
#ifndef MAMORU_INTEL_PHISH_H
#define MAMORU_INTEL_PHISH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mamoru/intel.h"

/* ---- feeds: reading what vendors get (store_feeds.c) -------------------- */

/* A feed's position, see feeds.h: U = largest `updated`, X = largest
 * expiry already past, over the public indicators of the feed's kinds. */
typedef struct mm_feed_cursor {
    int64_t updated; /* U */
    int64_t expired; /* X */
} mm_feed_cursor;

/* Bit for a kind in mm_feed_query.kinds. Only url, domain and ip are ever
 * returned, whatever the mask says. */
#define MM_FEED_KIND(k) (1u << (unsigned)(k))
#define MM_FEED_KINDS_ALL                                                                          \
    (MM_FEED_KIND(MM_KIND_URL) | MM_FEED_KIND(MM_KIND_DOMAIN) | MM_FEED_KIND(MM_KIND_IP))

typedef struct mm_feed_query {
    unsigned kinds;       /* MM_FEED_KIND bits */
    bool delta;           /* false: active rows (confirmed/actioned, not expired) */
    mm_feed_cursor since; /* delta: rows with updated >= U or X < expires <= now */
    int64_t now;          /* 0 = the store's clock */
    int64_t after_id;     /* paging: ids > after_id */
    int limit;            /* 1..10000 */
} mm_feed_query;

/* Public (distribution) indicators of the feed kinds in id order. A page
 * may hold fewer than limit rows; *next_after = last id returned when
 * there may be more, 0 at the end. */
mm_status mm_store_feed_list(mm_store *s, const mm_feed_query *q, mm_arena *a, mm_indicator **out,
                             size_t *n, int64_t *next_after, mm_error *err);
/* The current cursor over the public indicators of kinds. Read it before
 * the pages: rows committed in between come again next time, never lost. */
mm_status mm_store_feed_cursor(mm_store *s, unsigned kinds, int64_t now, mm_feed_cursor *out,
                               mm_error *err);
/* Has anything in the feed changed since c (a cheaper test than listing)? */
mm_status mm_store_feed_changed(mm_store *s, unsigned kinds, const mm_feed_cursor *c, int64_t now,
                                bool *changed, mm_error *err);

/* The feed's hash of one indicator: SHA-256 of its Safe Browsing
 * expression (mm_feed_expression_hash in feeds.h is the one to pass; the
 * store does not depend on the feeds module). false = no hash. */
typedef bool (*mm_feed_hash_fn)(mm_kind kind, const char *canonical, mm_arena *a,
                                unsigned char out[32]);

typedef struct mm_fullhash {
    unsigned char hash[32];
    int64_t id;
    mm_kind kind;
    const char *category;
    int64_t expires; /* 0 = none */
} mm_fullhash;

/* Every full hash of an active public url/domain/ip indicator (of kinds)
 * whose first four bytes are prefix. The index behind it is brought up to
 * date lazily with fn (one pass over indicators added since the last
 * call). */
mm_status mm_store_fullhash(mm_store *s, uint32_t prefix, unsigned kinds, mm_feed_hash_fn fn,
                            mm_arena *a, mm_fullhash **out, size_t *n, mm_error *err);

/* ---- passive DNS (store_pdns.c) ------------------------------------------ */

/* One observation: domain resolved to ip between first_seen and last_seen,
 * optionally serving a TLS certificate with this fingerprint. Values must
 * already be normalised (mm_ingest_pdns_fields does that). */
typedef struct mm_pdns_record {
    const char *domain; /* canonical A-label host */
    const char *ip;     /* inet_ntop form */
    int64_t first_seen;
    int64_t last_seen;
    const char *cert; /* lower-case hex fingerprint, or NULL */
} mm_pdns_record;

/* Add n records in one transaction (merged per domain+ip: earliest first
 * seen, latest last seen, newest certificate). *added = pairs not seen
 * before. One audit entry "pdns.import" per call. */
mm_status mm_store_pdns_add(mm_store *s, const mm_pdns_record *r, size_t n, int64_t org_id,
                            size_t *added, mm_error *err);
/* Number of stored domain+ip pairs. */
mm_status mm_store_pdns_count(mm_store *s, int64_t *pairs, mm_error *err);

/* ---- same-IP discovery (store_pdns.c, discover.c) ---------------------------- */

/* How discovery judges whether a candidate host imitates a brand. The
 * caller supplies it (the CLI and the server pass the URL detector's
 * verdict for the host, mm_server_discover_lookalike in server_phish.h), so
 * that src/intel does not depend on src/screen and discovery and screening
 * share one notion of "look-alike". fn fills *out (zeroed by the caller)
 * and returns MM_OK; anything else fails the whole query. Strings go to a
 * or are static. */
typedef struct mm_discover_judgement {
    bool official;           /* host is a brand's own domain or under one: never a candidate */
    int lookalike;           /* LOOKALIKE weight 0..100, 0 = none */
    const char *brand;       /* the imitated brand, or NULL */
    const char *detail;      /* why (the detector's reasons), or NULL */
    int risk;                /* RISK_MODEL weight 0..100 (unknown-URL model), 0 = none */
    const char *risk_detail;
} mm_discover_judgement;
typedef struct mm_discover_lookalike {
    mm_status (*fn)(void *ctx, const char *host, mm_arena *a, mm_discover_judgement *out);
    void *ctx;
} mm_discover_lookalike;

typedef struct mm_discover_reason {
    const char *code; /* SAME_IP, SHARED_CERT, FIRST_SEEN_CLOSE, LOOKALIKE, SAME_REGISTRABLE,
                         RISK_MODEL */
    const char *detail;
    int weight; /* 0..100 */
} mm_discover_reason;

typedef struct mm_discover_candidate {
    const char *domain;
    int score; /* 100·(1 − Π(1 − wᵢ/100)) over the reasons */
    const char *brand; /* from LOOKALIKE, or NULL */
    int64_t first_seen;
    const char **seeds; /* known phishing hosts it is linked to */
    size_t nseeds;
    const char **ips; /* shared IPs */
    size_t nips;
    mm_discover_reason *reasons;
    size_t nreasons;
} mm_discover_candidate;

typedef struct mm_discover_query {
    const char *domain; /* pivot from this host only (listed or not); NULL = every seed */
    int limit;          /* 1..1000 (default 50 when 0) */
    int max_fanout;     /* an IP with more domains than this is shared hosting: skipped (default 200) */
    int64_t window_s;   /* "first seen close": within this many seconds (default 7 days) */
    mm_role role;       /* seeds must be visible to role / org */
    int64_t org_id;
} mm_discover_query;

/* Seeds: url and domain indicators with a phishing-like category
 * (phishing, smishing, delivery_lure, fake_shop, brand_impersonation, or
 * any containing "phish") and status confirmed or actioned — or just
 * q->domain. For each seed host: its IPs in passive DNS, the other domains
 * on those IPs and those sharing its certificate; candidates already
 * listed (as a domain, or a URL on that host) or owned by a brand (judged
 * by look) are dropped; the rest are scored and ranked (score, then name).
 * *seeds_used and *ips_skipped (shared hosting) may be NULL. look may be
 * NULL (infrastructure reasons only); every result string lives in a. */
mm_status mm_store_discover(mm_store *s, const mm_discover_query *q,
                            const mm_discover_lookalike *look, mm_arena *a,
                            mm_discover_candidate **out, size_t *n, size_t *seeds_used,
                            size_t *ips_skipped, mm_error *err);

/* ---- takedown requests (store_takedown.c) -------------------------------------- */

typedef enum mm_takedown_state {
    MM_TD_REQUESTED = 0,
    MM_TD_ACKNOWLEDGED,
    MM_TD_TAKEN_DOWN,
    MM_TD_REFUSED,
    MM_TD__COUNT
} mm_takedown_state;

const char *mm_takedown_state_name(mm_takedown_state s); /* "requested", ... */
mm_status mm_takedown_state_parse(const char *name, mm_takedown_state *out, mm_error *err);
/* requested → acknowledged | taken_down | refused; acknowledged →
 * taken_down | refused; taken_down and refused are final. Same → same is
 * allowed (no-op). */
bool mm_takedown_transition_ok(mm_takedown_state from, mm_takedown_state to);

typedef struct mm_takedown {
    int64_t id;
    const char *url; /* canonical */
    const char *host;
    const char *provider;
    const char *brand; /* "unknown" when none was given or found */
    int64_t indicator_id; /* 0 = the URL is not listed */
    mm_takedown_state state;
    int64_t org_id;
    const char *note; /* may be NULL */
    int64_t requested, acknowledged, closed, updated; /* 0 = not yet */
} mm_takedown;

typedef struct mm_takedown_request {
    const char *url;      /* raw; normalised (Safe Browsing canonical) */
    const char *provider; /* hosting provider, 1..100 bytes of UTF-8 */
    const char *brand;    /* NULL → from the URL indicator's evidence "brand=…", else "unknown" */
    const char *note;     /* optional, ≤ 1000 bytes */
    int64_t at;           /* when it was sent; 0 = now; not in the future */
    int64_t org_id;
} mm_takedown_request;

/* Record a request. MM_EEXIST (field "url") when the same URL already has
 * an open request (requested / acknowledged) at the same provider. */
mm_status mm_store_takedown_request(mm_store *s, const mm_takedown_request *r, mm_arena *a,
                                    mm_takedown *out, mm_error *err);
/* Move to state `to` at time `at` (0 = now; not before the request, not
 * in the future). Only the requesting organisation may, unless any_org.
 * MM_ECONFLICT (field "state") for an illegal transition, MM_ENOTFOUND
 * (field "id"), MM_EDENIED (field "id") for another organisation's. */
mm_status mm_store_takedown_update(mm_store *s, int64_t id, mm_takedown_state to, int64_t at,
                                   const char *note, int64_t org_id, bool any_org, mm_arena *a,
                                   mm_takedown *out, mm_error *err);
mm_status mm_store_takedown_get(mm_store *s, int64_t id, mm_arena *a, mm_takedown *out,
                                mm_error *err);

/* Time to takedown (closed − requested of taken-down requests) per group. */
typedef struct mm_takedown_stat {
    const char *key; /* brand or provider ("" for the overall line) */
    int64_t requested; /* all requests */
    int64_t open;      /* requested or acknowledged */
    int64_t taken_down;
    int64_t refused;
    int64_t median_s; /* -1 when nothing was taken down */
    int64_t p90_s;    /* nearest-rank 90th percentile, -1 as above */
} mm_takedown_stat;

mm_status mm_store_takedown_stats(mm_store *s, mm_arena *a, mm_takedown_stat *overall,
                                  mm_takedown_stat **by_brand, size_t *nbrand,
                                  mm_takedown_stat **by_provider, size_t *nprovider,
                                  mm_error *err);

/* Nearest-rank percentile (p in 1..100) of n ascending values; -1 when n
 * is 0. Pure, for the statistics above and their tests. */
int64_t mm_percentile(const int64_t *sorted, size_t n, int p);

#endif
