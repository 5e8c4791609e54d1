/*
 * routes_payments.c — the payment endpoints (issue 5):
 *   POST /v1/payments            record executed events (one JSON object, or JSONL)
 *   POST /v1/screen/payment      one event in flight → verdict (learns into the state)
 *   GET  /v1/accounts/{id}/risk  what the store and the state know about an account
 *
 * The server keeps one per-account payment state (mm_pay_state) behind a
 * mutex: screening reads and updates it in a few microseconds, so one lock
 * is simpler than sharding and still far from the bottleneck. It is warmed
 * at start from the last 8 days of stored events. Recording (/v1/payments)
 * does not feed the state, so an event both screened and recorded is not
 * counted twice; the risk view reads the store for the recorded side.
 *
 * Roles: banks, exchanges, retailers, merchants, police and analysts may
 * send events; carriers, platforms, delivery firms and filtering vendors
 * see no payments. The risk view follows the access matrix (lookup of the
 * account's kind).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mamoru/ingest_payment.h"
#include "mamoru/screen_payment.h"
#include "server/internal.h"

#define WARM_DAYS 8

struct mm_server_payments {
    pthread_mutex_t mu;
    mm_pay_state *state;
};

typedef struct warm {
    mm_server_payments *p;
    const mm_screen_ctx *ctx;
    mm_arena *a;
} warm;

static int warm_one(void *cx, const mm_payment *ev)
{
    warm *w = cx;
    mm_verdict v;
    mm_screen_payment(w->ctx, w->p->state, ev, w->a, &v, NULL);
    mm_arena_reset(w->a);
    return 0;
}

mm_status mm_server_payments_init(mm_server_state *srv, mm_error *err)
{
    mm_server_payments *p = calloc(1, sizeof *p);
    if (p == NULL || (p->state = mm_pay_state_new(1 << 16)) == NULL) {
        free(p);
        return mm_error_set(err, MM_ENOMEM, "payments", "out of memory for the payment state");
    }
    pthread_mutex_init(&p->mu, NULL);
    srv->payments = p;
    /* warm the state with recent recorded events (no snapshot: state only) */
    mm_screen_ctx ctx = srv->screen;
    ctx.snap = NULL;
    warm w = {.p = p, .ctx = &ctx, .a = mm_arena_new(0)};
    if (w.a == NULL)
        return MM_OK;
    mm_error e;
    int64_t since = (int64_t)time(NULL) - WARM_DAYS * 86400;
    if (mm_store_payment_scan(srv->store, since, warm_one, &w, &e) != MM_OK)
        fprintf(stderr, "mamoru: payment state not warmed: %s\n", e.message);
    mm_arena_free(w.a);
    return MM_OK;
}

void mm_server_payments_free(mm_server_state *srv)
{
    mm_server_payments *p = srv->payments;
    if (p == NULL)
        return;
    mm_pay_state_free(p->state);
    pthread_mutex_destroy(&p->mu);
    free(p);
    srv->payments = NULL;
}

static bool may_send_payments(mm_request *rq)
{
    switch (rq->org.role) {
    case MM_ROLE_POLICE:
    case MM_ROLE_BANK:
    case MM_ROLE_EXCHANGE:
    case MM_ROLE_MERCHANT:
    case MM_ROLE_RETAILER:
    case MM_ROLE_ANALYST: return true;
    default:
        mm_server_reply_error(rq, MM_EDENIED, "role", "role %s may not send payment events",
                              mm_role_name(rq->org.role));
        return false;
    }
}

/* ---- POST /v1/payments ------------------------------------------------------------ */

