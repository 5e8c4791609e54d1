/*
 * kind.c — one entry point that normalises a value of any indicator kind.
 *
 * The store, the API and the CLI all take (kind, raw value) pairs; this
 * dispatcher keeps the per-kind choice of canonical form, safe display form
 * and reportable details in one place, so they cannot drift apart.
 */
#include <stdio.h>
#include <string.h>

#include "mamoru/norm.h"

static void detail(mm_norm_result *r, const char *key, const char *value)
{
    if (value == NULL || r->ndetails >= (int)(sizeof r->details / sizeof r->details[0]))
        return;
    r->details[r->ndetails].key = key;
    r->details[r->ndetails].value = value;
    r->ndetails++;
}

/* "ab…" style mask for personal values: first character, then an ellipsis. */
static const char *mask_first(const char *s, mm_arena *a)
{
    size_t n = 1;
    while (s[n] != '\0' && ((unsigned char)s[n] & 0xC0) == 0x80)
        n++;
    return mm_arena_printf(a, "%.*s…", (int)n, s);
}

static mm_status norm_phone(const char *v, mm_arena *a, mm_norm_result *r, mm_error *err)
{
    mm_phone p;
    mm_status st = mm_norm_phone(v, &p, err);
    if (st != MM_OK)
        return st;
    r->canonical = r->display = mm_arena_strdup(a, p.e164);
    detail(r, "e164", r->canonical);
    if (p.national[0])
        detail(r, "national", mm_arena_strdup(a, p.national));
    detail(r, "country_code", mm_arena_printf(a, "%d", p.country_code));
    detail(r, "class", mm_phone_class_name(p.cls));
    detail(r, "ends_0110", p.ends_0110 ? "true" : "false");
    return MM_OK;
}

static mm_status norm_url(const char *v, mm_arena *a, mm_norm_result *r, mm_error *err)
{
    mm_url u;
    mm_status st = mm_norm_url(v, a, &u, err);
    if (st != MM_OK)
        return st;
    r->canonical = r->display = u.canonical;
    detail(r, "scheme", u.scheme);
    detail(r, "host", u.host);
    detail(r, "path", u.path);
    detail(r, "query", u.query);
    if (u.port)
        detail(r, "port", mm_arena_printf(a, "%d", u.port));
    detail(r, "host_is_ip", u.host_is_ip ? "true" : "false");
    if (!u.host_is_ip) {
        mm_domain d;
        if (mm_norm_domain(u.host, a, &d, NULL) == MM_OK)
            detail(r, "registrable", d.registrable);
    }
    return MM_OK;
}

static mm_status norm_domain(const char *v, mm_arena *a, mm_norm_result *r, mm_error *err)
{
    mm_domain d;
    mm_status st = mm_norm_domain(v, a, &d, err);
    if (st != MM_OK)
        return st;
    r->canonical = r->display = d.ascii;
    detail(r, "unicode", d.unicode);
    detail(r, "registrable", d.registrable);
    detail(r, "suffix", d.suffix);
    detail(r, "is_idn", d.is_idn ? "true" : "false");
    return MM_OK;
}

static mm_status norm_bank(const char *v, const mm_zengin *codes, mm_arena *a, mm_norm_result *r,
                           mm_error *err)
{
    mm_bank_account b;
    mm_status st = mm_norm_bank_account(v, codes, a, &b, err);
    if (st != MM_OK)
        return st;
    r->canonical = r->display = mm_arena_strdup(a, b.canonical);
    detail(r, "bank", mm_arena_strdup(a, b.bank));
    detail(r, "branch", mm_arena_strdup(a, b.branch));
    detail(r, "type", mm_arena_printf(a, "%d", b.type));
    detail(r, "number", mm_arena_strdup(a, b.number));
    detail(r, "holder", b.holder);
    detail(r, "bank_name", b.bank_name);
    detail(r, "branch_name", b.branch_name);
    return MM_OK;
}

static mm_status norm_crypto(const char *v, mm_arena *a, mm_norm_result *r, mm_error *err)
{
    mm_crypto c;
    mm_status st = mm_norm_crypto(v, &c, err);
    if (st != MM_OK)
        return st;
    r->canonical = r->display = mm_arena_strdup(a, c.canonical);
    detail(r, "chain", mm_chain_name(c.chain));
    detail(r, "format", c.format);
    return MM_OK;
}

