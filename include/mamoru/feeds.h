/*
 * feeds.h — what mamoru hands to filtering vendors and DNS resolvers: a
 * plain hosts list, CSV, an RPZ zone (unbound, BIND, Knot), a Safe-Browsing
 * style 4-byte SHA-256 hash-prefix list and a STIX 2.1 bundle, with
 * incremental updates through a cursor.
 *
 * Pure formatting: every function takes indicators already read from the
 * store (mm_store_feed_list in intel_phish.h) and appends text or bytes to
 * an mm_buf. No file, clock or network access: the caller passes "now".
 *
 * What goes into a feed: indicators of kind url, domain or ip whose
 * distribution is public (the store query filters that) and which are
 * active for feeds — status confirmed or actioned and not past their expiry
 * (mm_feed_active). Reported-only values are screening hints, not
 * something a vendor should block on.
 */
#ifndef MAMORU_FEEDS_H
#define MAMORU_FEEDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mamoru/core.h"
#include "mamoru/intel.h"
#include "mamoru/intel_phish.h"

typedef enum mm_feed_format {
    MM_FEED_HOSTS = 0,  /* "0.0.0.0 host" lines */
    MM_FEED_CSV,        /* one row per indicator, with add/remove action */
    MM_FEED_RPZ,        /* DNS Response Policy Zone, NXDOMAIN policy */
    MM_FEED_STIX,       /* STIX 2.1 bundle of indicator SDOs */
    MM_FEED_HASHPREFIX, /* sorted unique 4-byte SHA-256 prefixes */
    MM_FEED__COUNT
} mm_feed_format;

/* "hosts", "csv", "rpz", "stix", "hashprefix". */
const char *mm_feed_format_name(mm_feed_format f);
/* Parse a format name; MM_EINVAL naming field "format" and listing them. */
mm_status mm_feed_format_parse(const char *name, mm_feed_format *out, mm_error *err);
/* csv and stix carry per-indicator add/remove records and so can be
 * deltas; the others are always the complete active list. */
bool mm_feed_format_is_delta(mm_feed_format f);

/* Is ind something a feed lists now? url/domain/ip, status confirmed or
 * actioned, not expired at now. (Distribution is the store's filter.) */
bool mm_feed_active(const mm_indicator *ind, int64_t now);

/* ---- cursor -------------------------------------------------------------
 * A feed's position: "U.X" where U is the largest `updated` (unix s) and X
 * the largest `expires` already past, over the feed's indicators. Every
 * write transaction stamps its rows with its start time after taking the
 * store's write lock, so a row committed after a cursor was read has
 * updated >= U: "changed since cursor" = updated >= U or X < expires <=
 * now. Rows at exactly U are sent again (consumers upsert by id).
 * mm_feed_cursor itself is declared in intel_phish.h (the store fills it). */
/* Parse "U.X" (or "U", X = 0). MM_EINVAL naming field (e.g. "since"). */
mm_status mm_feed_cursor_parse(const char *s, const char *field, mm_feed_cursor *out,
                               mm_error *err);
/* "U.X" into out (at least 48 bytes). */
void mm_feed_cursor_format(const mm_feed_cursor *c, char out[48]);
/* The RPZ SOA serial for a cursor: max(U, X) folded into 32 bits. */
uint32_t mm_feed_cursor_serial(const mm_feed_cursor *c);

/* Options shared by the formatters. */
typedef struct mm_feed_opts {
    int64_t now;           /* generation time, unix seconds */
    mm_feed_cursor cursor; /* the position this output brings the consumer to */
    bool delta;            /* csv/stix: records for changed rows (add and remove) */
    mm_feed_cursor since;  /* the consumer's previous cursor when delta (names the bundle) */
    const char *zone;      /* RPZ zone name (NULL → MM_FEED_RPZ_ZONE) */
    int ttl;               /* RPZ record TTL in seconds (0 → 300) */
} mm_feed_opts;

#define MM_FEED_RPZ_ZONE "rpz.mamoru.invalid"

/* ---- CSV and STIX: streamed page by page ---------------------------------- */

/* Header line: action,id,kind,value,category,status,confidence,first_seen,
 * last_seen,updated,expires. */
mm_status mm_feed_csv_header(mm_buf *out);
/* One row per indicator. Full feed (o->delta false): active ones only,
 * action "add". Delta: every row given, action "add" when active and
 * "remove" otherwise. Fields are quoted per RFC 4180 when needed. */