static bool is_blank(const char *s, const char *e)
{
    for (; s < e; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return false;
    return true;
}

void mm_server_route_payments_post(mm_request *rq, const char *const *p, size_t n)
{
    static const char *const none[] = {NULL};
    if (!mm_server_query_only(rq, none) || !may_send_payments(rq))
        return;
    const char *data = rq->body.data ? rq->body.data : "";
    size_t len = rq->body.len;
    if (memchr(data, '\0', len)) {
        mm_server_reply_error(rq, MM_EINVAL, "body", "body contains a NUL byte");
        return;
    }
    /* one event per non-blank line; a single pretty-printed object also works */
    size_t nl = 0;
    for (const char *s = data, *end = data + len; s < end;) {
        const char *e = memchr(s, '\n', (size_t)(end - s));
        const char *le = e ? e : end;
        nl += !is_blank(s, le);
        s = e ? e + 1 : end;
    }
    if (nl == 0) {
        mm_server_reply_error(rq, MM_EINVAL, "body",
                              "empty body; expected a payment event "
                              "(JSON object) or one per line (JSONL)");
        return;
    }
    json_error_t je;
    json_t *whole = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
    bool single = whole != NULL;
    if (single && !json_is_object(whole)) {
        json_decref(whole);
        mm_server_reply_error(rq, MM_EINVAL, "body", "expected a JSON object (or JSONL)");
        return;
    }
    if (single)
        nl = 1;
    if (nl > MM_SERVER_MAX_BULK_LINES) {
        mm_server_reply_error(rq, MM_ELIMIT, "body", "%zu lines; at most %d per request", nl,
                              MM_SERVER_MAX_BULK_LINES);
        return;
    }
    mm_payment *ev = mm_arena_calloc(rq->arena, nl, sizeof *ev);
    size_t *lineno = mm_arena_calloc(rq->arena, nl, sizeof *lineno);
    mm_status *codes = mm_arena_calloc(rq->arena, nl, sizeof *codes);
    mm_error *errs = mm_arena_calloc(rq->arena, nl, sizeof *errs);
    json_t *rejected = json_array();
    if (!ev || !lineno || !codes || !errs || !rejected) {
        json_decref(whole);
        json_decref(rejected);
        mm_server_reply_error(rq, MM_ENOMEM, "", "out of memory");
        return;
    }
    size_t k = 0;
    mm_error e;
    if (single) {
        mm_error_clear(&e);
        mm_status st = mm_payment_from_json(whole, NULL, rq->arena, &ev[0], &e);
        json_decref(whole);
        if (st != MM_OK) {
            json_decref(rejected);
            mm_server_reply_mm_error(rq, &e);
            return;
        }
        lineno[k++] = 1;
    } else {
        size_t ln = 0;
        for (const char *s = data, *end = data + len; s < end;) {
            const char *nx = memchr(s, '\n', (size_t)(end - s));
            const char *le = nx ? nx : end;
            ln++;
            if (!is_blank(s, le)) {
                mm_error_clear(&e);
                if (mm_payment_parse(s, (size_t)(le - s), NULL, rq->arena, &ev[k], &e) == MM_OK)
                    lineno[k++] = ln;
                else
                    json_array_append_new(rejected,
                                          json_pack("{s:I,s:s,s:s}", "line", (json_int_t)ln,
                                                    "field", e.field, "message", e.message));
            }
            s = nx ? nx + 1 : end;
        }
    }
    mm_error_clear(&e);
    if (k && mm_store_payment_add_batch(rq->srv->store, ev, k, codes, errs, &e) != MM_OK) {
        json_decref(rejected);
        mm_server_reply_mm_error(rq, &e);
        return;
    }
    size_t kept = 0, dup = 0;
    for (size_t i = 0; i < k; i++)
        kept += codes[i] == MM_OK;
    if (kept) { /* who sent them: the store's own entry cannot name the organisation */
        char detail[64];
        snprintf(detail, sizeof detail, "%zu events", kept);
        mm_error ae;
        if (mm_audit_append(rq->srv->store, rq->org.id, "payments.post", "payments", detail, &ae) !=
            MM_OK)
            fprintf(stderr, "mamoru: audit of POST /v1/payments failed: %s\n", ae.message);
    }
    kept = 0;
    for (size_t i = 0; i < k; i++) {
        if (codes[i] == MM_OK)
            kept++;
        else if (codes[i] == MM_EEXIST)
            dup++;
        else
            json_array_append_new(
                rejected, json_pack("{s:I,s:s,s:s,s:s}", "line", (json_int_t)lineno[i], "id",
                                    ev[i].id, "field", errs[i].field, "message", errs[i].message));
    }
    if (single && k == 1 && codes[0] != MM_OK && codes[0] != MM_EEXIST) {
        json_decref(rejected);
        mm_server_reply_mm_error(rq, &errs[0]);
        return;
    }
    if (!single && kept + dup == 0) {
        /* nothing usable: a 400 that still lists every line's problem */
        json_t *b =
            json_pack("{s:{s:s,s:s,s:s},s:o}", "error", "code", "invalid", "field", "body",
                      "message", "no event in the body could be stored", "rejected", rejected);
        mm_server_reply_json(rq, MHD_HTTP_BAD_REQUEST, b);
        return;
    }
    json_t *b =
        json_pack("{s:I,s:I,s:I,s:o}", "kept", (json_int_t)kept, "duplicate", (json_int_t)dup,
                  "rejected_count", (json_int_t)json_array_size(rejected), "rejected", rejected);
    mm_server_reply_json(rq, kept ? MHD_HTTP_CREATED : MHD_HTTP_OK, b);
}

/* ---- POST /v1/screen/payment ----------------------------------------------------------- */

void mm_server_route_screen_payment(mm_request *rq, const char *const *p, size_t n)
{
    static const char *const none[] = {NULL};
    if (!mm_server_query_only(rq, none) || !may_send_payments(rq))
        return;
    json_t *body = mm_server_body_object(rq);
    if (body == NULL)
        return;
    mm_payment ev;
    mm_error e;
    mm_error_clear(&e);
    mm_status st = mm_payment_from_json(body, NULL, rq->arena, &ev, &e);
    json_decref(body);
    if (st != MM_OK) {
        mm_server_reply_mm_error(rq, &e);
        return;
    }
    mm_screen_ctx ctx;
    mm_server_screen_ctx(rq, &ctx);
    mm_server_payments *ps = rq->srv->payments;
    mm_verdict v;
    if (ps)
        pthread_mutex_lock(&ps->mu);
    st = mm_screen_payment(&ctx, ps ? ps->state : NULL, &ev, rq->arena, &v, &e);
    if (ps)
        pthread_mutex_unlock(&ps->mu);
    if (st != MM_OK) {
        mm_server_reply_mm_error(rq, &e);
        return;
    }
    mm_server_reply_json(rq, MHD_HTTP_OK, mm_payment_verdict_json(&v, &ev));
}

/* ---- GET /v1/accounts/{id}/risk --------------------------------------------------------- */

void mm_server_route_account_risk(mm_request *rq, const char *const *p, size_t n)
{
    static const char *const allowed[] = {"days", "name", NULL};
    if (!mm_server_query_only(rq, allowed))
        return;
    int64_t days = 30;
    mm_error e;
    mm_error_clear(&e);
    const char *ds = mm_server_query(rq, "days");
    if (ds && mm_server_parse_int(ds, "days", 1, 3650, &days, &e) != MM_OK) {
        mm_server_reply_mm_error(rq, &e);
        return;
    }
    const char *canon;
    mm_kind kind;
    if (mm_norm_account(p[0], NULL, rq->arena, &canon, &kind, &e) != MM_OK) {
        mm_server_reply_error(rq, MM_EINVAL, "id",
                              "'%.80s' is not a bank account or crypto "
                              "address: %s",
                              p[0], e.message);
        return;
    }
    if (!mm_server_allow(rq, kind, MM_ACT_LOOKUP))
        return;
    int64_t now = (int64_t)time(NULL);
    mm_account_activity act;
    if (mm_store_payment_account(rq->srv->store, canon, now - days * 86400, &act, &e) != MM_OK) {
        mm_server_reply_mm_error(rq, &e);
        return;
    }
    mm_screen_ctx ctx;
    mm_server_screen_ctx(rq, &ctx);
    json_t *o = json_object();
    json_object_set_new(o, "account", json_string(canon));
    json_object_set_new(o, "kind", json_string(mm_kind_name(kind)));
    mm_hit hit;
    json_t *signals = json_array();
    if (ctx.snap && mm_snapshot_lookup(ctx.snap, kind, canon, strlen(canon), &hit)) {
        const char *cat = mm_snapshot_category_name(ctx.snap, hit.category);
        json_object_set_new(o, "listed",
                            json_pack("{s:I,s:s,s:s?}", "indicator", (json_int_t)hit.id, "status",
                                      mm_ind_status_name(hit.status), "category", cat));
        bool frozen = hit.status == MM_IND_ACTIONED || (cat && strcmp(cat, "frozen_account") == 0);
        json_array_append_new(signals, json_string(frozen ? "frozen" : "listed"));
    } else {
        json_object_set_new(o, "listed", json_null());
    }
    json_object_set_new(
        o, "recorded",
        json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "days", (json_int_t)days, "in_count",
                  (json_int_t)act.in_count, "in_amount", (json_int_t)act.in_amount, "senders",
                  (json_int_t)act.in_counterparties, "out_count", (json_int_t)act.out_count,
                  "out_amount", (json_int_t)act.out_amount, "payees",
                  (json_int_t)act.out_counterparties, "first_seen", (json_int_t)act.first_seen,
                  "last_seen", (json_int_t)act.last_seen));
    if (act.in_counterparties >= 3 && act.in_amount > 0 &&
        act.out_amount * 100 / act.in_amount >= 80)
        json_array_append_new(signals, json_string("recorded_fan_in_pass_through"));
    mm_server_payments *ps = rq->srv->payments;
    mm_pay_account_view av = {0};
    if (ps) {
        pthread_mutex_lock(&ps->mu);
        mm_pay_state_account(ps->state, ctx.payment, canon, 0, &av);
        pthread_mutex_unlock(&ps->mu);
    }
    json_object_set_new(o, "screened",
                        json_pack("{s:b,s:I,s:I,s:i,s:i,s:I,s:I,s:i,s:i,s:i,s:I,s:b}", "known",
                                  av.known, "first_seen", (json_int_t)av.first_seen, "last_seen",
                                  (json_int_t)av.last_seen, "in_count", av.in_count, "out_count",
                                  av.out_count, "in_amount", (json_int_t)av.in_amount, "out_amount",
                                  (json_int_t)av.out_amount, "senders", av.distinct_senders,
                                  "payees", av.distinct_payees, "pass_through_pct",
                                  av.pass_through_pct, "dwell_s", (json_int_t)av.dwell_s,
                                  "mule_signal", av.mule_signal));
    if (av.mule_signal)
        json_array_append_new(signals, json_string("mule_pass_through"));
    if (ctx.payment && mm_payment_rules_exchange(ctx.payment, canon))
        json_array_append_new(signals, json_string("exchange_deposit_account"));
    /* 名義照会: does the given name match the holder on file for a listed account? */
    const char *name = mm_server_query(rq, "name");
    if (name && kind == MM_KIND_BANK_ACCOUNT) {
        bool known = false, match = false;
        if (mm_store_holder_check(rq->srv->store, canon, name, &known, &match, &e) != MM_OK) {
            json_decref(o);
            json_decref(signals);
            mm_server_reply_mm_error(rq, &e);
            return;
        }
        json_object_set_new(o, "holder_match", known ? json_boolean(match) : json_null());
        if (known && !match)
            json_array_append_new(signals, json_string("holder_mismatch"));
    }
    json_object_set_new(o, "signals", signals);
    mm_server_reply_json(rq, MHD_HTTP_OK, o);
}
