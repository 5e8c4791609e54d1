/*
 * norm.h — normalisers: turn the many ways people write a phone number, an
 * account, a URL or a name into one canonical form, or say precisely what is
 * wrong with the input.
 *
 * Pure code: no file, network or clock access. Data that comes from files
 * (the Zengin bank list) is parsed by the caller and passed in. Outputs that
 * need memory are allocated from the caller's arena; nothing here needs to
 * be freed individually. Every function fills err (field + offending value)
 * on failure and returns a negative mm_status.
 */
#ifndef MAMORU_NORM_H
#define MAMORU_NORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mamoru/core.h"

/* ---- text (src/norm/text.c) ------------------------------------------ */

/* Normalised text with a map back to the input. offmap[i] is the byte
 * offset in the original input of the character that produced output byte
 * i; offmap[len] is the input length. So an output span [a,b) comes from
 * input bytes [offmap[a], offmap[b]) — wide enough to highlight. */
typedef struct mm_text {
    char *text; /* NUL-terminated UTF-8 */
    size_t len;
    uint32_t *offmap; /* len + 1 entries */
} mm_text;

/* Check that s[0..len) is valid UTF-8 (no overlongs, surrogates or values
 * above U+10FFFF). On failure the message names the byte offset. */
mm_status mm_utf8_validate(const char *s, size_t len, mm_error *err);

/* Write code point cp (≤ U+10FFFF, the caller's to check) as UTF-8 into
 * o[0..4); returns the bytes written (1–4). */
size_t mm_utf8_put(uint32_t cp, char *o);

/* The length (1–4) of the UTF-8 sequence that lead byte b starts; 1 for
 * a continuation byte, so a loop over broken input still advances. */
