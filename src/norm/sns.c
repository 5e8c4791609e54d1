/*
 * sns.c — SNS and messenger accounts as "platform:id".
 *
 * Fraud moves victims to LINE, Telegram, Signal or WhatsApp and recruits on
 * X and Instagram; reports name those accounts as "LINE: @abc", "telegram
 * @Name", "https://t.me/name" or "wa.me/8190…". One canonical string per
 * account lets reports from different organisations meet. Handles on every
 * supported platform are case-insensitive, so they are lower-cased; phone
 * style ids (WhatsApp, Signal) keep '+' and digits only. LINE keeps a
 * leading '@': "@abc" (official account) and "abc" (personal ID) are
 * different accounts. Invite links and QR tokens are not accounts and are
 * rejected (report them as URLs).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mamoru/norm.h"

typedef enum id_kind { ID_HANDLE, ID_LINE, ID_PHONE, ID_HANDLE_OR_PHONE } id_kind;

static const struct platform {
    const char *name;
    const char *alias;
    id_kind kind;
} platforms[] = {
    {"line", NULL, ID_LINE},
    {"telegram", "tg", ID_HANDLE},
    {"x", "twitter", ID_HANDLE},
    {"instagram", "ig", ID_HANDLE},
    {"facebook", "fb", ID_HANDLE},
    {"signal", NULL, ID_HANDLE_OR_PHONE},
    {"whatsapp", "wa", ID_PHONE},
    {"tiktok", NULL, ID_HANDLE},
    /* the messengers residents from China, Korea and Vietnam use */
    {"wechat", "wx", ID_HANDLE},
    {"kakaotalk", "kakao", ID_HANDLE},
    {"zalo", NULL, ID_HANDLE_OR_PHONE},
    {"viber", NULL, ID_PHONE},
};

/* Profile-URL hosts (after dropping www. / m. / mobile.) and their platform. */
static const struct host {
    const char *host;
    const char *platform;
} hosts[] = {
    {"line.me", "line"},
    {"t.me", "telegram"},
    {"telegram.me", "telegram"},
    {"telegram.dog", "telegram"},
    {"x.com", "x"},
    {"twitter.com", "x"},
    {"instagram.com", "instagram"},
    {"instagr.am", "instagram"},
    {"facebook.com", "facebook"},
    {"fb.com", "facebook"},
    {"wa.me", "whatsapp"},
    {"api.whatsapp.com", "whatsapp"},
    {"tiktok.com", "tiktok"},
};

/* First path segments that name a page, not an account. */
static const char *const reserved[] = {
    "i",        "home",   "intent", "share",  "search",   "hashtag",  "explore",
    "settings", "p",      "reel",   "reels",  "tv",       "accounts", "groups",
    "pages",    "events", "watch",  "sharer", "joinchat", "login",    "help",
};

#define COUNT(x) (sizeof(x) / sizeof((x)[0]))

static const struct platform *find_platform(const char *name, size_t len)
{
    for (size_t i = 0; i < COUNT(platforms); i++) {
        const struct platform *p = &platforms[i];
        if ((strlen(p->name) == len && strncasecmp(p->name, name, len) == 0) ||
            (p->alias && strlen(p->alias) == len && strncasecmp(p->alias, name, len) == 0))
            return p;
    }
    return NULL;
}

static bool is_reserved(const char *seg)
{
    for (size_t i = 0; i < COUNT(reserved); i++)
        if (strcasecmp(seg, reserved[i]) == 0)
            return true;
    return false;
}

static bool handle_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

/* Lower-case handle without '@' (LINE keeps it); NULL if a character is not
 * allowed in handles. */
static char *norm_handle(const char *id, bool keep_at, mm_arena *a)
{
    bool at = *id == '@';
    id += at;
    char *s = mm_arena_printf(a, "%s%s", at && keep_at ? "@" : "", id);
    if (s == NULL || *id == '\0' || strlen(id) > 64)
        return NULL;
    for (char *p = s + (at && keep_at); *p; p++) {
        if (*p >= 'A' && *p <= 'Z')
            *p += 'a' - 'A';
        if (!handle_char(*p))
            return NULL;
    }
    return s;
}

