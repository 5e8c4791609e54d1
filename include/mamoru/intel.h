/*
 * intel.h — the intelligence hub: indicators, organisations, API keys, the
 * hash-chained audit log (all in SQLite), the role × kind × action access
 * matrix, and the immutable in-memory snapshot that screening reads.
 *
 * Ownership: mm_store is opened and closed by the caller (one per process;
 * the handle serialises its own writes with a mutex, so server threads may
 * share it). Result structs are filled with strings from the caller's arena.
 * Snapshots are reference counted: mm_snapshot_acquire / _release.
 */
#ifndef MAMORU_INTEL_H
#define MAMORU_INTEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mamoru/core.h"
#include "mamoru/norm.h"

/* ---- enumerations (src/intel/model.c) -------------------------------- */

typedef enum mm_ind_status {
    MM_IND_REPORTED = 0,
    MM_IND_CONFIRMED,
    MM_IND_ACTIONED,
    MM_IND_EXPIRED,
    MM_IND_FALSE_POSITIVE,
    MM_IND__COUNT
} mm_ind_status;

const char *mm_ind_status_name(mm_ind_status s); /* "reported", ... */
mm_status mm_ind_status_parse(const char *name, mm_ind_status *out, mm_error *err);
/* Legal transitions: reported → confirmed → actioned → expired (forward
 * only, skipping allowed: reported → actioned, confirmed → expired, …);
 * any state except false_positive → false_positive; same → same is a no-op
 * and allowed. Everything else is refused. */
bool mm_ind_transition_ok(mm_ind_status from, mm_ind_status to);

typedef enum mm_role {
    MM_ROLE_POLICE = 0,
    MM_ROLE_BANK,
    MM_ROLE_CARRIER,
    MM_ROLE_PLATFORM,
    MM_ROLE_EXCHANGE,
    MM_ROLE_MERCHANT,
    MM_ROLE_RETAILER,
    MM_ROLE_DELIVERY,
    MM_ROLE_FILTERING_VENDOR,
    MM_ROLE_ANALYST,
    MM_ROLE__COUNT
} mm_role;

const char *mm_role_name(mm_role r);
mm_status mm_role_parse(const char *name, mm_role *out, mm_error *err);

/* Who may see an indicator. The reporting organisation always sees it. */
typedef enum mm_distribution {
    MM_DIST_PUBLIC = 0, /* every role, and the public feeds */
    MM_DIST_MEMBERS,    /* every role except filtering_vendor */
    MM_DIST_SECTOR,     /* police, analyst and the roles that may act on this kind */
    MM_DIST_POLICE,     /* police only */
    MM_DIST__COUNT
} mm_distribution;

const char *mm_distribution_name(mm_distribution d);
mm_status mm_distribution_parse(const char *name, mm_distribution *out, mm_error *err);

/* ---- access matrix (src/intel/access.c, pure) ------------------------ */

typedef enum mm_action {
    MM_ACT_REPORT = 0, /* create / add sighting */
    MM_ACT_LOOKUP,     /* exact lookup of one value, screening */
    MM_ACT_LIST,       /* list / export */
    MM_ACT_UPDATE,     /* change status */
    MM_ACT_HASHES,     /* k-anonymity hash-range lookup */
    MM_ACT__COUNT
} mm_action;

const char *mm_action_name(mm_action a);
/* May an organisation of this role do action on indicators of this kind? */
bool mm_access_allowed(mm_role role, mm_kind kind, mm_action action);
/* May an organisation (role, org_id) see this indicator, given its
 * distribution and reporter? */
bool mm_access_visible(mm_role role, int64_t org_id, mm_kind kind, mm_distribution dist,
                       int64_t reporter_org_id);

/* ---- keyed hashing (src/intel/hash.c, pure) ---------------------------- */

/* HMAC-SHA-256 of data under key, as 64 lower-case hex chars + NUL. */
void mm_hmac_hex(const uint8_t *key, size_t keylen, const void *data, size_t len, char out[65]);
/* SHA-256 as 64 hex chars + NUL. */
void mm_sha256_hex(const void *data, size_t len, char out[65]);

