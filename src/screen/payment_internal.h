/*
 * payment_internal.h — what the payment screening files share: the parsed
 * rules (payment_rules.c), the per-account state's slot layout
 * (payment_state.c) and the screening steps (payment_screen.c).
 *
 * Not a public header: nothing outside src/screen/payment_*.c includes it.
 */
#ifndef MAMORU_SCREEN_PAYMENT_INTERNAL_H
#define MAMORU_SCREEN_PAYMENT_INTERNAL_H

#include <stdint.h>

#include "mamoru/screen_payment.h"

/* ---- rules ------------------------------------------------------------------- */

enum pay_rule {
    R_ACCOUNT_FROZEN,
    R_ACCOUNT_LISTED,
    R_PAYER_LISTED,
    R_PAYEE_NAME_MISMATCH,
    R_ELDERLY_LARGE_TRANSFER,
    R_ELDERLY_NEW_PAYEE,
    R_FIRST_PAYEE_LARGE,
    R_IB_NEW_DEVICE_LARGE,
    R_IB_LIMIT_RAISED_LARGE,
    R_EXCHANGE_NAME_MISMATCH,
    R_EXCHANGE_DEPOSIT_ELDERLY,
    R_CRYPTO_FIRST_SEND_LARGE,
    R_ATM_ON_PHONE_CALL,
    R_ATM_REPEATED_LIMIT,
    R_EMONEY_HIGH_VALUE,
    R_EMONEY_BULK,
    R_EMONEY_ELDERLY,
    R_MULE_PASS_THROUGH,
    R_MULE_YOUNG_ACCOUNT,
    R_PAYEE_MULE_PATTERN,
    R_PAYEE_VELOCITY,
    R_AMOUNT_VELOCITY,
    R_FOREIGN_REMITTANCE,
    R__COUNT
};

/* Parameters a rule may carry; -1 = not given. */
enum pay_param {
    P_MIN_AGE,
    P_MIN_AMOUNT,
    P_WINDOW,
    P_MIN_COUNT,
    P_MIN_SENDERS,
    P_PASS_PCT,
    P_MAX_DWELL,
    P_YOUNG_DAYS,
    P_REPORTED_WEIGHT,
    P__COUNT
};

typedef struct pay_rule_def {
    bool on;
    int weight;
    int64_t p[P__COUNT];
    const char *code;     /* static */
    const char *category; /* NULL = none (from the indicator for ACCOUNT_LISTED) */
    const char *audience; /* "clerk" / "customer" */
    const char *ja, *en;
} pay_rule_def;

typedef struct pay_exchange {
    uint64_t key; /* account hash */
    const char *name;
    const char *holder;
} pay_exchange;

struct mm_payment_rules {
    pay_rule_def r[R__COUNT];
    pay_exchange *ex; /* sorted by key */
    size_t nex;
    char *strings; /* one block holding every copied string */
};

/* Code name of a rule ("ACCOUNT_FROZEN"). */
const char *pay_rule_code(enum pay_rule r);

/* ---- state ------------------------------------------------------------------- */

#define PAY_RING 8   /* recent inflows / outflows kept per account */
#define PAY_PAYEES 8 /* distinct recent payees kept per account */
#define PAY_WAYS 8   /* slots per bucket */

typedef struct pay_flow {
    uint32_t t;      /* unix seconds */
    uint32_t peer;   /* low 32 bits of the counterparty's key (0 = none, e.g. cash) */
    uint32_t amount; /* yen, saturated at UINT32_MAX */
} pay_flow;

typedef struct pay_slot {
    uint64_t key; /* hash of the account / session / customer; 0 = empty */
    uint32_t first_seen, last_seen;
    uint64_t holder_raw;  /* hash of the holder name as last written, 0 unknown */
    uint64_t holder_norm; /* hash of its normalised form, 0 unknown */
    uint32_t ib_new_device_t, ib_limit_t;
    uint8_t in_head, in_n, out_head, out_n, payee_head, payee_n;
    pay_flow in[PAY_RING], out[PAY_RING];
    uint32_t payees[PAY_PAYEES];
} pay_slot;

struct mm_pay_state {
    pay_slot *slots;
    size_t nbuckets; /* power of two; slots = nbuckets * PAY_WAYS */
    size_t used;
    uint64_t evictions;
};

/* Key of a canonical account (or "s:"/"c:"-prefixed session and customer
 * ids); never 0. */
uint64_t pay_key(const char *s);
uint64_t pay_key_ns(char ns, const char *s);
/* The slot of key, or NULL. */
pay_slot *pay_state_find(const mm_pay_state *s, uint64_t key);
/* The slot of key, created (evicting the least recently seen of its
 * bucket when full) when absent; *fresh set when created. */
pay_slot *pay_state_get(mm_pay_state *s, uint64_t key, uint32_t now, bool *fresh);
void pay_flow_push(pay_flow *ring, uint8_t *head, uint8_t *n, uint32_t t, uint32_t peer,
                   int64_t amount);
bool pay_payee_known(const pay_slot *a, uint32_t peer);
void pay_payee_add(pay_slot *a, uint32_t peer);

/* Sums over a ring within [now - window, now]. */
typedef struct pay_window {
    int count;
    int64_t amount;
    int distinct; /* distinct peers */
    uint32_t first_t, last_t;
} pay_window;
void pay_window_sum(const pay_flow *ring, uint8_t n, uint32_t now, int64_t window, pay_window *out);
/* The window both rings still cover: a full ring has forgotten what came
 * before its oldest entry, so comparing in- and outflows over `window`
 * must start no earlier than that (else a busy account's outflows look
 * larger than its remembered inflows). Returns the usable window length. */
int64_t pay_common_window(const pay_slot *a, uint32_t now, int64_t window);

#endif
