/*
 * call.c — mm_screen_call: screen an incoming call from its caller number
 * (as signalled) and the callee's profile.
 *
 * Rules follow how fraud calls arrive in Japan (domain notes §1): ~70% of
 * fraud numbers are international now; fake police combine a foreign
 * prefix with a police-station style 0110 ending (+1 811 …0110); country
 * codes +801–807 and +89 are unassigned, so such a caller id is spoofed by
 * definition; a caller id equal to an official number (110, a police
 * station, a ministry, a bank's published line — data/official_numbers.tsv)
 * that enters through an international or IP gateway is spoofed; and lines
 * that opted out of international calls, or elderly callees, get
 * international calls held or flagged.
 *
 * A listed number is weighted by status and confidence; on top of that,
 * a number that many organisations reported within the last hour or day
 * (the snapshot's activity table, evaluated at the call's time by
 * mm_call_burst_eval in call_burst.c) gets CALL_SIGHTING_BURST, listed or
 * not — that burst is the early signal of a ring working through a list.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "screen/message_internal.h"

static mm_status add(mm_verdict *v, mm_arena *a, const char *code, const char *cat, int w,
                     const char *detail)
{
    mm_reason r = {.code = code, .category = cat, .detail = detail, .weight = w};
    return mm_verdict_add(v, a, &r);
}

/* Number-display categories that are not numbers (withheld, payphone, …). */
static bool no_number(const char *c)
{
    static const char *const w[] = {"非通知",  "公衆電話", "表示圏外",    "通知不可能", "anonymous",
                                    "private", "withheld", "unavailable", "payphone"};
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
        if (strcasecmp(c, w[i]) == 0)
            return true;
    return false;
}

/* Does the caller-id name claim an authority (police, tax office, city
 * hall, …)? Uses the phrase families' claim signals. */
static const char *claimed_authority(const mm_message_model *m, const char *name, mm_arena *a)
{
    if (m == NULL || name == NULL || name[0] == 0)
        return NULL;
    mm_text t;
    if (mm_norm_text(name, strlen(name), a, &t, NULL) != MM_OK)
        return NULL;
    msg_hit *hits;
    size_t n;
    if (msg_scan(m, &t, a, &hits, &n, NULL) != MM_OK)
        return NULL;
    static const struct {
        const char *signal, *category;
    } claims[] = {
        {"police_claim", "police_impersonation"},
        {"tax_claim", "tax"},
        {"tax_word", "tax"},
        {"refund_claim", "refund"},
        {"refund_office", "refund"}, /* 市役所, 年金事務所 … (msgrules split them off) */
        {"benefit_claim", "refund"},
        {"carrier_claim", "carrier_billing"},
    };
    for (size_t i = 0; i < n; i++) {
        if (hits[i].id >= m->nphrases)
            continue;
        const char *sig = m->signals[m->phrases[hits[i].id].signal];
        for (size_t k = 0; k < sizeof claims / sizeof claims[0]; k++)
            if (strcmp(sig, claims[k].signal) == 0)
                return claims[k].category;
    }
    return NULL;
}

/* CALL_SIGHTING_BURST when the snapshot's activity table shows many
 * organisations reporting this number recently (h: its listing, or NULL). */
static mm_status add_burst(const mm_screen_ctx *ctx, const mm_call *call, const mm_phone *ph,
                           const mm_hit *h, mm_arena *a, mm_verdict *out)
{
    const mm_activity *act = mm_snapshot_activity(ctx->snap);
    const mm_sighting *s;
    size_t n;
    if (!mm_activity_lookup(act, ph->e164, strlen(ph->e164), &s, &n))
        return MM_OK;
    int64_t now = call->now ? call->now : mm_activity_built_at(act);
    mm_call_burst b;
    mm_call_burst_eval(s, n, now, &b);
    if (b.weight == 0)
        return MM_OK;
    const char *cat = h ? mm_snapshot_category_name(ctx->snap, h->category) : NULL;
    int64_t age = now > b.last_seen ? (now - b.last_seen) / 60 : 0;
    mm_reason r = {
        .code = "CALL_SIGHTING_BURST",
        .category = cat && cat[0] ? cat : NULL,
        .detail = mm_arena_printf(
            a, "%s: %d reports from %d organisations in the last %s (newest %lld min ago)",
            ph->e164, b.reports, b.orgs, b.window_hours == 1 ? "hour" : "24 hours", (long long)age),
        .weight = b.weight,
        .indicator_id = h ? h->id : 0};
    return mm_verdict_add(out, a, &r);
}