/* ---- store (src/intel/store*.c) ----------------------------------------- */

typedef struct mm_store mm_store;

typedef struct mm_store_config {
    const uint8_t *hmac_key; /* key for personal data and published hashes */
    size_t hmac_key_len;     /* at least 16 bytes */
    const mm_zengin *zengin; /* optional bank code list, may be NULL */
} mm_store_config;

/* Open (creating if needed) the SQLite store at path: WAL, synchronous=FULL
 * (acknowledged writes survive kill -9), foreign keys on, migrations applied
 * from a version table. ":memory:" works for tests. */
mm_status mm_store_open(const char *path, const mm_store_config *cfg, mm_store **out,
                        mm_error *err);
/* Close; accepts NULL. */
void mm_store_close(mm_store *s);
/* Current schema version (for /healthz and tests). */
int mm_store_schema_version(mm_store *s);

typedef struct mm_indicator {
    int64_t id;
    mm_kind kind;
    const char *canonical; /* canonical value, or keyed hash (hex) for personal kinds */
    const char *display;   /* safe-to-show form (masked for personal data) */
    const char *hash;      /* published hash: HMAC for enumerable kinds, SHA-256 otherwise */
    bool hashed;           /* canonical is a keyed hash */
    const char *category;
    mm_ind_status status;
    int confidence; /* 0..100 */
    mm_distribution distribution;
    int64_t org_id;      /* first reporter */
    int64_t first_seen;  /* unix seconds */
    int64_t last_seen;
    int64_t expires;     /* 0 = never */
    int64_t sightings;   /* number of reports */
    int64_t reporters;   /* number of distinct reporting organisations */
    const char *holder_hash; /* bank accounts: keyed hash of the normalised holder name, or NULL */
    int64_t created;
    int64_t updated;
} mm_indicator;

typedef struct mm_report {
    mm_kind kind;
    const char *value;    /* raw; normalised by the store */
    const char *category; /* required, [a-z_]{1,40} */
    const char *status;   /* NULL → "reported" */
    int confidence;       /* -1 → 50 */
    const char *distribution; /* NULL → "members" */
    const char *evidence; /* optional free text (≤ 4 KiB) */
    int64_t expires;      /* 0 = none */
    int64_t org_id;       /* reporting organisation (must exist) */
    int64_t seen_at;      /* 0 = now */
} mm_report;

/* Report one indicator. New → *created = true; already known (same kind +
 * canonical) → adds a sighting, updates last_seen / reporters /
 * confidence (max), and *created = false. Bad value → MM_EINVAL with field
 * "value" (or "category", "status", ...). Committed before returning. */
mm_status mm_store_report(mm_store *s, const mm_report *r, mm_arena *a, mm_indicator *out,
                          bool *created, mm_error *err);

/* Report n indicators in one transaction. Each row gets its own status in
 * codes[i] and error in errs[i] (errs may be NULL); good rows are kept
 * even when others fail. created may be NULL. Returns MM_OK unless the
 * transaction itself failed (then nothing was written). */
mm_status mm_store_report_batch(mm_store *s, const mm_report *r, size_t n, mm_arena *a,
                                mm_indicator *out, bool *created, mm_status *codes,
                                mm_error *errs, mm_error *err);

mm_status mm_store_get(mm_store *s, int64_t id, mm_arena *a, mm_indicator *out, mm_error *err);
/* Normalise (and for personal kinds hash) value, then find it. */
mm_status mm_store_lookup(mm_store *s, mm_kind kind, const char *value, mm_arena *a,
                          mm_indicator *out, mm_error *err);
/* Change status; MM_ECONFLICT (field "status") for an illegal transition. */
mm_status mm_store_set_status(mm_store *s, int64_t id, mm_ind_status to, int64_t org_id,
                              mm_arena *a, mm_indicator *out, mm_error *err);

typedef struct mm_list_query {
    int kind;             /* -1 = any */
    const char *category; /* NULL = any */
    int status;           /* -1 = any */
    int64_t since;        /* updated >= since (unix s), 0 = any */
    int64_t cursor;       /* return ids > cursor */
    int limit;            /* 1..1000 */
    /* visibility filter: only rows this org may see */
    mm_role role;
    int64_t org_id;
} mm_list_query;

