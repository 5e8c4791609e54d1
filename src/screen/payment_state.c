/*
 * payment_state.c — the per-account memory of payment screening: recent
 * inflows and outflows, recent payees, holder name and internet-banking
 * events, per account (and per store visit / customer for e-money).
 *
 * Fixed memory, O(1) per event: a set-associative table (PAY_WAYS slots
 * per bucket, bucket chosen by the key's hash). A new account takes an
 * empty slot of its bucket or, when all are taken, the one seen longest
 * ago — so a busy stream forgets its quietest accounts first, which are
 * the ones a velocity or mule window no longer covers anyway. Rings keep
 * the last PAY_RING flows each way; windowed sums read only those, which
 * is why rule counts are capped at PAY_RING.
 */
#include <stdlib.h>
#include <string.h>

#include "screen/payment_internal.h"

mm_pay_state *mm_pay_state_new(size_t max_accounts)
{
    if (max_accounts == 0)
        max_accounts = 65536;
    size_t nb = 8;
    while (nb * PAY_WAYS < max_accounts && nb < ((size_t)1 << 40))
        nb <<= 1;
    mm_pay_state *s = calloc(1, sizeof *s);
    if (s == NULL)
        return NULL;
    s->slots = calloc(nb * PAY_WAYS, sizeof *s->slots);
    if (s->slots == NULL) {
        free(s);
        return NULL;
    }
    s->nbuckets = nb;
    return s;
}

void mm_pay_state_free(mm_pay_state *s)
{
    if (s == NULL)
        return;
    free(s->slots);
    free(s);
}

size_t mm_pay_state_bytes(const mm_pay_state *s)
{
    return s ? sizeof *s + s->nbuckets * PAY_WAYS * sizeof(pay_slot) : 0;
}

size_t mm_pay_state_used(const mm_pay_state *s)
{
    return s ? s->used : 0;
}

uint64_t mm_pay_state_evictions(const mm_pay_state *s)
{
    return s ? s->evictions : 0;
}

static pay_slot *bucket(const mm_pay_state *s, uint64_t key)
{
    /* high bits pick the bucket; the low 32 serve as peer ids in rings */
    return &s->slots[((key >> 32) * 0x9E3779B97F4A7C15ull >> 20 & (s->nbuckets - 1)) * PAY_WAYS];
}

pay_slot *pay_state_find(const mm_pay_state *s, uint64_t key)
{
    if (s == NULL)
        return NULL;
    pay_slot *b = bucket(s, key);
    for (int i = 0; i < PAY_WAYS; i++)
        if (b[i].key == key)
            return &b[i];
    return NULL;
}

pay_slot *pay_state_get(mm_pay_state *s, uint64_t key, uint32_t now, bool *fresh)
{
    pay_slot *b = bucket(s, key);
    pay_slot *victim = NULL;
    for (int i = 0; i < PAY_WAYS; i++) {
        if (b[i].key == key) {
            *fresh = false;
            return &b[i];
        }
        if (b[i].key == 0) {
            if (victim == NULL || victim->key != 0)
                victim = &b[i];
        } else if (victim == NULL || (victim->key != 0 && b[i].last_seen < victim->last_seen)) {
            victim = &b[i];
        }
    }
    if (victim->key != 0)
        s->evictions++;
    else
        s->used++;
    memset(victim, 0, sizeof *victim);
    victim->key = key;
    victim->first_seen = victim->last_seen = now;
    *fresh = true;
    return victim;
}

void pay_flow_push(pay_flow *ring, uint8_t *head, uint8_t *n, uint32_t t, uint32_t peer,
                   int64_t amount)
{
    ring[*head] = (pay_flow){
        .t = t, .peer = peer, .amount = amount > UINT32_MAX ? UINT32_MAX : (uint32_t)amount};
    *head = (uint8_t)((*head + 1) % PAY_RING);
    if (*n < PAY_RING)
        (*n)++;
}