mm_status mm_screen_call(const mm_screen_ctx *ctx, const mm_call *call, mm_arena *a,
                         mm_verdict *out, mm_error *err)
{
    mm_verdict_init(out);
    if (call == NULL || call->caller == NULL || call->caller[0] == 0)
        return mm_error_set(err, MM_EINVAL, "caller", "no caller number given");
    if (call->callee.age < 0 || call->callee.age > 150)
        return mm_error_set(err, MM_EINVAL, "callee.age", "%d is not an age (0 = unknown)",
                            call->callee.age);
    const mm_message_model *m = ctx->message;
    mm_status st = MM_OK;
    const char *auth = claimed_authority(m, call->claimed_name, a);
    if (no_number(call->caller)) {
        /* nothing to look up; an authority that hides its number is odd */
        if (auth)
            st = add(out, a, "CALL_OFFICIAL_CLAIM", auth, 45,
                     mm_arena_printf(a, "withheld number claiming to be '%s'", call->claimed_name));
        goto done;
    }
    mm_phone ph;
    mm_error pe;
    bool short_official = false;
    const msg_official *off = NULL;
    if (mm_norm_phone(call->caller, &ph, &pe) != MM_OK) {
        /* short numbers: 110, #9110, 188 */
        off = msg_official_number(m, "", call->caller);
        if (off == NULL)
            return mm_error_set(err, MM_EINVAL, "caller", "'%.60s' is not a phone number: %.200s",
                                call->caller, pe.message);
        short_official = true;
    } else {
        off = msg_official_number(m, ph.e164, call->caller);
    }
    if (short_official) {
        if (call->via_gateway)
            st = add(out, a, "CALL_OFFICIAL_SPOOF", "police_impersonation", 90,
                     mm_arena_printf(a,
                                     "short number %s (%s) arrived through a gateway: "
                                     "spoofed",
                                     call->caller, off->name));
        goto done;
    }
    bool intl = ph.cls == MM_PHONE_INTERNATIONAL || ph.cls == MM_PHONE_INVALID;
    mm_hit h;
    bool listed =
        ctx->snap && mm_snapshot_lookup(ctx->snap, MM_KIND_PHONE, ph.e164, strlen(ph.e164), &h);
    if (listed) {
        int w = msg_hit_weight(&h);
        const char *cat = mm_snapshot_category_name(ctx->snap, h.category);
        mm_reason r = {.code = "PHONE_LISTED",
                       .category = cat && cat[0] ? cat : NULL,
                       .detail = mm_arena_printf(a, "%s is listed (%s)", ph.e164,
                                                 mm_ind_status_name(h.status)),
                       .weight = w,
                       .indicator_id = h.id};
        if (w > 0)
            st = mm_verdict_add(out, a, &r);
    }
    if (st == MM_OK)
        st = add_burst(ctx, call, &ph, listed ? &h : NULL, a, out);
    if (st == MM_OK && ph.cls == MM_PHONE_INVALID)
        st = add(
            out, a, "CALL_SPOOFED_NUMBER", ph.ends_0110 ? "police_impersonation" : NULL, 90,
            mm_arena_printf(a, "%s uses an unassigned country code or range: spoofed", ph.e164));
    else if (st == MM_OK && intl && ph.ends_0110)
        st = add(out, a, "CALL_POLICE_SPOOF", "police_impersonation", 90,
                 mm_arena_printf(a,
                                 "%s: foreign number ending in 0110 imitates a police "
                                 "station line",
                                 ph.e164));
    if (st == MM_OK && off && (intl || call->via_gateway))
        st = add(out, a, "CALL_OFFICIAL_SPOOF",
                 strcmp(off->kind, "police") == 0 ? "police_impersonation" : NULL, 90,
                 mm_arena_printf(a, "caller id %s is %s's number but arrived through %s", ph.e164,
                                 off->name, intl ? "an international route" : "an IP gateway"));
    else if (st == MM_OK && !off && call->via_gateway && ph.country_code == 81 && ph.ends_0110)
        st = add(out, a, "CALL_OFFICIAL_SPOOF", "police_impersonation", 75,
                 mm_arena_printf(a, "police-station style number %s arrived through a gateway",
                                 ph.e164));
    if (st == MM_OK && auth &&
        (intl || call->via_gateway || ph.cls == MM_PHONE_MOBILE || ph.cls == MM_PHONE_IP_PHONE))
        st = add(out, a, "CALL_OFFICIAL_CLAIM", auth, 70,
                 mm_arena_printf(a, "caller name '%s' from a %s number %s", call->claimed_name,
                                 mm_phone_class_name(ph.cls), ph.e164));
    if (st == MM_OK && intl) {
        if (call->callee.intl_optout)
            st = add(out, a, "CALL_INTL_OPTOUT", NULL, 90,
                     mm_arena_printf(a,
                                     "international call from %s to a line that opted out "
                                     "of international calls",
                                     ph.e164));
        else if (call->callee.age >= 65)
            st = add(out, a, "CALL_INTL_ELDERLY", NULL, 55,
                     mm_arena_printf(a, "international call from %s to a callee aged %d", ph.e164,
                                     call->callee.age));
        else
            st = add(out, a, "CALL_INTERNATIONAL", NULL, 10,
                     mm_arena_printf(a, "international call from %s", ph.e164));
    }
done:
    if (st != MM_OK)
        return mm_error_set(err, st, "caller", "out of memory");
    mm_verdict_finish(out, &ctx->thresholds);
    if (out->action != MM_VERDICT_ALLOW && strcmp(out->category, "none") == 0)
        out->category = "suspicious_call";
    mm_warnings_apply(ctx->warnings, out);
    return MM_OK;
}