/* List in id order. *next_cursor = last id returned, or 0 when no more. */
mm_status mm_store_list(mm_store *s, const mm_list_query *q, mm_arena *a, mm_indicator **out,
                        size_t *n, int64_t *next_cursor, mm_error *err);

/* All published hashes (hex) of kind whose first two bytes equal prefix. */
mm_status mm_store_hash_range(mm_store *s, mm_kind kind, uint16_t prefix, mm_arena *a,
                              char ***out, size_t *n, mm_error *err);

/* Counts for /metrics and the console. */
mm_status mm_store_count(mm_store *s, int64_t *indicators, int64_t *orgs, mm_error *err);

/* ---- organisations and keys (src/intel/org.c) ------------------------- */

typedef struct mm_org {
    int64_t id;
    const char *name;
    mm_role role;
    int64_t created;
} mm_org;

/* Add an organisation (unique name, 1..100 chars) and issue its first API
 * key: "mm_" + 40 random base32 chars, returned once in *api_key; only its
 * SHA-256 is stored. */
mm_status mm_org_add(mm_store *s, const char *name, mm_role role, mm_arena *a, mm_org *out,
                     char **api_key, mm_error *err);
mm_status mm_org_list(mm_store *s, mm_arena *a, mm_org **out, size_t *n, mm_error *err);
mm_status mm_org_find(mm_store *s, const char *name, mm_arena *a, mm_org *out, mm_error *err);
/* Issue an additional key for an existing organisation. */
mm_status mm_org_new_key(mm_store *s, int64_t org_id, mm_arena *a, char **api_key, mm_error *err);
/* Resolve a bearer key; MM_EAUTH when unknown or revoked. */
mm_status mm_org_authenticate(mm_store *s, const char *api_key, mm_arena *a, mm_org *out,
                              mm_error *err);

/* ---- audit log (src/intel/audit.c) ------------------------------------- */

/* Append an entry. Each entry's hash = SHA-256(prev_hash | id | ts | org |
 * action | object | detail). Store writes (report, status change, org
 * changes) append their own entries in the same transaction; callers add
 * entries for reads of personal data. */
mm_status mm_audit_append(mm_store *s, int64_t org_id, const char *action, const char *object,
                          const char *detail, mm_error *err);

typedef struct mm_audit_result {
    int64_t checked;  /* entries verified */
    int64_t first_bad; /* id of the first entry that does not verify, 0 = none */
    char reason[160];
} mm_audit_result;

/* Walk the chain; detects edited, deleted or reordered entries (a gap in
 * ids, a broken prev link or a wrong hash). MM_OK when intact,
 * MM_ECONFLICT when tampered (details in res). */
mm_status mm_audit_verify(mm_store *s, mm_audit_result *res, mm_error *err);

/* ---- snapshot (src/intel/snapshot.c, snapshot_build.c) ------------------ */

typedef struct mm_snapshot mm_snapshot;

/* What a snapshot knows about one listed value. */
typedef struct mm_hit {
    uint32_t id;      /* indicator id (low 32 bits) */
    mm_kind kind;
    mm_ind_status status;
    mm_distribution distribution;
    uint8_t confidence;
    uint16_t category; /* index into mm_snapshot_category_name */
} mm_hit;

/* Build from the store: every indicator not expired / false_positive. */
mm_status mm_snapshot_build(mm_store *s, mm_snapshot **out, mm_error *err);

/* Build from memory (tests, benchmarks): canonical values per entry. */
typedef struct mm_snapshot_entry {
    mm_kind kind;
    const char *canonical; /* already canonical (or keyed hash for personal kinds) */
    size_t len;
    mm_hit hit;
    const char *category;
} mm_snapshot_entry;
mm_status mm_snapshot_build_from(const mm_snapshot_entry *e, size_t n, const uint8_t *hmac_key,
                                 size_t keylen, mm_snapshot **out, mm_error *err);

/* Exact lookup of a canonical value (personal kinds: pass the canonical
 * plain value; the snapshot hashes it with its key). Pure, lock-free. */