bool pay_payee_known(const pay_slot *a, uint32_t peer)
{
    for (int i = 0; i < a->payee_n; i++)
        if (a->payees[i] == peer)
            return true;
    return false;
}

void pay_payee_add(pay_slot *a, uint32_t peer)
{
    if (pay_payee_known(a, peer))
        return;
    a->payees[a->payee_head] = peer;
    a->payee_head = (uint8_t)((a->payee_head + 1) % PAY_PAYEES);
    if (a->payee_n < PAY_PAYEES)
        a->payee_n++;
}

void pay_window_sum(const pay_flow *ring, uint8_t n, uint32_t now, int64_t window, pay_window *out)
{
    memset(out, 0, sizeof *out);
    uint32_t peers[PAY_RING];
    int np = 0;
    for (int i = 0; i < n; i++) {
        const pay_flow *f = &ring[i];
        if ((int64_t)now - (int64_t)f->t > window || f->t > now)
            continue;
        out->count++;
        out->amount += f->amount;
        if (out->first_t == 0 || f->t < out->first_t)
            out->first_t = f->t;
        if (f->t > out->last_t)
            out->last_t = f->t;
        bool dup = false;
        for (int j = 0; j < np; j++)
            dup |= peers[j] == f->peer;
        if (!dup)
            peers[np++] = f->peer;
    }
    out->distinct = np;
}

static uint32_t oldest(const pay_flow *ring, uint8_t n)
{
    uint32_t t = UINT32_MAX;
    for (int i = 0; i < n; i++)
        if (ring[i].t < t)
            t = ring[i].t;
    return t;
}

int64_t pay_common_window(const pay_slot *a, uint32_t now, int64_t window)
{
    int64_t w = window;
    if (a->in_n == PAY_RING && (int64_t)now - oldest(a->in, a->in_n) < w)
        w = (int64_t)now - oldest(a->in, a->in_n);
    if (a->out_n == PAY_RING && (int64_t)now - oldest(a->out, a->out_n) < w)
        w = (int64_t)now - oldest(a->out, a->out_n);
    return w < 0 ? 0 : w;
}

void mm_pay_state_account(const mm_pay_state *s, const mm_payment_rules *rules, const char *account,
                          int64_t now, mm_pay_account_view *out)
{
    memset(out, 0, sizeof *out);
    out->dwell_s = -1;
    const pay_slot *a = account ? pay_state_find(s, pay_key(account)) : NULL;
    if (a == NULL)
        return;
    const pay_rule_def *m = rules ? &rules->r[R_MULE_PASS_THROUGH] : NULL;
    int64_t window = m && m->on ? m->p[P_WINDOW] : 7 * 86400;
    out->known = true;
    out->first_seen = a->first_seen;
    out->last_seen = a->last_seen;
    pay_window in, o;
    uint32_t t = now > 0 ? (uint32_t)now : a->last_seen;
    window = pay_common_window(a, t, window);
    pay_window_sum(a->in, a->in_n, t, window, &in);
    pay_window_sum(a->out, a->out_n, t, window, &o);
    out->in_count = in.count;
    out->out_count = o.count;
    out->in_amount = in.amount;
    out->out_amount = o.amount;
    out->distinct_senders = in.distinct;
    out->distinct_payees = o.distinct;
    out->pass_through_pct = in.amount ? (int)(o.amount * 100 / in.amount) : 0;
    if (in.count && o.count && o.last_t >= in.first_t)
        out->dwell_s = (int64_t)o.last_t - in.first_t;
    if (m && m->on)
        out->mule_signal = in.distinct >= m->p[P_MIN_SENDERS] && in.amount >= m->p[P_MIN_AMOUNT] &&
                           out->pass_through_pct >= m->p[P_PASS_PCT] && out->dwell_s >= 0 &&
                           out->dwell_s <= m->p[P_MAX_DWELL];
}