static inline size_t mm_utf8_len(unsigned char b)
{
    return b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

/* Read the code point at s[i] of VALID UTF-8 (mm_utf8_validate'd input, or
 * text the normalisers wrote) into *c; returns its length (1–4). Inline:
 * the normalisers and the phrase matcher call it per character. */
static inline size_t mm_utf8_get(const unsigned char *s, size_t i, int32_t *c)
{
    unsigned b = s[i];
    if (b < 0x80) {
        *c = (int32_t)b;
        return 1;
    }
    if (b < 0xE0) {
        *c = (int32_t)(((b & 0x1F) << 6) | (s[i + 1] & 0x3F));
        return 2;
    }
    if (b < 0xF0) {
        *c = (int32_t)(((b & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F));
        return 3;
    }
    *c = (int32_t)(((b & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12) | ((s[i + 2] & 0x3F) << 6) |
                   (s[i + 3] & 0x3F));
    return 4;
}

/* Full text normalisation for matching: validate UTF-8; NFKC; case fold;
 * hiragana → katakana; drop zero-width, bidi-control and other control /
 * format characters (newline and tab become a space); unify dash and
 * long-vowel variants to 'ー' between kana and to '-' elsewhere; collapse
 * runs of white space; remove separators (spaces, '・', '.', '_', '/')
 * inserted between single characters ("ホ ワ イ ト" → "ホワイト"). */
mm_status mm_norm_text(const char *in, size_t len, mm_arena *a, mm_text *out, mm_error *err);

/* mm_norm_text for text the caller has just checked with mm_utf8_validate:
 * skips the second validation pass (the message screener validates the
 * subject and body separately, to name the field at fault). */
mm_status mm_norm_text_valid(const char *in, size_t len, mm_arena *a, mm_text *out, mm_error *err);

/* Lighter variant used for names and addresses: validate, NFKC, drop
 * control/format characters, collapse white space, trim. No case fold, no
 * kana folding. Returns an arena string. */
mm_status mm_norm_nfkc(const char *in, size_t len, mm_arena *a, char **out, mm_error *err);

/* Fold a (NFKC-normalised) string's hiragana to katakana, small kana to
 * full-size (ャ→ヤ, ッ→ツ) when fold_small is true. Arena result. */
char *mm_kana_fold(const char *in, bool fold_small, mm_arena *a);

/* ---- phone (src/norm/phone.c) ---------------------------------------- */

typedef enum mm_phone_class {
    MM_PHONE_MOBILE = 0,    /* 090/080/070/060 */
    MM_PHONE_GEOGRAPHIC,    /* 0 + area code */
    MM_PHONE_IP_PHONE,      /* 050 */
    MM_PHONE_TOLL_FREE,     /* 0120, 0800 (and +800 abroad) */
    MM_PHONE_NAVI_DIAL,     /* 0570 */
    MM_PHONE_M2M,           /* 020 */
    MM_PHONE_INTERNATIONAL, /* any country code other than 81 */
    MM_PHONE_PREMIUM,       /* 0990 (dial Q2) and similar caller-pays */
    MM_PHONE_INVALID        /* well formed but unassigned (e.g. 080-0…, +801…, +89…) */
} mm_phone_class;

typedef struct mm_phone {
    char e164[20];     /* "+819012345678" (always '+' then ≤15 digits) */
    char national[24]; /* "09012345678" for +81; "" for foreign numbers */
    int country_code;  /* 81, 1, 44, ... */
    mm_phone_class cls;
    bool ends_0110; /* subscriber part ends in 0110 (police-station lines) */
} mm_phone;

/* Parse any common writing: 090-1234-5678, full-width digits, +81 90…,
 * 0081…, (03)1234-5678, 0120-…, carrier prefixes 0033-010-…, 001-010-…,
 * 010-1-…, "tel:" URIs. Letters, too few or too many digits → MM_EINVAL. */
mm_status mm_norm_phone(const char *in, mm_phone *out, mm_error *err);
/* "mobile", "geographic", "ip_phone", "toll_free", "navi_dial", "m2m",
 * "international", "premium", "invalid". */
const char *mm_phone_class_name(mm_phone_class c);

/* ---- bank account (src/norm/bank.c) ---------------------------------- */

/* Bank and branch code list (Zengin). Built by the caller from the text of
 * ../shared/data/zengin-code/banks.tsv and branches_all.tsv; the strings
 * are copied. NULL means "do not check codes". */
typedef struct mm_zengin mm_zengin;
mm_status mm_zengin_parse(const char *banks_tsv, size_t banks_len, const char *branches_tsv,
                          size_t branches_len, mm_zengin **out, mm_error *err);
void mm_zengin_free(mm_zengin *z);
/* Names for display; NULL when unknown. */
const char *mm_zengin_bank_name(const mm_zengin *z, const char *bank4);
const char *mm_zengin_branch_name(const mm_zengin *z, const char *bank4, const char *branch3);
/* Every branch in code order: the i-th (0 ≤ i < count) fills bank4 and
 * branch3 and returns its name; NULL past the end. */
size_t mm_zengin_branch_count(const mm_zengin *z);
const char *mm_zengin_branch_at(const mm_zengin *z, size_t i, char bank4[5], char branch3[4]);

typedef struct mm_bank_account {
    char bank[5];            /* "0001" */
    char branch[4];          /* "001" */
    int type;                /* 1 普通, 2 当座, 4 貯蓄, 9 その他 */
    char number[8];          /* "1234567", zero-padded */
    char canonical[20];      /* "0001-001-1-1234567" */
    char *holder;            /* normalised half-width-free kana name, or NULL */
    const char *bank_name;   /* from the code list, or NULL */
    const char *branch_name; /* from the code list, or NULL */
} mm_bank_account;

/* Parse "0001-001-1-1234567", "0001 001 普通 1234567 ﾔﾏﾀﾞ ﾀﾛｳ",
 * "bank=0001 branch=001 type=当座 number=123 holder=カ）テスト", and ゆうちょ
 * 記号-番号 ("12345-12345671" → 9900 branch 238 …). Holder names are NFKC'd,
 * hiragana → katakana, small kana → full size, entity abbreviations unified
 * (ｶ) / カ） / (株) → "カ)"), spaces collapsed. codes may be NULL. */
mm_status mm_norm_bank_account(const char *in, const mm_zengin *codes, mm_arena *a,
                               mm_bank_account *out, mm_error *err);

/* ---- URL and domain (src/norm/url.c, domain.c) ------------------------ */

typedef struct mm_url {
    char *canonical; /* Safe Browsing canonical URL, "http://host/path?query" */
    char *scheme;    /* lower case */
    char *host;      /* canonical host: lower-case ASCII (punycode) or dotted IPv4 */
    int port;        /* explicit port or 0 */
    char *path;      /* canonical path, starts with '/' */
    char *query;     /* without '?', NULL when absent */
    bool host_is_ip;
} mm_url;

/* Google Safe Browsing canonicalisation: trim, strip tab/CR/LF, add
 * "http://" when no scheme, drop fragment, repeatedly percent-unescape,
 * host: trim dots, collapse dots, lower case, IDN → punycode, IPv4 in
 * decimal/octal/hex/short forms → dotted quad; path: resolve "." and "..",
 * collapse "//"; re-escape bytes <= 0x20, >= 0x7f, '#' and '%'. */
mm_status mm_norm_url(const char *in, mm_arena *a, mm_url *out, mm_error *err);

/* The Safe Browsing host-suffix × path-prefix lookup expressions (at most
 * 5 hosts × 6 paths = 30), e.g. "a.b.c/1/2.html?param=1", "b.c/1/".
 * Returns the count; *out is an arena array of arena strings. */
size_t mm_url_expressions(const mm_url *u, mm_arena *a, char ***out);

typedef struct mm_domain {
    char *ascii;       /* lower-case A-label form, no trailing dot: "xn--eckwd4c7c.xn--zckzah" */
    char *unicode;     /* U-label form for display */
    char *registrable; /* eTLD+1 via the Public Suffix List; NULL if the name is a suffix */
    char *suffix;      /* public suffix: "co.jp" */
    bool is_idn;
} mm_domain;

/* Validate and normalise a host name (IDNA2008 via libidn2 with UTS#46
 * mapping; labels ≤ 63, name ≤ 253, LDH after mapping). */
mm_status mm_norm_domain(const char *in, mm_arena *a, mm_domain *out, mm_error *err);

/* Is host a Japanese local government's own geographic-type domain
 * (pref.<prefecture>.jp, metro.tokyo.jp, city|town|vill.<name>.<prefecture>.jp,
 * city.<designated city>.jp)? Lower-case ASCII host. */
bool mm_jp_local_government(const char *host);
/* Is suffix one of the .jp second-level names JPRS registers only to public
 * bodies, one per organisation on proof: go.jp and lg.jp (ministries,
 * agencies, local governments), ac.jp / ed.jp (schools, universities),
 * or.jp (registered non-profit bodies)? */
bool mm_jp_restricted_suffix(const char *suffix);
/* Is suffix a public suffix of the PSL's ICANN section ("co.jp", "de"), as
 * opposed to its private section ("verse.jp", "github.io"), where anyone can
 * register a name? A name the list does not hold ("www") is not. */
bool mm_norm_suffix_is_icann(const char *suffix);

/* IPv4 / IPv6 literal → canonical text (inet_ntop form). */
mm_status mm_norm_ip(const char *in, mm_arena *a, char **out, mm_error *err);

/* ---- e-mail (src/norm/email.c) ---------------------------------------- */

typedef struct mm_email {
    char *canonical; /* local@ascii-domain, lower-cased domain; local part kept except case fold */
    char *local;
    char *domain;      /* ascii */
    char *registrable; /* eTLD+1 of the domain */
} mm_email;

mm_status mm_norm_email(const char *in, mm_arena *a, mm_email *out, mm_error *err);

/* ---- crypto addresses (src/norm/crypto.c) ----------------------------- */

typedef enum mm_chain { MM_CHAIN_BTC = 0, MM_CHAIN_ETH, MM_CHAIN_TRON } mm_chain;

typedef struct mm_crypto {
    mm_chain chain;
    char canonical[100]; /* "btc:bc1q…" lower-case bech32, "btc:1…" base58 as is,
                            "eth:0x…" EIP-55 checksummed, "tron:T…" */
    const char *format;  /* "p2pkh", "p2sh", "bech32", "bech32m", "eip55", "base58check" */
} mm_crypto;

/* Validates checksums: base58check (BTC, TRON), bech32/bech32m (BIP-173/350),
 * EIP-55 (mixed-case ETH addresses must carry a correct checksum; all-lower
 * or all-upper are accepted). An optional "btc:"/"eth:"/"tron:" prefix is allowed. */
mm_status mm_norm_crypto(const char *in, mm_crypto *out, mm_error *err);
const char *mm_chain_name(mm_chain c);

/* ---- payment card (src/norm/card.c) ----------------------------------- */

typedef struct mm_card {
    char digits[20]; /* PAN digits only — caller must not store this */
    char last4[5];
    const char *brand; /* "visa", "mastercard", "jcb", "amex", "diners", "unionpay", "discover",
                          "unknown" */
} mm_card;

/* 12–19 digits, spaces/dashes allowed, Luhn-checked. */
mm_status mm_norm_card(const char *in, mm_card *out, mm_error *err);

/* ---- names and addresses (src/norm/name.c, address.c) ---------------- */

/* Person name: NFKC, collapse spaces, kana folding (hiragana → katakana),
 * strip honorifics (様, さん, 殿). */
mm_status mm_norm_person_name(const char *in, mm_arena *a, char **out, mm_error *err);
/* Company name: as person names, and 株式会社 / (株) / ㈱ / ｶ) / カ) →
 * "カ)", 有限会社 → "ユ)", 合同会社 → "ド)", placed as a prefix whether
 * written before or after the name ("テスト(株)" and "株式会社テスト" both →
 * "カ)テスト"). */
mm_status mm_norm_company_name(const char *in, mm_arena *a, char **out, mm_error *err);
/* Japanese postal address: NFKC (full-width digits), 〒 and postcode
 * "123-4567" kept as "〒1234567 " prefix, kanji numerals in block numbers
 * → digits, "1丁目2番地3号" / "1丁目2番3号" / "1-2-3" → "1-2-3", spaces
 * removed, 大字/字 dropped. */
mm_status mm_norm_postal_address(const char *in, mm_arena *a, char **out, mm_error *err);

/* SNS account: "line:ID", "telegram:@name", "signal:…", "x:@name",
 * "instagram:name", "facebook:…", "whatsapp:+81…". Platform lower case;
 * id case-folded for platforms whose ids are case-insensitive. */
mm_status mm_norm_sns_account(const char *in, mm_arena *a, char **out, mm_error *err);

/* ---- dispatch (src/norm/kind.c) ---------------------------------------- */

/* One detail of a normalisation, for `mamoru norm --json` and the API. */
typedef struct mm_norm_detail {
    const char *key;
    const char *value; /* string form; numbers and booleans as text */
} mm_norm_detail;

typedef struct mm_norm_result {
    const char *canonical; /* the value stored / hashed for this kind */
    const char *display;   /* safe to show: masked for personal data (e.g. card "****1234") */
    mm_norm_detail details[16];
    int ndetails;
} mm_norm_result;

/* Normalise value as kind. codes (Zengin list) may be NULL. Canonical forms:
 * phone → E.164; url → canonical URL; domain → ascii; ip → inet_ntop;
 * bank_account → "0001-001-1-1234567"; crypto → "chain:address"; card → PAN
 * digits (callers hash it); email → canonical; sns_account → "platform:id";
 * identity → NFKC'd name/fields joined by '|'; postal_address → normalised
 * address; business → company name form. */
mm_status mm_norm_value(mm_kind kind, const char *value, const mm_zengin *codes, mm_arena *a,
                        mm_norm_result *out, mm_error *err);

#endif