bool mm_snapshot_lookup(const mm_snapshot *snap, mm_kind kind, const char *canonical, size_t len,
                        mm_hit *out);
/* Lookups in two halves, for callers with many keys at once: _start hashes
 * a value and prefetches its table slot (no waiting on memory); _finish
 * compares. Starting a batch of keys before finishing any lets their memory
 * misses overlap — at ten million entries every key is a DRAM miss. A probe
 * is a plain value; it is only valid with the snapshot that started it.
 *   mm_snapshot_probe p[8]; for (i...) mm_snapshot_probe_start(s, k, v[i], n[i], &p[i]);
 *   for (i...) if (mm_snapshot_probe_finish(s, &p[i], h)) ...;                         */
typedef struct mm_snapshot_probe {
    uint64_t hash; /* 0 = cannot match */
    uint64_t home; /* first slot to read */
    uint8_t kind;
    uint8_t tag; /* internal to snapshot.c */
} mm_snapshot_probe;
/* First half of mm_snapshot_lookup(snap, kind, canonical, len). */
void mm_snapshot_probe_start(const mm_snapshot *snap, mm_kind kind, const char *canonical,
                             size_t len, mm_snapshot_probe *p);
/* First half of looking up a Safe-Browsing expression ("host/path?query",
 * no scheme) as kind url: one hash finds both listed "https://" + expr and
 * "http://" + expr. */
void mm_snapshot_probe_expression(const mm_snapshot *snap, const char *expr, size_t len,
                                  mm_snapshot_probe *p);
/* Second half. Returns a bit set: bit 0 → out[0] holds the match (for an
 * expression probe: the "https://" URL), bit 1 → out[1] holds the
 * "http://" URL's (expression probes only); 0 = not listed. out may be NULL. */
unsigned mm_snapshot_probe_finish(const mm_snapshot *snap, const mm_snapshot_probe *p,
                                  mm_hit out[2]);
/* Could a listed http(s) URL have as its host the value of p, a kind-domain
 * probe from mm_snapshot_probe_start? false = certainly not (skip that
 * host's Safe-Browsing expressions), true = maybe (~1 % false positives).
 * Reads one cache line, prefetched by _start. A probe of another kind:
 * true whenever URLs are listed. */
bool mm_snapshot_probe_url_host(const mm_snapshot *snap, const mm_snapshot_probe *p);
/* mm_snapshot_probe_finish of n probes without their records: found[i]
 * gets each probe's bit set (then finish the few found ones for records). */
void mm_snapshot_probe_finish_many(const mm_snapshot *snap, const mm_snapshot_probe *p, size_t n,
                                   uint8_t *found);

/* mm_snapshot_lookup of n values at once (memory misses overlapped).
 * found[i] / out[i] (either may be NULL) per query; returns the hit count. */
typedef struct mm_snapshot_query {
    mm_kind kind;
    const char *canonical;
    size_t len;
} mm_snapshot_query;
size_t mm_snapshot_lookup_many(const mm_snapshot *snap, const mm_snapshot_query *q, size_t n,
                               mm_hit *out, bool *found);
/* Is there any entry whose published-hash first 4 bytes equal prefix? */
bool mm_snapshot_has_prefix(const mm_snapshot *snap, uint32_t prefix);
const char *mm_snapshot_category_name(const mm_snapshot *snap, uint16_t idx);
size_t mm_snapshot_count(const mm_snapshot *snap);
size_t mm_snapshot_bytes(const mm_snapshot *snap); /* memory held */

/* Reference counting and the one published pointer. publish() takes over
 * the caller's reference and drops the old snapshot's; acquire() returns
 * the current one with a reference taken (NULL if none). */
mm_snapshot *mm_snapshot_acquire(void);
void mm_snapshot_release(mm_snapshot *snap);
void mm_snapshot_publish(mm_snapshot *snap);
/* Drop the published snapshot (tests, shutdown). */
void mm_snapshot_unpublish(void);