mm_status mm_feed_csv_rows(const mm_indicator *items, size_t n, const mm_feed_opts *o,
                           mm_buf *out);

/* Bundle opening: {"type":"bundle","id":"bundle--UUIDv5(cursor)",
 * "objects":[ + the mamoru identity object. */
mm_status mm_feed_stix_begin(const mm_feed_opts *o, mm_buf *out);
/* Indicator SDOs, each preceded by a comma. Same selection as CSV; in a
 * delta an inactive indicator appears with "revoked":true. */
mm_status mm_feed_stix_objects(const mm_indicator *items, size_t n, const mm_feed_opts *o,
                               mm_buf *out);
/* "]}\n". */
mm_status mm_feed_stix_end(mm_buf *out);
/* Deterministic id "indicator--" + UUIDv5(mamoru namespace,
 * "kind:canonical"); out needs 64 bytes. */
void mm_feed_stix_id(mm_kind kind, const char *canonical, char out[64]);

/* ---- the Safe Browsing expression of an indicator ---------------------------
 * url "http://a.b.c/1/2?x" → "a.b.c/1/2?x"; domain "a.b.c" → "a.b.c/";
 * ip "192.0.2.1" → "192.0.2.1/". A client computes the host-suffix ×
 * path-prefix expressions of the URL it checks (mm_url_expressions), hashes
 * each with SHA-256 and looks the first four bytes up in the prefix list.
 * Returns an arena string, NULL when the value cannot be expressed. */
const char *mm_feed_expression(mm_kind kind, const char *canonical, mm_arena *a);
/* SHA-256 of the expression (32 bytes). false when none. */
bool mm_feed_expression_hash(mm_kind kind, const char *canonical, mm_arena *a,
                             unsigned char out[32]);

/* ---- complete lists: hosts, RPZ, hash prefixes --------------------------------
 * An mm_feed_set collects what a DNS or hash feed needs from pages of
 * indicators (active ones only; others are ignored) and then formats it
 * sorted and de-duplicated, so output is byte-for-byte reproducible. */
typedef struct mm_feed_set mm_feed_set;

/* NULL when out of memory. Free with mm_feed_set_free (accepts NULL). */
mm_feed_set *mm_feed_set_new(void);
void mm_feed_set_free(mm_feed_set *set);
/* Add the active indicators of items. Per indicator:
 *   domain D    → DNS names D and *.D (no wildcard when D is itself a
 *                 public suffix), expression "D/";
 *   url U       → DNS name of U's host when U is the whole site (path "/",
 *                 no query, host neither an IP nor a public suffix), expression of U;
 *   ip A        → RPZ response-IP trigger for A, expression "A/".
 * Names that are not valid DNS names for a zone file are skipped and
 * counted (mm_feed_set_skipped). MM_ENOMEM only. */
mm_status mm_feed_set_add(mm_feed_set *set, const mm_indicator *items, size_t n, int64_t now);
size_t mm_feed_set_skipped(const mm_feed_set *set);

/* hosts format: a comment header, then "0.0.0.0 name" per unique name
 * (hosts files have no wildcards: exact names only). */
mm_status mm_feed_hosts(mm_feed_set *set, const mm_feed_opts *o, mm_buf *out);
/* RPZ zone: $ORIGIN zone, $TTL, SOA (serial from the cursor) and NS, then
 * "name CNAME ." (NXDOMAIN) per name, "*.name CNAME ." for domains, and
 * "32.d.c.b.a.rpz-ip CNAME ." (or the IPv6 form) per IP. */
mm_status mm_feed_rpz(mm_feed_set *set, const mm_feed_opts *o, mm_buf *out);
/* Hash prefixes: binary = 4 bytes per prefix, big-endian, ascending, no
 * header; hex = one 8-hex-digit line per prefix, ascending. */
mm_status mm_feed_hashprefix(mm_feed_set *set, bool hex, mm_buf *out);
/* Number of unique prefixes / DNS names once formatted (for summaries). */
size_t mm_feed_set_prefixes(mm_feed_set *set);
size_t mm_feed_set_names(mm_feed_set *set);

/* RPZ owner name of an IP trigger: "32.1.2.0.192.rpz-ip" for 192.0.2.1,
 * "128.1.zz.db8.2001.rpz-ip" for 2001:db8::1. false for a bad address. */
bool mm_feed_rpz_ip_name(const char *ip, char out[96]);

#endif
