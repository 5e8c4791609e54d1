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
} mm_payment;

/* Store side (src/intel/store_payments.c, issue 5):
 * add events in one transaction (per-event codes/errors as in
 * mm_store_report_batch), and walk every stored transfer in time order. */
mm_status mm_store_payment_add_batch(mm_store *s, const mm_payment *p, size_t n,
                                     mm_status *codes, mm_error *errs, mm_error *err);
typedef int (*mm_payment_cb)(void *ctx, const mm_payment *p); /* non-zero stops */
mm_status mm_store_payment_scan(mm_store *s, int64_t since, mm_payment_cb cb, void *ctx,
                                mm_error *err);

#endif
