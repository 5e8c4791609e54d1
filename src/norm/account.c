/*
 * account.c — one canonical form for "an account money moves through":
 * a Zengin bank account or a crypto address, whichever the text is.
 *
 * Payment events, Zengin files and frozen-account notices all name
 * accounts in many writings; the payment store, screening and the fund
 * tracer key everything on the canonical string, so they must agree on
 * one function. Crypto is tried first when the text looks like an address
 * (a chain prefix, "0x", a bech32 "bc1", a base58 first letter with no
 * kana or space), because a bank account is never written that way.
 */
#include <stdio.h>
#include <string.h>

#include "mamoru/payment.h"

/* Could in be a crypto address? Cheap shape test before the checksum. */
static bool looks_crypto(const char *in)
{
    while (*in == ' ')
        in++;
    if (strncmp(in, "btc:", 4) == 0 || strncmp(in, "eth:", 4) == 0 ||
        strncmp(in, "tron:", 5) == 0 || strncmp(in, "0x", 2) == 0 || strncmp(in, "0X", 2) == 0)
        return true;
    size_t n = strlen(in);
    while (n && in[n - 1] == ' ')
        n--;
    if (n < 25 || n > 90)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)in[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
            return false;
    }
    return true;
}

mm_status mm_norm_account(const char *in, const mm_zengin *codes, mm_arena *a, const char **out,
                          mm_kind *kind, mm_error *err)
{
    *out = NULL;
    if (in == NULL || in[0] == '\0')
        return mm_error_set(err, MM_EINVAL, "account", "no account given");
    if (looks_crypto(in)) {
        mm_crypto c;
        mm_status st = mm_norm_crypto(in, &c, err);
        if (st != MM_OK) {
            if (err)
                snprintf(err->field, sizeof err->field, "account");
            return st;
        }
        if ((*out = mm_arena_strdup(a, c.canonical)) == NULL)
            return mm_error_set(err, MM_ENOMEM, "account", "out of memory");
        *kind = MM_KIND_CRYPTO_ADDRESS;
        return MM_OK;
    }
    mm_bank_account b;
    mm_status st = mm_norm_bank_account(in, codes, a, &b, err);
    if (st != MM_OK) {
        if (err) /* the message says which part (bank code, branch, number) */
            snprintf(err->field, sizeof err->field, "account");
        return st;
    }
    if ((*out = mm_arena_strdup(a, b.canonical)) == NULL)
        return mm_error_set(err, MM_ENOMEM, "account", "out of memory");
    *kind = MM_KIND_BANK_ACCOUNT;
    return MM_OK;
}

mm_status mm_norm_holder(const char *name, mm_arena *a, const char **out, mm_error *err)
{
    *out = NULL;
    if (name == NULL || name[0] == '\0')
        return mm_error_set(err, MM_EINVAL, "name", "no name given");
    /* The bank normaliser owns the holder rules (kana folding, entity
     * prefixes); a fixed dummy account in front of the name reaches them. */
    char *line = mm_arena_printf(a, "0001-001-1-0000001 %s", name);
    if (line == NULL)
        return mm_error_set(err, MM_ENOMEM, "name", "out of memory");
    mm_bank_account b;
    mm_status st = mm_norm_bank_account(line, NULL, a, &b, err);
    if (st != MM_OK) {
        if (err)
            snprintf(err->field, sizeof err->field, "name");
        return st;
    }
    if (b.holder == NULL || b.holder[0] == '\0')
        return mm_error_set(err, MM_EINVAL, "name", "'%.80s' has no name characters", name);
    *out = b.holder;
    return MM_OK;
}