/* ---- recent activity of phone numbers (src/intel/store_activity.c,
 * snapshot_activity.c) ----------------------------------------------------
 * Every report of a phone number whose seen_at lies within the last
 * MM_ACTIVITY_HORIZON seconds is also logged as one sighting (indicator,
 * organisation, time). The snapshot carries a side table, keyed by the
 * number's canonical E.164 form, holding the recent sightings of each
 * number (at most MM_ACTIVITY_PER_ORG per organisation, newest kept), so
 * call screening can tell "many organisations reported this number in the
 * last hour" (a burst) from "one carrier reported it many times". Only
 * numbers reported by more than one organisation within the horizon are
 * in the table. Numbers marked false_positive are left out; any other
 * status counts, because a burst on an unknown number is exactly the early
 * signal. */

#define MM_ACTIVITY_HORIZON (24 * 3600) /* seconds of sightings kept per number */
#define MM_ACTIVITY_PER_ORG 16          /* newest sightings kept per (number, organisation) */
#define MM_ACTIVITY_MAX 512             /* sightings kept per number (newest first) */

/* One report of a number: when (unix seconds) and by which organisation. */
typedef struct mm_sighting {
    int64_t at;
    int64_t org_id;
} mm_sighting;

/* One row of mm_store_recent_sightings: a sighting of the value canonical. */
typedef struct mm_sighting_row {
    const char *canonical; /* canonical value (E.164 for phones), in the caller's arena */
    mm_sighting s;
} mm_sighting_row;

/* The sightings of kind logged at or after since (unix seconds) of the
 * numbers that more than one organisation reported within the horizon
 * (one organisation alone never makes a burst, and a list import must not
 * fill the table), at most per_org of the newest per (indicator,
 * organisation), grouped by indicator, newest first within one. False
 * positives are left out. *out is an arena array. */
mm_status mm_store_recent_sightings(mm_store *s, mm_kind kind, int64_t since, int per_org,
                                    mm_arena *a, mm_sighting_row **out, size_t *n,
                                    mm_error *err);
/* Delete logged sightings older than before (unix seconds); *deleted may
 * be NULL. The store also prunes on its own now and then while reporting. */
mm_status mm_store_prune_sightings(mm_store *s, int64_t before, int64_t *deleted, mm_error *err);

/* Immutable table: canonical value → its recent sightings. */
typedef struct mm_activity mm_activity;

/* Build from rows (any order; rows of one canonical need not be adjacent).
 * built_at is the time the rows were read (unix seconds): screening uses it
 * as "now" when the caller gives none. Each value keeps its MM_ACTIVITY_MAX
 * newest sightings. Free with mm_activity_free. */
mm_status mm_activity_build(const mm_sighting_row *rows, size_t n, int64_t built_at,
                            mm_activity **out, mm_error *err);
void mm_activity_free(mm_activity *act); /* NULL is a no-op */
/* Read the recent activity of the store (the last MM_ACTIVITY_HORIZON
 * seconds of phone sightings, as of now) into a new table. */
mm_status mm_activity_load(mm_store *s, int64_t now, mm_activity **out, mm_error *err);
/* The sightings of one canonical value, newest first: *s points into the
 * table. false (and *n = 0) when the value has none. Pure, lock-free. */
bool mm_activity_lookup(const mm_activity *act, const char *canonical, size_t len,
                        const mm_sighting **s, size_t *n);
int64_t mm_activity_built_at(const mm_activity *act);
size_t mm_activity_values(const mm_activity *act); /* distinct values */
size_t mm_activity_bytes(const mm_activity *act);

/* The snapshot's activity table (NULL when it has none). mm_snapshot_build
 * attaches one; set_activity is for builders before publication and takes
 * ownership (the snapshot frees it; a previous table is freed). */
const mm_activity *mm_snapshot_activity(const mm_snapshot *snap);
void mm_snapshot_set_activity(mm_snapshot *snap, mm_activity *act);
/* A new snapshot (one reference, unpublished) with the same indicator
 * tables as base — shared, not copied; base may be released at once — and
 * act as its activity table (taken over, also on failure). Publishing it
 * refreshes the sightings screening sees in the time it takes to read them
 * (milliseconds) instead of a full rebuild. */
mm_status mm_snapshot_with_activity(mm_snapshot *base, mm_activity *act, mm_snapshot **out,
                                    mm_error *err);

#endif
