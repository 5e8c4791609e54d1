/*
 * json_phish.c — JSON forms of takedown requests, their statistics and
 * discovery candidates (declared in mamoru/server_phish.h). One builder per
 * object so the API and the CLI print the same thing.
 */
#include "mamoru/server.h"
#include "mamoru/server_phish.h"

static json_t *time_or_null(int64_t t)
{
    if (t <= 0)
        return json_null();
    char buf[32];
    mm_server_time_format(t, buf);
    return json_string(buf);
}

json_t *mm_server_takedown_json(const mm_takedown *t)
{
    json_t *o = json_object();
    if (o == NULL)
        return NULL;
    json_object_set_new(o, "id", json_integer(t->id));
    json_object_set_new(o, "url", json_string(t->url));
    json_object_set_new(o, "host", json_string(t->host));
    json_object_set_new(o, "provider", json_string(t->provider));
    json_object_set_new(o, "brand", json_string(t->brand));
    json_object_set_new(o, "indicator", t->indicator_id ? json_integer(t->indicator_id) : json_null());
    json_object_set_new(o, "state", json_string(mm_takedown_state_name(t->state)));
    json_object_set_new(o, "org_id", json_integer(t->org_id));
    json_object_set_new(o, "note", t->note ? json_string(t->note) : json_null());
    json_object_set_new(o, "requested", time_or_null(t->requested));
    json_object_set_new(o, "acknowledged", time_or_null(t->acknowledged));
    json_object_set_new(o, "closed", time_or_null(t->closed));
    json_object_set_new(o, "updated", time_or_null(t->updated));
    json_object_set_new(o, "time_to_takedown_s", t->state == MM_TD_TAKEN_DOWN
                                                     ? json_integer(t->closed - t->requested)
                                                     : json_null());
    return o;
}

static json_t *stat_json(const char *keyname, const mm_takedown_stat *s)
{
    json_t *o = json_object();
    if (keyname)
        json_object_set_new(o, keyname, json_string(s->key));
    json_object_set_new(o, "requested", json_integer(s->requested));
    json_object_set_new(o, "open", json_integer(s->open));
    json_object_set_new(o, "taken_down", json_integer(s->taken_down));
    json_object_set_new(o, "refused", json_integer(s->refused));
    json_object_set_new(o, "median_seconds", s->median_s >= 0 ? json_integer(s->median_s) : json_null());
    json_object_set_new(o, "p90_seconds", s->p90_s >= 0 ? json_integer(s->p90_s) : json_null());
    return o;
}

json_t *mm_server_takedown_stats_json(const mm_takedown_stat *overall,
                                      const mm_takedown_stat *by_brand, size_t nbrand,
                                      const mm_takedown_stat *by_provider, size_t nprovider)
{
    json_t *o = json_object();
    json_t *b = json_array(), *p = json_array();
    for (size_t i = 0; i < nbrand; i++)
        json_array_append_new(b, stat_json("brand", &by_brand[i]));
    for (size_t i = 0; i < nprovider; i++)
        json_array_append_new(p, stat_json("provider", &by_provider[i]));
    json_object_set_new(o, "overall", stat_json(NULL, overall));
    json_object_set_new(o, "by_brand", b);
    json_object_set_new(o, "by_provider", p);
    return o;
}

json_t *mm_server_candidate_json(const mm_discover_candidate *c)
{
    json_t *o = json_object();
    json_object_set_new(o, "domain", json_string(c->domain));
    json_object_set_new(o, "score", json_integer(c->score));
    json_object_set_new(o, "brand", c->brand ? json_string(c->brand) : json_null());
    json_object_set_new(o, "first_seen", time_or_null(c->first_seen));
    json_t *seeds = json_array(), *ips = json_array(), *rs = json_array();
    for (size_t i = 0; i < c->nseeds; i++)
        json_array_append_new(seeds, json_string(c->seeds[i]));
    for (size_t i = 0; i < c->nips; i++)
        json_array_append_new(ips, json_string(c->ips[i]));
    for (size_t i = 0; i < c->nreasons; i++) {
        json_t *r = json_object();
        json_object_set_new(r, "code", json_string(c->reasons[i].code));
        json_object_set_new(r, "detail", json_string(c->reasons[i].detail));
        json_object_set_new(r, "weight", json_integer(c->reasons[i].weight));
        json_array_append_new(rs, r);
    }
    json_object_set_new(o, "seeds", seeds);
    json_object_set_new(o, "ips", ips);
    json_object_set_new(o, "reasons", rs);
    return o;
}