/* '+' (when given) and 6-15 digits; spaces, dashes, dots, parentheses
 * dropped. NULL if anything else appears. */
static char *norm_phone(const char *id, mm_arena *a)
{
    char *s = mm_arena_alloc(a, strlen(id) + 2);
    size_t n = 0, digits = 0;
    if (s == NULL)
        return NULL;
    if (*id == '+')
        s[n++] = *id++;
    for (; *id; id++) {
        if (*id >= '0' && *id <= '9')
            s[n++] = *id, digits++;
        else if (!strchr(" -.()", *id))
            return NULL;
    }
    s[n] = '\0';
    return digits >= 6 && digits <= 15 ? s : NULL;
}

static bool looks_like_phone(const char *id)
{
    return (*id == '+' || (*id >= '0' && *id <= '9')) &&
           strspn(id, "+0123456789 -.()") == strlen(id);
}

static char *norm_id(const struct platform *p, const char *id, mm_arena *a)
{
    switch (p->kind) {
    case ID_LINE: return norm_handle(id, true, a);
    case ID_PHONE: return norm_phone(id, a);
    case ID_HANDLE_OR_PHONE:
        return looks_like_phone(id) ? norm_phone(id, a) : norm_handle(id, false, a);
    default: return norm_handle(id, false, a);
    }
}

/* Copy of path segment k (0-based) of path ("/a/b?x"); "" when absent. */
static const char *segment(const char *path, int k, mm_arena *a)
{
    const char *p = path;
    for (int i = 0; i < k; i++) {
        p += strspn(p, "/");
        p += strcspn(p, "/?#");
    }
    p += strspn(p, "/");
    const char *s = mm_arena_strndup(a, p, strcspn(p, "/?#"));
    return s ? s : "";
}

/* Value of name=… in the query part of path, or NULL. */
static char *query_param(const char *path, const char *name, mm_arena *a)
{
    const char *q = strchr(path, '?');
    size_t len = strlen(name);
    for (; q; q = strchr(q + 1, '&'))
        if (strncmp(q + 1, name, len) == 0 && q[1 + len] == '=')
            return mm_arena_strndup(a, q + 2 + len, strcspn(q + 2 + len, "&#"));
    return NULL;
}

/* The account id in a LINE add-friend URL: /ti/p/~id or /R/ti/p/@id. */
static const char *line_id(const char *path, mm_arena *a)
{
    int base = strcasecmp(segment(path, 0, a), "R") == 0;
    const char *id = segment(path, base + 2, a);
    if (strcmp(segment(path, base, a), "ti") || strcmp(segment(path, base + 1, a), "p"))
        return NULL;
    if (*id == '~')
        return id + 1;
    if (strncasecmp(id, "%40", 3) == 0)
        return mm_arena_printf(a, "@%s", id + 3);
    return *id == '@' ? id : NULL; /* anything else is a QR token */
}

/* The raw account id in a profile URL path of platform name, or NULL. */
static const char *url_id(const char *name, const char *path, mm_arena *a)
{
    const char *first = segment(path, 0, a);
    if (strcmp(name, "line") == 0)
        return line_id(path, a);
    if (strcmp(name, "whatsapp") == 0) {
        const char *ph = strcmp(first, "send") == 0 ? query_param(path, "phone", a) : first;
        return ph && *ph ? mm_arena_printf(a, "+%s", ph + (*ph == '+')) : NULL;
    }
    if (strcmp(name, "facebook") == 0 && strcmp(first, "profile.php") == 0)
        return query_param(path, "id", a);
    if (strcmp(name, "facebook") == 0 && strcmp(first, "people") == 0)
        return segment(path, 2, a);
    if (strcmp(name, "telegram") == 0 && strcmp(first, "s") == 0)
        return segment(path, 1, a);
    if (strcmp(name, "instagram") == 0 && strcmp(first, "stories") == 0)
        return segment(path, 1, a);
    if (strcmp(name, "tiktok") == 0)
        return *first == '@' ? first : NULL;
    return is_reserved(first) || *first == '+' ? NULL : first;
}

