/*
 * payment_screen.c — mm_screen_payment: one payment event → a verdict.
 *
 * Each rule follows a mechanism the fraud cannot avoid: the money must
 * reach an account (listed, frozen, an exchange deposit under someone
 * else's name, a fan-in account that passes money on), the victim must be
 * moved to act (an elderly customer's first large transfer, a phone call
 * at the ATM, a new internet-banking device or raised limit just before),
 * or value must leave in a form that cannot be recalled (e-money cards,
 * crypto to a new address, abroad). Thresholds come from the rules file;
 * the state is read before the event and updated after it, so a rule sees
 * the history the event arrives into.
 *
 * Hot path: two snapshot lookups and two state lookups per transfer; text
 * for reasons is formatted only when a rule fires. Holder names are
 * normalised only when their raw hash differs from the one remembered.
 */
#include <stdio.h>
#include <string.h>

#include <xxhash.h>

#include "screen/payment_internal.h"

/* Built-in weights when no rules file is loaded: snapshot rules only. */
static const pay_rule_def builtin_frozen = {
    .on = true, .weight = 95, .code = "ACCOUNT_FROZEN", .category = "frozen_account"};
static const pay_rule_def builtin_listed = {
    .on = true, .weight = 80, .code = "ACCOUNT_LISTED", .p = {[P_REPORTED_WEIGHT] = 55}};
static const pay_rule_def builtin_payer = {
    .on = true, .weight = 70, .code = "PAYER_LISTED", .category = "mule"};

typedef struct scr {
    const mm_screen_ctx *ctx;
    const mm_payment_rules *rules;
    const mm_payment *ev;
    mm_arena *a;
    mm_verdict *v;
    mm_status st;
    uint32_t now;
} scr;

static const pay_rule_def *rule(const scr *c, enum pay_rule r)
{
    if (c->rules == NULL || !c->rules->r[r].on)
        return NULL;
    return &c->rules->r[r];
}

