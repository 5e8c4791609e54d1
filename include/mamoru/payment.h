/*
 * payment.h — payment events (issue 5): the shared model of a money
 * movement, used by payment screening, the store and fund tracing.
 *
 * Accounts are canonical strings: a bank account "0001-001-1-1234567" (from
 * mm_norm_bank_account) or a crypto address "eth:0x…" (mm_norm_crypto).
 */
#ifndef MAMORU_PAYMENT_H
#define MAMORU_PAYMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mamoru/core.h"
#include "mamoru/intel.h"

typedef enum mm_pay_type {
    MM_PAY_TRANSFER = 0,
    MM_PAY_ATM_WITHDRAWAL,
    MM_PAY_ATM_TRANSFER,
    MM_PAY_IB_LOGIN,
    MM_PAY_IB_LIMIT_CHANGE,
    MM_PAY_EMONEY_PURCHASE,
    MM_PAY_CODE_PAYMENT,
    MM_PAY_CRYPTO_SEND,
    MM_PAY_CRYPTO_RECEIVE,
    MM_PAY__COUNT
} mm_pay_type;

const char *mm_pay_type_name(mm_pay_type t);
mm_status mm_pay_type_parse(const char *name, mm_pay_type *out, mm_error *err);

typedef struct mm_party {
    const char *account;     /* canonical account or crypto address, may be NULL */
    const char *name;        /* holder / requester name as given, may be NULL */
    int age;                 /* 0 = unknown */
    const char *customer_id; /* may be NULL */
} mm_party;

#define MM_PAY_MAX_FLAGS 8

typedef struct mm_payment {
    const char *id;  /* caller's event id, unique */
    mm_pay_type type;
    int64_t time;    /* unix seconds */
    int64_t amount;  /* yen */
    mm_party from, to;
    const char *channel; /* "atm", "ib", "branch", "store", "app", or NULL */
    const char *flags[MM_PAY_MAX_FLAGS]; /* e.g. "on_phone_call" */
    int nflags;
    const char *requester; /* 振込依頼人名 typed for this transfer when it differs from
                              from.name (exchange deposits), or NULL */
    const char *session;   /* ATM session, store visit (POS basket) or IB session id, or NULL */
} mm_payment;

/* Does p carry flag (exact match)? */
bool mm_payment_has_flag(const mm_payment *p, const char *flag);

/* Canonical account from any common writing: a crypto address (with or
 * without "btc:"/"eth:"/"tron:") → mm_norm_crypto, anything else →
 * mm_norm_bank_account ("0001-001-1-1234567", "0001 001 普通 1234567",
 * ゆうちょ 記号-番号). *kind is MM_KIND_BANK_ACCOUNT or MM_KIND_CRYPTO_ADDRESS;
 * *out is an arena string. codes may be NULL. MM_EINVAL names field
 * "account". (src/norm/account.c) */
mm_status mm_norm_account(const char *in, const mm_zengin *codes, mm_arena *a, const char **out,
                          mm_kind *kind, mm_error *err);
/* A holder or requester name in the form bank-account holders are
 * normalised to (NFKC, half-width kana → full-width, small kana → full
 * size, カ)/ユ)/ド) prefixes): "ｶ)ﾔﾏﾀﾞ" and "株式会社やまだ" agree. The
 * keyed holder_hash of an indicator is the HMAC of this form. */
mm_status mm_norm_holder(const char *name, mm_arena *a, const char **out, mm_error *err);

/* Store side (src/intel/store_payments.c, issue 5):
 * add events in one transaction (per-event codes/errors as in
 * mm_store_report_batch), and walk every stored transfer in time order.
 *
 * add_batch: accounts are re-normalised (any writing is accepted; a bad
 * one → codes[i] = MM_EINVAL, field "from.account"/"to.account"); an id
 * already stored → MM_EEXIST (re-sending a batch is harmless). Names,
 * requester and customer ids are kept only as keyed hashes (HMAC under
 * the store key), ages and flags in clear.
 *
 * scan: every stored event with time >= since that moves money (every
 * type but ib_login and ib_limit_change), in (time, insertion) order.
 * from.account or to.account is NULL where the event has none (an ATM
 * withdrawal leaves as cash: to.account NULL). The mm_payment and its strings are valid only during
 * the callback; name and requester are NULL, customer_id is its keyed
 * hash. Edges from the frozen-account notices (an upstream account that
 * sent money into a frozen one) come as transfers with the flag
 * "dic_upstream" (amount 0 when the notice gives none). */
mm_status mm_store_payment_add_batch(mm_store *s, const mm_payment *p, size_t n,
                                     mm_status *codes, mm_error *errs, mm_error *err);
typedef int (*mm_payment_cb)(void *ctx, const mm_payment *p); /* non-zero stops */
mm_status mm_store_payment_scan(mm_store *s, int64_t since, mm_payment_cb cb, void *ctx,
                                mm_error *err);

/* Every money-moving event recorded after insertion sequence `after`, in
 * the order recorded (src/intel/store_trace.c; the fund tracer's refresh
 * catches events recorded late with an older time this way). Strings as in
 * mm_store_payment_scan, only id, type, time, amount, accounts, channel and
 * flags filled. *last is raised to the highest sequence seen (may be NULL). */
mm_status mm_store_payment_scan_seq(mm_store *s, int64_t after, mm_payment_cb cb, void *ctx,
                                    int64_t *last, mm_error *err);

/* What the store knows about one canonical account's money since a time
 * (for GET /v1/accounts/{id}/risk). */
typedef struct mm_account_activity {
    int64_t in_count, in_amount, in_counterparties;    /* distinct senders */
    int64_t out_count, out_amount, out_counterparties; /* distinct payees */
    int64_t first_seen, last_seen;                     /* 0 when never seen */
} mm_account_activity;
mm_status mm_store_payment_account(mm_store *s, const char *account, int64_t since,
                                   mm_account_activity *out, mm_error *err);

/* Does name match the holder kept (as a keyed hash) for the listed bank
 * account? *known = false when the account is not listed or has no
 * holder on file; otherwise *match says whether the holder-normalised
 * name hashes to it (src/intel/store_payments.c). */
mm_status mm_store_holder_check(mm_store *s, const char *account, const char *name, bool *known,
                                bool *match, mm_error *err);

/* Frozen-account notices already applied (src/intel/store_dic.c): was
 * (record_no, notice) recorded before? And record it (after applying). */
mm_status mm_store_dic_seen(mm_store *s, const char *record_no, const char *notice, bool *seen,
                            mm_error *err);
mm_status mm_store_dic_record(mm_store *s, const char *record_no, const char *notice,
                              const char *account, int64_t amount, int64_t suspended,
                              int64_t published, int64_t indicator_id, mm_error *err);

#endif
