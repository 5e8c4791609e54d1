/*
 * screen_payment.h — screening money as it moves (issue 5): bank
 * transfers, ATM sessions, internet-banking events, e-money purchases at
 * stores, code payments and crypto sends.
 *
 * Pure: mm_screen_payment reads the immutable context (snapshot + payment
 * rules) and one event, and updates a caller-owned per-account state; no
 * I/O, no clock (all windows are measured in event time), no locks — a
 * caller sharing one state between threads serialises its calls.
 *
 * Rules and their thresholds live in data/payment_rules.tsv (one rule a
 * line: code, weight, parameters, category, audience, Japanese text,
 * English text); the crypto exchanges' yen deposit accounts in
 * data/exchange_accounts.tsv. A rule missing from the file is off.
 */
#ifndef MAMORU_SCREEN_PAYMENT_H
#define MAMORU_SCREEN_PAYMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mamoru/payment.h"
#include "mamoru/screen.h"

/* ---- rules (src/screen/payment_rules.c) ------------------------------------ */

/* Parse the rules TSV and the exchange deposit accounts TSV (account \t
 * exchange \t holder; exch may be NULL). Errors name the file's line and
 * the column or parameter. Strings are copied. */
mm_status mm_payment_rules_parse(const char *rules_tsv, size_t rules_len, const char *exch_tsv,
                                 size_t exch_len, mm_payment_rules **out, mm_error *err);
void mm_payment_rules_free(mm_payment_rules *r);
/* Number of enabled rules / exchange accounts (tests, /healthz). */
size_t mm_payment_rules_count(const mm_payment_rules *r);
size_t mm_payment_rules_exchanges(const mm_payment_rules *r);
/* Is canonical account a listed exchange deposit account? Its exchange
 * name, or NULL. */
const char *mm_payment_rules_exchange(const mm_payment_rules *r, const char *account);

/* ---- per-account state (src/screen/payment_state.c) -------------------------- */

/* Recent activity per account (and per store visit / customer id for
 * e-money): a set-associative hash table of fixed size — an account lives
 * in one of 8 slots of its bucket; when all 8 are taken, the slot seen
 * longest ago is reused (its history is forgotten). Each slot keeps the
 * last 8 inflows and 8 outflows (time, peer, amount), the last 8 distinct
 * payees, the holder name hash and the last internet-banking new-device
 * login and limit change: about 270 bytes. Memory is fixed at creation. */
typedef struct mm_pay_state mm_pay_state;

/* max_accounts is rounded up to a power of two ≥ 64 (0 → 65,536). NULL
 * when out of memory. */
mm_pay_state *mm_pay_state_new(size_t max_accounts);
void mm_pay_state_free(mm_pay_state *s);
size_t mm_pay_state_bytes(const mm_pay_state *s);
/* Slots in use, and how many histories were evicted so far. */
size_t mm_pay_state_used(const mm_pay_state *s);
uint64_t mm_pay_state_evictions(const mm_pay_state *s);

/* What the state knows about one account at time now. */
typedef struct mm_pay_account_view {
    bool known;
    int64_t first_seen, last_seen;
    int in_count, out_count; /* in the rules' mule window (recent ring only) */
    int64_t in_amount, out_amount;
    int distinct_senders, distinct_payees;
    int pass_through_pct; /* out / in over the window, 0..100+ */
    int64_t dwell_s;      /* first inflow in window → last outflow, -1 none */
    bool mule_signal;     /* fan-in + fast pass-through per the rules */
} mm_pay_account_view;
void mm_pay_state_account(const mm_pay_state *s, const mm_payment_rules *rules, const char *account,
                          int64_t now, mm_pay_account_view *out);

/* ---- screening (src/screen/payment_screen.c) ------------------------------- */

/* Screen one event: reasons from the snapshot (payee / payer listed or
 * frozen), the rules and the state (which is then updated with the event,
 * taken as having happened). state may be NULL (stateless rules only);
 * ctx->payment NULL → only snapshot rules, with built-in weights.
 * Fills *out (finished, with warning texts). MM_EINVAL for an event
 * without type/time. */
mm_status mm_screen_payment(const mm_screen_ctx *ctx, mm_pay_state *state, const mm_payment *ev,
                            mm_arena *a, mm_verdict *out, mm_error *err);

#endif
