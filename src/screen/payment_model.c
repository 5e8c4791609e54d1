/*
 * payment_model.c — the names of payment event types and flags: the
 * stable strings of the JSON API, the CLI and the store's CHECKs.
 *
 * Pure and tiny on purpose: the store, screening, the importers and the
 * fund tracer all need these and nothing else from src/screen.
 */
#include <string.h>

#include "mamoru/payment.h"

static const char *const type_names[MM_PAY__COUNT] = {
    [MM_PAY_TRANSFER] = "transfer",
    [MM_PAY_ATM_WITHDRAWAL] = "atm_withdrawal",
    [MM_PAY_ATM_TRANSFER] = "atm_transfer",
    [MM_PAY_IB_LOGIN] = "ib_login",
    [MM_PAY_IB_LIMIT_CHANGE] = "ib_limit_change",
    [MM_PAY_EMONEY_PURCHASE] = "emoney_purchase",
    [MM_PAY_CODE_PAYMENT] = "code_payment",
    [MM_PAY_CRYPTO_SEND] = "crypto_send",
    [MM_PAY_CRYPTO_RECEIVE] = "crypto_receive",
};

const char *mm_pay_type_name(mm_pay_type t)
{
    return (unsigned)t < MM_PAY__COUNT ? type_names[t] : NULL;
}

mm_status mm_pay_type_parse(const char *name, mm_pay_type *out, mm_error *err)
{
    for (int i = 0; name && i < MM_PAY__COUNT; i++)
        if (strcmp(name, type_names[i]) == 0) {
            *out = (mm_pay_type)i;
            return MM_OK;
        }
    return mm_error_set(err, MM_EINVAL, "type",
                        "'%.40s' is not a payment type (transfer, atm_withdrawal, atm_transfer, "
                        "ib_login, ib_limit_change, emoney_purchase, code_payment, crypto_send, "
                        "crypto_receive)",
                        name ? name : "");
}

bool mm_payment_has_flag(const mm_payment *p, const char *flag)
{
    for (int i = 0; i < p->nflags && i < MM_PAY_MAX_FLAGS; i++)
        if (p->flags[i] && strcmp(p->flags[i], flag) == 0)
            return true;
    return false;
}
