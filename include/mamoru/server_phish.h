/*
 * server_phish.h — the JSON forms of takedown requests, takedown
 * statistics and same-IP discovery candidates (issue 3), shared by the API
 * (src/server/routes_takedowns.c, routes_pdns.c) and the CLI, which prints
 * exactly what the API returns. Code: src/server/json_phish.c.
 */
#ifndef MAMORU_SERVER_PHISH_H
#define MAMORU_SERVER_PHISH_H

#include <jansson.h>

#include "mamoru/intel_phish.h"

/* {"id","url","host","provider","brand","indicator","state","org_id","note",
 *  "requested","acknowledged","closed","updated","time_to_takedown_s"}
 * times RFC 3339 or null; time_to_takedown_s only once taken down.
 * New reference, NULL when out of memory. */
json_t *mm_server_takedown_json(const mm_takedown *t);
/* {"overall":{…},"by_brand":[{"brand",…}],"by_provider":[{"provider",…}]}
 * each with requested, open, taken_down, refused, median_seconds,
 * p90_seconds (null when nothing was taken down). */
json_t *mm_server_takedown_stats_json(const mm_takedown_stat *overall,
                                      const mm_takedown_stat *by_brand, size_t nbrand,
                                      const mm_takedown_stat *by_provider, size_t nprovider);
/* {"domain","score","brand","first_seen","seeds":[…],"ips":[…],
 *  "reasons":[{"code","detail","weight"}]} */
json_t *mm_server_candidate_json(const mm_discover_candidate *c);

/* Same-IP discovery's look-alike judge backed by the URL detector
 * (url_model is a const mm_url_model *, NULL = no evidence): its verdict
 * for the bare host (mm_url_host_lookalike) — the look-alike reasons of the
 * heaviest brand combined into LOOKALIKE (brand named, each detector reason
 * quoted with its code and weight), URL_RISK_MODEL at half weight as
 * RISK_MODEL, and official for the brand's own domains. The fn of an
 * mm_discover_lookalike; used by GET /v1/discover and `mamoru discover`
 * (src/server/routes_pdns.c). */
mm_status mm_server_discover_lookalike(void *url_model, const char *host, mm_arena *a,
                                       mm_discover_judgement *out);

#endif