/* If s is a profile URL (with or without scheme) of a known host, set
 * *platform and *id. Returns false when s is not such a URL. */
static bool parse_url(const char *s, mm_arena *a, const char **platform, const char **id)
{
    if (strncasecmp(s, "https://", 8) == 0)
        s += 8;
    else if (strncasecmp(s, "http://", 7) == 0)
        s += 7;
    size_t hl = strcspn(s, "/?#");
    char *host = mm_arena_strndup(a, s, strcspn(s, ":/?#"));
    if (host == NULL)
        return false;
    for (char *p = host; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p += 'a' - 'A';
    const char *prefixes[] = {"www.", "m.", "mobile."};
    for (size_t i = 0; i < COUNT(prefixes); i++)
        if (strncmp(host, prefixes[i], strlen(prefixes[i])) == 0)
            host += strlen(prefixes[i]);
    for (size_t i = 0; i < COUNT(hosts); i++) {
        if (strcmp(host, hosts[i].host) == 0) {
            *platform = hosts[i].platform;
            *id = url_id(*platform, s + hl, a);
            return true;
        }
    }
    return false;
}

static mm_status bad(mm_error *err, const char *in, const char *why)
{
    return mm_error_set(err, MM_EINVAL, "value", "'%s': %s", in, why);
}

/* Split "platform:id" (spaces around ':' allowed) into p and raw id. */
static mm_status split(const char *s, const char *in, const struct platform **p, const char **id,
                       mm_error *err)
{
    const char *colon = strchr(s, ':');
    if (colon && strncmp(colon, "://", 3) == 0)
        return bad(err, in, "not a profile URL of a supported platform");
    if (colon == NULL)
        return bad(err, in,
                   "expected platform:id (line, telegram, x, instagram, facebook, "
                   "signal, whatsapp, tiktok, wechat, kakaotalk, zalo, viber) or a profile URL");
    size_t len = (size_t)(colon - s);
    while (len > 0 && s[len - 1] == ' ')
        len--;
    *p = find_platform(s, len);
    if (*p == NULL)
        return mm_error_set(err, MM_EINVAL, "value",
                            "'%s': unknown platform '%.*s' (known: line, telegram, x, twitter, "
                            "instagram, facebook, signal, whatsapp, tiktok, wechat, kakaotalk, "
                            "zalo, viber)",
                            in, (int)len, s);
    *id = colon + 1 + strspn(colon + 1, " ");
    return MM_OK;
}

mm_status mm_norm_sns_account(const char *in, mm_arena *a, char **out, mm_error *err)
{
    if (in == NULL)
        return bad(err, "(null)", "no account given");
    char *s;
    mm_status st = mm_norm_nfkc(in, strlen(in), a, &s, err);
    if (st != MM_OK) {
        if (err)
            snprintf(err->field, sizeof err->field, "value");
        return st;
    }
    const struct platform *p = NULL;
    const char *name, *id = NULL;
    if (parse_url(s, a, &name, &id)) {
        p = find_platform(name, strlen(name));
        if (id == NULL)
            return bad(err, in,
                       "URL does not name an account (invite link, post or QR token: "
                       "report it as a url)");
    } else if ((st = split(s, in, &p, &id, err)) != MM_OK) {
        return st;
    }
    char *norm = norm_id(p, id, a);
    if (norm == NULL)
        return mm_error_set(err, MM_EINVAL, "value", "'%s': '%s' is not a valid %s id", in, id,
                            p->name);
    *out = mm_arena_printf(a, "%s:%s", p->name, norm);
    return *out ? MM_OK : mm_error_set(err, MM_ENOMEM, "value", "out of memory for '%s'", in);
}