static mm_status norm_card(const char *v, mm_arena *a, mm_norm_result *r, mm_error *err)
{
    mm_card c;
    mm_status st = mm_norm_card(v, &c, err);
    if (st != MM_OK)
        return st;
    r->canonical = mm_arena_strdup(a, c.digits);
    r->display = mm_arena_printf(a, "****%s", c.last4);
    detail(r, "last4", mm_arena_strdup(a, c.last4));
    detail(r, "brand", c.brand);
    return MM_OK;
}

static mm_status norm_email(const char *v, mm_arena *a, mm_norm_result *r, mm_error *err)
{
    mm_email e;
    mm_status st = mm_norm_email(v, a, &e, err);
    if (st != MM_OK)
        return st;
    r->canonical = r->display = e.canonical;
    detail(r, "local", e.local);
    detail(r, "domain", e.domain);
    detail(r, "registrable", e.registrable);
    return MM_OK;
}

/* identity: "name|birth date|document number|…" — each field NFKC'd (the
 * first as a person name), empty fields dropped. */
static mm_status norm_identity(const char *v, mm_arena *a, mm_norm_result *r, mm_error *err)
{
    mm_buf out = {0};
    const char *p = v;
    int field = 0;
    mm_status st = MM_OK;
    while (st == MM_OK) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        char *f = NULL;
        if (field == 0) {
            char *raw = mm_arena_strndup(a, p, n);
            st = mm_norm_person_name(raw, a, &f, err);
        } else {
            st = mm_norm_nfkc(p, n, a, &f, err);
        }
        if (st == MM_OK && f[0] != '\0') {
            if (out.len)
                mm_buf_putc(&out, '|');
            mm_buf_puts(&out, f);
        }
        field++;
        if (!bar)
            break;
        p = bar + 1;
    }
    if (st == MM_OK && out.len == 0)
        st = mm_error_set(err, MM_EINVAL, "value", "identity '%.60s' has no fields", v);
    if (st == MM_OK) {
        r->canonical = mm_arena_strdup(a, out.data);
        r->display = mask_first(r->canonical, a);
    } else if (err && err->field[0] == '\0') {
        snprintf(err->field, sizeof err->field, "value");
    }
    mm_buf_free(&out);
    return st;
}

static mm_status norm_string_kind(mm_kind kind, const char *v, mm_arena *a, mm_norm_result *r,
                                  mm_error *err)
{
    char *out = NULL;
    mm_status st;
    switch (kind) {
    case MM_KIND_SNS_ACCOUNT: st = mm_norm_sns_account(v, a, &out, err); break;
    case MM_KIND_POSTAL_ADDRESS: st = mm_norm_postal_address(v, a, &out, err); break;
    case MM_KIND_BUSINESS: st = mm_norm_company_name(v, a, &out, err); break;
    default: st = mm_norm_ip(v, a, &out, err); break;
    }
    if (st != MM_OK)
        return st;
    r->canonical = out;
    r->display = kind == MM_KIND_POSTAL_ADDRESS ? mask_first(out, a) : out;
    return MM_OK;
}

mm_status mm_norm_value(mm_kind kind, const char *value, const mm_zengin *codes, mm_arena *a,
                        mm_norm_result *out, mm_error *err)
{
    memset(out, 0, sizeof *out);
    if (value == NULL || value[0] == '\0')
        return mm_error_set(err, MM_EINVAL, "value", "value is empty");
    if (strlen(value) > 8192)
        return mm_error_set(err, MM_EINVAL, "value", "value is longer than 8192 bytes");
    switch (kind) {
    case MM_KIND_PHONE: return norm_phone(value, a, out, err);
    case MM_KIND_URL: return norm_url(value, a, out, err);
    case MM_KIND_DOMAIN: return norm_domain(value, a, out, err);
    case MM_KIND_BANK_ACCOUNT: return norm_bank(value, codes, a, out, err);
    case MM_KIND_CRYPTO_ADDRESS: return norm_crypto(value, a, out, err);
    case MM_KIND_CARD: return norm_card(value, a, out, err);
    case MM_KIND_EMAIL: return norm_email(value, a, out, err);
    case MM_KIND_IDENTITY: return norm_identity(value, a, out, err);
    case MM_KIND_IP:
    case MM_KIND_SNS_ACCOUNT:
    case MM_KIND_POSTAL_ADDRESS:
    case MM_KIND_BUSINESS: return norm_string_kind(kind, value, a, out, err);
    default: return mm_error_set(err, MM_EINVAL, "kind", "unknown kind %d", (int)kind);
    }
}
