/*
 * targets.c — what kind of account a canonical string is, and the freeze
 * targets a trace produces: one per account still holding victim money,
 * addressed to the institution that holds it.
 *
 * The holder comes from the account itself where it can: a Zengin account
 * names its bank in its first four digits; a crypto address only names its
 * chain, so an optional resolver (an exchange's list of deposit addresses,
 * the Zengin bank names) may name the institution. Cash sinks are left out:
 * money withdrawn at an ATM or spent on e-money cannot be frozen in an
 * account, and is reported as cashed out instead.
 */
#include <stdlib.h>
#include <string.h>

#include "trace/trace_int.h"

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

mm_trace_acct_kind mm_trace_account_kind(const char *a, size_t n)
{
    if (a == NULL)
        return MM_TRACE_ACCT_OTHER;
    if (n == 18 && a[4] == '-' && a[8] == '-' && a[10] == '-' && digits(a, 4) &&
        digits(a + 5, 3) && digits(a + 9, 1) && digits(a + 11, 7))
        return a[9] == '0' ? MM_TRACE_ACCT_CASH : MM_TRACE_ACCT_BANK; /* type 0: ATM cash sink */
    static const char *const sinks[] = {"cash:", "emoney:", "external:"};
    for (size_t i = 0; i < sizeof sinks / sizeof sinks[0]; i++)
        if (n >= strlen(sinks[i]) && memcmp(a, sinks[i], strlen(sinks[i])) == 0)
            return MM_TRACE_ACCT_CASH;
    static const char *const chains[] = {"btc:", "eth:", "tron:"};
    for (size_t i = 0; i < sizeof chains / sizeof chains[0]; i++)
        if (n > strlen(chains[i]) && memcmp(a, chains[i], strlen(chains[i])) == 0)
            return MM_TRACE_ACCT_CRYPTO;
    return MM_TRACE_ACCT_OTHER;
}

const char *mm_trace_acct_kind_name(mm_trace_acct_kind k)
{
    switch (k) {
    case MM_TRACE_ACCT_BANK: return "bank";
    case MM_TRACE_ACCT_CRYPTO: return "crypto";
    case MM_TRACE_ACCT_CASH: return "cash";
    default: return "other";
    }
}

size_t mm_trace_freeze_targets(const mm_trace_graph *g, const mm_trace_result *r,
                               int64_t min_amount, mm_trace_holder_fn holder, void *ctx,
                               mm_arena *a, mm_freeze_target **out)
{
    *out = NULL;
    size_t n = 0;
    for (size_t i = 0; i < r->nholdings; i++)
        if (r->holdings[i].kind != MM_TRACE_ACCT_CASH && r->holdings[i].remaining >= min_amount &&
            r->holdings[i].remaining > 0)
            n++;
    if (n == 0)
        return 0;
    mm_freeze_target *t = mm_arena_calloc(a, n, sizeof *t);
    if (t == NULL)
        return 0;
    size_t k = 0;
    for (size_t i = 0; i < r->nholdings && k < n; i++) {
        const mm_trace_holding *h = &r->holdings[i];
        if (h->kind == MM_TRACE_ACCT_CASH || h->remaining < min_amount || h->remaining <= 0)
            continue;
        mm_freeze_target *x = &t[k++];
        x->account = tr_name(g, h->account);
        x->kind = h->kind;
        x->amount_remaining = h->remaining;
        if (h->kind == MM_TRACE_ACCT_BANK) {
            memcpy(x->holder, x->account, 4);
            x->holder[4] = '\0';
        } else {
            const char *colon = strchr(x->account, ':');
            size_t len = colon ? (size_t)(colon - x->account) : 0;
            if (len == 0 || len >= sizeof x->holder)
                strcpy(x->holder, "unknown");
            else {
                memcpy(x->holder, x->account, len);
                x->holder[len] = '\0';
            }
        }
        if (holder) {
            x->holder_name = holder(ctx, x->account, x->kind, x->holder);
            x->holder[sizeof x->holder - 1] = '\0';
        }
    }
    *out = t;
    return k;
}
