/*
 * request_json.c — the one JSON form of a request between organisations
 * and of its SLA row, shared by the API (/v1/requests…) and the CLI
 * (`mamoru request …` prints the same objects).
 */
#include <time.h>

#include "mamoru/ingest_payment.h"
#include "mamoru/requests.h"

void mm_time_format_rfc3339(int64_t t, char out[32])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void set_time(json_t *o, const char *k, int64_t t)
{
    char b[32];
    if (t <= 0)
        return;
    mm_time_format_rfc3339(t, b);
    json_object_set_new(o, k, json_string(b));
}

json_t *mm_request_to_json(const mm_org_request *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(r->id));
    json_object_set_new(o, "type", json_string(mm_req_type_name(r->type)));
    json_object_set_new(o, "state", json_string(mm_req_state_name(r->state)));
    json_object_set_new(
        o, "from", json_pack("{s:I,s:s?}", "id", (json_int_t)r->from_org, "name", r->from_name));
    json_object_set_new(o, "to",
                        json_pack("{s:I,s:s?}", "id", (json_int_t)r->to_org, "name", r->to_name));
    json_object_set_new(
        o, "subject", json_pack("{s:s,s:s?}", "kind", mm_kind_name(r->kind), "value", r->subject));
    json_object_set_new(o, "amount", json_integer(r->amount));
    if (r->case_ref)
        json_object_set_new(o, "case_ref", json_string(r->case_ref));
    if (r->note)
        json_object_set_new(o, "note", json_string(r->note));
    if (r->answer)
        json_object_set_new(o, "answer", json_string(r->answer));
    set_time(o, "deadline", r->deadline);
    set_time(o, "created", r->created);
    set_time(o, "acknowledged", r->acknowledged);
    set_time(o, "closed", r->closed);
    set_time(o, "updated", r->updated);
    json_object_set_new(o, "overdue", json_boolean(r->overdue));
    return o;
}

static json_t *secs(int64_t v)
{
    return v < 0 ? json_null() : json_integer(v);
}

json_t *mm_request_sla_to_json(const mm_request_sla *s)
{
    json_t *o = json_pack("{s:I,s:s?,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "org_id",
                          (json_int_t)s->org_id, "org", s->org, "received", (json_int_t)s->received,
                          "open", (json_int_t)s->open, "acknowledged", (json_int_t)s->acknowledged,
                          "done", (json_int_t)s->done, "refused", (json_int_t)s->refused,
                          "cancelled", (json_int_t)s->cancelled, "overdue", (json_int_t)s->overdue,
                          "closed_on_time", (json_int_t)s->closed_on_time);
    int64_t closed = s->done + s->refused;
    json_object_set_new(o, "on_time_pct",
                        closed ? json_integer(s->closed_on_time * 100 / closed) : json_null());
    json_object_set_new(o, "ack_median_s", secs(s->ack_median_s));
    json_object_set_new(o, "ack_p90_s", secs(s->ack_p90_s));
    json_object_set_new(o, "close_median_s", secs(s->close_median_s));
    json_object_set_new(o, "close_p90_s", secs(s->close_p90_s));
    return o;
}