static void add(scr *c, const pay_rule_def *d, int weight, const char *category, int64_t indicator,
                const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static void add(scr *c, const pay_rule_def *d, int weight, const char *category, int64_t indicator,
                const char *fmt, ...)
{
    if (c->st != MM_OK)
        return;
    char buf[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    mm_reason r = {
        .code = d->code,
        .category = category ? category : d->category,
        .detail = mm_arena_strdup(c->a, buf),
        .weight = weight,
        .indicator_id = indicator,
        .text_ja = d->ja,
        .audience = d->audience,
    };
    if (r.detail == NULL || mm_verdict_add(c->v, c->a, &r) != MM_OK)
        c->st = MM_ENOMEM;
}

static bool is_crypto(const char *acct)
{
    return strncmp(acct, "btc:", 4) == 0 || strncmp(acct, "eth:", 4) == 0 ||
           strncmp(acct, "tron:", 5) == 0;
}

static bool outgoing(mm_pay_type t)
{
    return t == MM_PAY_TRANSFER || t == MM_PAY_ATM_TRANSFER || t == MM_PAY_ATM_WITHDRAWAL ||
           t == MM_PAY_CRYPTO_SEND || t == MM_PAY_CODE_PAYMENT || t == MM_PAY_EMONEY_PURCHASE;
}

static bool bank_transfer(mm_pay_type t)
{
    return t == MM_PAY_TRANSFER || t == MM_PAY_ATM_TRANSFER;
}

static bool is_atm(mm_pay_type t)
{
    return t == MM_PAY_ATM_TRANSFER || t == MM_PAY_ATM_WITHDRAWAL;
}

static uint32_t peer32(uint64_t key)
{
    uint32_t p = (uint32_t)key;
    return p ? p : 1;
}

/* ---- snapshot --------------------------------------------------------------------- */

static bool lookup(const scr *c, const char *acct, mm_hit *hit)
{
    if (c->ctx->snap == NULL || acct == NULL)
        return false;
    mm_kind k = is_crypto(acct) ? MM_KIND_CRYPTO_ADDRESS : MM_KIND_BANK_ACCOUNT;
    return mm_snapshot_lookup(c->ctx->snap, k, acct, strlen(acct), hit);
}

static void snapshot_rules(scr *c)
{
    const mm_payment *ev = c->ev;
    mm_hit hit;
    bool payee_rules = ev->type != MM_PAY_CRYPTO_RECEIVE;
    if (payee_rules && lookup(c, ev->to.account, &hit)) {
        const char *cat = mm_snapshot_category_name(c->ctx->snap, hit.category);
        bool frozen = hit.status == MM_IND_ACTIONED || (cat && strcmp(cat, "frozen_account") == 0);
        const pay_rule_def *d = c->rules ? rule(c, frozen ? R_ACCOUNT_FROZEN : R_ACCOUNT_LISTED)
                                         : (frozen ? &builtin_frozen : &builtin_listed);
        if (d) {
            int w = d->weight;
            if (!frozen && hit.status == MM_IND_REPORTED && d->p[P_REPORTED_WEIGHT] >= 0)
                w = (int)d->p[P_REPORTED_WEIGHT];
            add(c, d, w, frozen ? d->category : (cat ? cat : d->category), hit.id,
                "payee %s is listed (%s, %s)", ev->to.account, cat ? cat : "?",
                mm_ind_status_name(hit.status));
        }
    }
    /* the sender is listed: money leaving a known fraud account (or, for
     * a crypto receive, coming from one) */
    if (lookup(c, ev->from.account, &hit)) {
        const pay_rule_def *d = c->rules ? rule(c, R_PAYER_LISTED) : &builtin_payer;
        const char *cat = mm_snapshot_category_name(c->ctx->snap, hit.category);
        if (d)
            add(c, d, d->weight, d->category, hit.id, "paying account %s is listed (%s, %s)",
                ev->from.account, cat ? cat : "?", mm_ind_status_name(hit.status));
    }
}

/* ---- names ------------------------------------------------------------------------ */

/* Hash of a name in holder form with spaces removed (0 when no name). */
static uint64_t name_norm_hash(scr *c, const char *name, bool strip_digits)
{
    const char *norm;
    if (name == NULL || mm_norm_holder(name, c->a, &norm, NULL) != MM_OK)
        return 0;
    char buf[256];
    size_t k = 0;
    for (const char *p = norm; *p && k < sizeof buf - 1; p++) {
        if (*p == ' ' || (strip_digits && *p >= '0' && *p <= '9'))
            continue;
        buf[k++] = *p;
    }
    if (k == 0)
        return 0;
    uint64_t h = XXH3_64bits(buf, k);
    return h ? h : 1;
}

static uint64_t raw_hash(const char *name)
{
    uint64_t h = XXH3_64bits(name, strlen(name));
    return h ? h : 1;
}

/* ---- stateless rules --------------------------------------------------------------- */

static void customer_rules(scr *c)
{
    const mm_payment *ev = c->ev;
    const pay_rule_def *d;
    int age = ev->from.age;
    if ((d = rule(c, R_ELDERLY_LARGE_TRANSFER)) && age >= d->p[P_MIN_AGE] &&
        ev->amount >= d->p[P_MIN_AMOUNT] &&
        (bank_transfer(ev->type) || ev->type == MM_PAY_ATM_WITHDRAWAL ||
         ev->type == MM_PAY_CRYPTO_SEND))
        add(c, d, d->weight, NULL, 0, "customer aged %d: %s of %lld yen", age,
            mm_pay_type_name(ev->type), (long long)ev->amount);
    if ((d = rule(c, R_ATM_ON_PHONE_CALL)) && is_atm(ev->type) &&
        mm_payment_has_flag(ev, "on_phone_call"))
        add(c, d, d->weight, NULL, 0, "ATM %s of %lld yen during a phone call",
            ev->type == MM_PAY_ATM_TRANSFER ? "transfer" : "withdrawal", (long long)ev->amount);
    if (ev->type == MM_PAY_EMONEY_PURCHASE) {
        if ((d = rule(c, R_EMONEY_HIGH_VALUE)) && ev->amount >= d->p[P_MIN_AMOUNT])
            add(c, d, d->weight, NULL, 0, "e-money purchase of %lld yen", (long long)ev->amount);
        if ((d = rule(c, R_EMONEY_ELDERLY)) && age >= d->p[P_MIN_AGE] &&
            ev->amount >= d->p[P_MIN_AMOUNT])
            add(c, d, d->weight, NULL, 0, "e-money purchase of %lld yen by a customer aged %d",
                (long long)ev->amount, age);
    }
    if ((d = rule(c, R_FOREIGN_REMITTANCE)) && ev->amount >= d->p[P_MIN_AMOUNT] &&
        (mm_payment_has_flag(ev, "foreign") || mm_payment_has_flag(ev, "foreign_remittance")))
        add(c, d, d->weight, NULL, 0, "remittance abroad of %lld yen", (long long)ev->amount);
    /* exchange deposit accounts */
    if (bank_transfer(ev->type) && ev->to.account && c->rules && c->rules->nex) {
        const char *ex = mm_payment_rules_exchange(c->rules, ev->to.account);
        if (ex) {
            if ((d = rule(c, R_EXCHANGE_NAME_MISMATCH)) && ev->requester && ev->from.name) {
                uint64_t rq = name_norm_hash(c, ev->requester, true);
                uint64_t holder = name_norm_hash(c, ev->from.name, true);
                if (rq && holder && rq != holder)
                    add(c, d, d->weight, NULL, 0,
                        "deposit to %s (%s) requested as '%.60s', account holder '%.60s'",
                        ev->to.account, ex, ev->requester, ev->from.name);
            }
            if ((d = rule(c, R_EXCHANGE_DEPOSIT_ELDERLY)) && age >= d->p[P_MIN_AGE] &&
                ev->amount >= d->p[P_MIN_AMOUNT])
                add(c, d, d->weight, NULL, 0, "customer aged %d sends %lld yen to exchange %s", age,
                    (long long)ev->amount, ex);
        }
    }
}

/* ---- state rules --------------------------------------------------------------------- */

static bool mule_like(const pay_slot *a, uint32_t now, const pay_rule_def *d, int64_t extra_out,
                      uint32_t extra_sender, pay_window *in_out, int *pct, int64_t *dwell)
{
    pay_window in, out;
    int64_t window = pay_common_window(a, now, d->p[P_WINDOW]);
    pay_window_sum(a->in, a->in_n, now, window, &in);
    pay_window_sum(a->out, a->out_n, now, window, &out);
    int senders = in.distinct;
    if (extra_sender) {
        bool seen = false;
        for (int i = 0; i < a->in_n; i++)
            seen |= a->in[i].peer == extra_sender && now - a->in[i].t <= window;
        senders += !seen;
    }
    int64_t outs = out.amount + extra_out;
    *in_out = in;
    *pct = in.amount ? (int)(outs * 100 / in.amount) : 0;
    uint32_t last = extra_out ? now : out.last_t;
    *dwell = in.count && last >= in.first_t ? (int64_t)last - in.first_t : -1;
    return senders >= d->p[P_MIN_SENDERS] && in.amount >= d->p[P_MIN_AMOUNT] && in.amount > 0 &&
           *pct >= d->p[P_PASS_PCT] && *dwell >= 0 && *dwell <= d->p[P_MAX_DWELL];
}

static void state_rules(scr *c, mm_pay_state *s, uint64_t fk, uint64_t tk)
{
    const mm_payment *ev = c->ev;
    const pay_rule_def *d;
    uint32_t now = c->now;
    const pay_slot *payer = fk ? pay_state_find(s, fk) : NULL;
    const pay_slot *payee = tk ? pay_state_find(s, tk) : NULL;
    bool out = outgoing(ev->type) && ev->type != MM_PAY_EMONEY_PURCHASE;

    if (out && payer) {
        bool known_history = payer->out_n > 0;
        bool new_payee = tk && (!pay_payee_known(payer, peer32(tk)));
        if (mm_payment_has_flag(ev, "zengin_new_payee"))
            new_payee = known_history = true;
        if (new_payee && known_history && (d = rule(c, R_ELDERLY_NEW_PAYEE)) &&
            ev->from.age >= d->p[P_MIN_AGE] && ev->amount >= d->p[P_MIN_AMOUNT])
            add(c, d, d->weight, NULL, 0, "customer aged %d pays %s for the first time",
                ev->from.age, ev->to.account);
        /* persons only (age known): companies pay new suppliers large sums every day */
        bool person = ev->from.age > 0;
        if (new_payee && known_history && person && (d = rule(c, R_FIRST_PAYEE_LARGE)) &&
            ev->amount >= d->p[P_MIN_AMOUNT])
            add(c, d, d->weight, NULL, 0, "first transfer to %s: %lld yen", ev->to.account,
                (long long)ev->amount);
        if (ev->type != MM_PAY_ATM_WITHDRAWAL) {
            if ((d = rule(c, R_IB_NEW_DEVICE_LARGE)) && payer->ib_new_device_t &&
                now >= payer->ib_new_device_t && now - payer->ib_new_device_t <= d->p[P_WINDOW] &&
                ev->amount >= d->p[P_MIN_AMOUNT])
                add(c, d, d->weight, NULL, 0, "%lld yen %u s after a new-device login",
                    (long long)ev->amount, now - payer->ib_new_device_t);
            if ((d = rule(c, R_IB_LIMIT_RAISED_LARGE)) && payer->ib_limit_t &&
                now >= payer->ib_limit_t && now - payer->ib_limit_t <= d->p[P_WINDOW] &&
                ev->amount >= d->p[P_MIN_AMOUNT])
                add(c, d, d->weight, NULL, 0, "%lld yen %u s after the limit was raised",
                    (long long)ev->amount, now - payer->ib_limit_t);
        }
        pay_window w;
        if (person && (d = rule(c, R_AMOUNT_VELOCITY))) {
            pay_window_sum(payer->out, payer->out_n, now, d->p[P_WINDOW], &w);
            if (w.count + 1 >= d->p[P_MIN_COUNT] || w.amount + ev->amount >= d->p[P_MIN_AMOUNT])
                add(c, d, d->weight, NULL, 0, "%d payments, %lld yen out in %lld s", w.count + 1,
                    (long long)(w.amount + ev->amount), (long long)d->p[P_WINDOW]);
        }
        if (is_atm(ev->type) && (d = rule(c, R_ATM_REPEATED_LIMIT))) {
            pay_window_sum(payer->out, payer->out_n, now, d->p[P_WINDOW], &w);
            if (w.count + 1 >= d->p[P_MIN_COUNT] && w.amount + ev->amount >= d->p[P_MIN_AMOUNT])
                add(c, d, d->weight, NULL, 0, "%d ATM operations, %lld yen in %lld s", w.count + 1,
                    (long long)(w.amount + ev->amount), (long long)d->p[P_WINDOW]);
        }
        if ((d = rule(c, R_MULE_PASS_THROUGH))) {
            pay_window in;
            int pct;
            int64_t dwell;
            if (mule_like(payer, now, d, ev->amount, 0, &in, &pct, &dwell)) {
                add(c, d, d->weight, NULL, 0,
                    "%s received %lld yen from %d senders and sends %d%% on after %lld s",
                    ev->from.account, (long long)in.amount, in.distinct, pct, (long long)dwell);
                const pay_rule_def *y = rule(c, R_MULE_YOUNG_ACCOUNT);
                if (y && (now - payer->first_seen <= y->p[P_YOUNG_DAYS] * 86400 ||
                          mm_payment_has_flag(ev, "from_new_account")))
                    add(c, y, y->weight, NULL, 0, "%s first seen %u days ago", ev->from.account,
                        (now - payer->first_seen) / 86400);
            }
        }
    }
    if (out && ev->type == MM_PAY_CRYPTO_SEND && (d = rule(c, R_CRYPTO_FIRST_SEND_LARGE)) && tk &&
        ev->amount >= d->p[P_MIN_AMOUNT] && (payer == NULL || !pay_payee_known(payer, peer32(tk))))
        add(c, d, d->weight, NULL, 0, "first send to %s: %lld yen", ev->to.account,
            (long long)ev->amount);

    if (payee && bank_transfer(ev->type)) {
        if ((d = rule(c, R_PAYEE_MULE_PATTERN))) {
            pay_window in;
            int pct;
            int64_t dwell;
            if (mule_like(payee, now, d, 0, fk ? peer32(fk) : 0, &in, &pct, &dwell))
                add(c, d, d->weight, NULL, 0,
                    "payee %s received %lld yen from %d senders and passed %d%% on within %lld s",
                    ev->to.account, (long long)in.amount, in.distinct, pct, (long long)dwell);
        }
        /* an established payee (a biller, a landlord) is expected to receive many
         * payments: only a payee first seen within young_days counts */
        bool young = (d = rule(c, R_PAYEE_VELOCITY)) &&
                     (d->p[P_YOUNG_DAYS] < 0 ||
                      (int64_t)now - payee->first_seen <= d->p[P_YOUNG_DAYS] * 86400);
        if (young) {
            pay_window w;
            pay_window_sum(payee->in, payee->in_n, now, d->p[P_WINDOW], &w);
            if (w.count + 1 >= d->p[P_MIN_COUNT] || w.amount + ev->amount >= d->p[P_MIN_AMOUNT])
                add(c, d, d->weight, NULL, 0, "payee %s: %d payments, %lld yen in %lld s",
                    ev->to.account, w.count + 1, (long long)(w.amount + ev->amount),
                    (long long)d->p[P_WINDOW]);
        }
        if ((d = rule(c, R_PAYEE_NAME_MISMATCH)) && ev->to.name && payee->holder_norm &&
            raw_hash(ev->to.name) != payee->holder_raw) {
            uint64_t h = name_norm_hash(c, ev->to.name, false);
            if (h && h != payee->holder_norm)
                add(c, d, d->weight, NULL, 0,
                    "payee name '%.60s' differs from the holder seen "
                    "before for %s",
                    ev->to.name, ev->to.account);
        }
    }
    if (ev->type == MM_PAY_EMONEY_PURCHASE && (d = rule(c, R_EMONEY_BULK))) {
        const char *ids[2] = {ev->session, ev->from.customer_id};
        const char ns[2] = {'s', 'c'};
        for (int i = 0; i < 2; i++) {
            const pay_slot *b = ids[i] ? pay_state_find(s, pay_key_ns(ns[i], ids[i])) : NULL;
            if (b == NULL && i == 1 && ev->from.account)
                b = payer;
            if (b == NULL)
                continue;
            pay_window w;
            pay_window_sum(b->out, b->out_n, now, d->p[P_WINDOW], &w);
            /* "bulk" needs at least two cards; one dear card is EMONEY_HIGH_VALUE */
            if (w.count + 1 >= d->p[P_MIN_COUNT] ||
                (w.count >= 1 && w.amount + ev->amount >= d->p[P_MIN_AMOUNT])) {
                add(c, d, d->weight, NULL, 0, "%s: %d e-money cards, %lld yen",
                    i == 0 ? "store visit" : "customer", w.count + 1,
                    (long long)(w.amount + ev->amount));
                break;
            }
        }
    }
}

/* Learn the holder name of an account (first name given wins). */
static void learn_holder(scr *c, pay_slot *a, const char *name)
{
    if (name == NULL || a->holder_norm)
        return;
    uint64_t h = name_norm_hash(c, name, false);
    if (h) {
        a->holder_norm = h;
        a->holder_raw = raw_hash(name);
    }
}

static void update(scr *c, mm_pay_state *s, uint64_t fk, uint64_t tk)
{
    const mm_payment *ev = c->ev;
    uint32_t now = c->now;
    bool fresh;
    pay_slot *payer = fk ? pay_state_get(s, fk, now, &fresh) : NULL;
    if (payer) {
        if (now > payer->last_seen)
            payer->last_seen = now;
        if (ev->type == MM_PAY_IB_LOGIN &&
            (mm_payment_has_flag(ev, "new_device") || mm_payment_has_flag(ev, "first_login")))
            payer->ib_new_device_t = now;
        else if (ev->type == MM_PAY_IB_LIMIT_CHANGE)
            payer->ib_limit_t = now;
        else if (ev->type == MM_PAY_CRYPTO_RECEIVE)
            pay_flow_push(payer->out, &payer->out_head, &payer->out_n, now, tk ? peer32(tk) : 0,
                          ev->amount);
        else if (outgoing(ev->type)) {
            pay_flow_push(payer->out, &payer->out_head, &payer->out_n, now, tk ? peer32(tk) : 0,
                          ev->amount);
            if (tk)
                pay_payee_add(payer, peer32(tk));
        }
        learn_holder(c, payer, ev->from.name);
    }
    pay_slot *payee = tk ? pay_state_get(s, tk, now, &fresh) : NULL;
    if (payee) {
        if (now > payee->last_seen)
            payee->last_seen = now;
        if (ev->type != MM_PAY_IB_LOGIN && ev->type != MM_PAY_IB_LIMIT_CHANGE)
            pay_flow_push(payee->in, &payee->in_head, &payee->in_n, now, fk ? peer32(fk) : 0,
                          ev->amount);
        if (bank_transfer(ev->type))
            learn_holder(c, payee, ev->to.name);
    }
    if (ev->type == MM_PAY_EMONEY_PURCHASE) {
        const char *ids[2] = {ev->session, ev->from.customer_id};
        const char ns[2] = {'s', 'c'};
        for (int i = 0; i < 2; i++) {
            if (ids[i] == NULL)
                continue;
            pay_slot *b = pay_state_get(s, pay_key_ns(ns[i], ids[i]), now, &fresh);
            if (now > b->last_seen)
                b->last_seen = now;
            pay_flow_push(b->out, &b->out_head, &b->out_n, now, 0, ev->amount);
        }
    }
}

mm_status mm_screen_payment(const mm_screen_ctx *ctx, mm_pay_state *state, const mm_payment *ev,
                            mm_arena *a, mm_verdict *out, mm_error *err)
{
    mm_verdict_init(out);
    if (ctx == NULL || ev == NULL || a == NULL)
        return mm_error_set(err, MM_EINVAL, "payment", "no context, event or arena given");
    if ((unsigned)ev->type >= MM_PAY__COUNT)
        return mm_error_set(err, MM_EINVAL, "type", "type %d is out of range", (int)ev->type);
    if (ev->time <= 0 || ev->time > UINT32_MAX)
        return mm_error_set(err, MM_EINVAL, "time", "time %lld is out of range",
                            (long long)ev->time);
    if (ev->amount < 0)
        return mm_error_set(err, MM_EINVAL, "amount", "amount %lld is negative",
                            (long long)ev->amount);
    scr c = {
        .ctx = ctx, .rules = ctx->payment, .ev = ev, .a = a, .v = out, .now = (uint32_t)ev->time};
    snapshot_rules(&c);
    customer_rules(&c);
    if (state) {
        uint64_t fk = ev->from.account ? pay_key(ev->from.account) : 0;
        uint64_t tk = ev->to.account ? pay_key(ev->to.account) : 0;
        state_rules(&c, state, fk, tk);
        update(&c, state, fk, tk);
    }
    if (c.st != MM_OK)
        return mm_error_set(err, c.st, "payment", "out of memory");
    /* a context built by hand (tests) may leave the thresholds zero */
    mm_verdict_finish(out, ctx->thresholds.block > 0 ? &ctx->thresholds : NULL);
    if (ctx->warnings)
        mm_warnings_apply(ctx->warnings, out);
    return MM_OK;
}
