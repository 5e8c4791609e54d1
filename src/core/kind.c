/*
 * kind.c — names and properties of indicator kinds.
 *
 * The kind decides how a value is normalised, whether it is personal data
 * (stored only as a keyed hash) and whether its published hash must be keyed
 * because the value space is small enough to enumerate.
 */
#include <string.h>

#include "mamoru/core.h"

static const char *const kind_names[MM_KIND__COUNT] = {
    "phone", "url", "domain", "ip", "bank_account", "crypto_address", "card",
    "email", "sns_account", "identity", "postal_address", "business",
};

const char *mm_kind_name(mm_kind k)
{
    return (unsigned)k < MM_KIND__COUNT ? kind_names[k] : NULL;
}

mm_status mm_kind_parse(const char *name, mm_kind *out, mm_error *err)
{
    for (int i = 0; name && i < MM_KIND__COUNT; i++) {
        if (strcmp(name, kind_names[i]) == 0) {
            *out = (mm_kind)i;
            return MM_OK;
        }
    }
    return mm_error_set(err, MM_EINVAL, "kind",
                        "unknown kind '%.60s' (expected one of phone, url, domain, ip, "
                        "bank_account, crypto_address, card, email, sns_account, identity, "
                        "postal_address, business)",
                        name ? name : "");
}

int mm_kind_is_personal(mm_kind k)
{
    return k == MM_KIND_IDENTITY || k == MM_KIND_CARD || k == MM_KIND_POSTAL_ADDRESS;
}

int mm_kind_is_enumerable(mm_kind k)
{
    return k == MM_KIND_PHONE || k == MM_KIND_BANK_ACCOUNT || k == MM_KIND_CARD ||
           k == MM_KIND_IDENTITY || k == MM_KIND_POSTAL_ADDRESS || k == MM_KIND_EMAIL;
}
