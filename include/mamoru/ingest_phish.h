/*
 * ingest_phish.h — parsing the inputs of the phishing-site operations
 * (issue 3): passive-DNS records (CSV or JSONL) and phishing reports in the
 * shape of JPCERT/CC's public list (date, URL, brand), plus the CSV record
 * splitter and the time parser they share.
 *
 * Pure: every function parses text handed to it (the CLI and the server
 * read files and request bodies) and fills err with the field and the
 * offending value. Code: src/ingest/phish_input.c.
 */
#ifndef MAMORU_INGEST_PHISH_H
#define MAMORU_INGEST_PHISH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mamoru/core.h"
#include "mamoru/intel_phish.h"

/* Split one CSV record (RFC 4180: quoted fields, "" for a quote, may span
 * lines) in place into at most max fields. Returns the field count, or -1
 * when the quoting is malformed or there are more than max fields. */
int mm_ingest_csv_split(char *rec, char **fields, int max);
/* Is s a complete record (its double quotes balanced)? A record whose
 * quotes are open continues on the next line. */
bool mm_ingest_csv_complete(const char *s);

/* A time: unix seconds (digits); RFC 3339 ("2024-01-04T10:02:00Z",
 * "…+09:00"); "YYYY-MM-DD"; or "YYYY/MM/DD HH:MM[:SS]" / "YYYY-MM-DD
 * HH:MM[:SS]" without a zone, read as local time at UTC + local_offset_s
 * (JPCERT/CC's list is JST: 9 * 3600). MM_EINVAL naming field. */
mm_status mm_ingest_time_parse(const char *s, int local_offset_s, const char *field, int64_t *out,
                               mm_error *err);

/* One passive-DNS record from its fields: domain normalised with
 * mm_norm_domain (a trailing dot is allowed), ip with mm_norm_ip, times
 * with mm_ingest_time_parse (UTC), cert (optional) as 40 or 64 hex digits
 * with optional ':' separators and "sha1:"/"sha256:" prefix → lower-case
 * hex. last_seen defaults to first_seen; last before first is an error.
 * Strings in out come from a. */
mm_status mm_ingest_pdns_fields(const char *domain, const char *ip, const char *first_seen,
                                const char *last_seen, const char *cert, mm_arena *a,
                                mm_pdns_record *out, mm_error *err);
/* The same from one JSON object {"domain","ip","first_seen","last_seen",
 * "cert"} (times as strings or integers; unknown fields refused). */
mm_status mm_ingest_pdns_json(const char *line, size_t len, mm_arena *a, mm_pdns_record *out,
                              mm_error *err);

/* One row of a JPCERT/CC-style phishing report list. */
typedef struct mm_phish_report {
    int64_t seen_at; /* when it was confirmed (unix s) */
    const char *url; /* as written (the store normalises it) */
    const char *brand; /* impersonated brand, or NULL */
} mm_phish_report;

/* date ("2024/01/04 10:02:00", JST unless a zone is given), URL
 * (required, ≤ 8 KiB), description = brand (optional, ≤ 200 bytes,
 * UTF-8). Errors name "date", "URL" or "description". */
mm_status mm_ingest_phish_report(const char *date, const char *url, const char *brand,
                                 mm_arena *a, mm_phish_report *out, mm_error *err);

#endif
