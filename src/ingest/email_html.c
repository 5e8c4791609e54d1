/*
 * email_html.c — an HTML mail part reduced to what its reader sees: the
 * text (tags removed, script/style/title dropped, entities decoded, block
 * elements on their own lines) and every link with its visible text, so a
 * link whose text shows one domain while its href goes to another can be
 * flagged (the oldest phishing trick in HTML mail).
 *
 * Why a hand-written scanner rather than an HTML parser library: mail HTML
 * needs no tree, only a linear walk with a little state (inside which
 * link, inside a hidden element), and Debian has no small, maintained C
 * HTML5 tokenizer worth a dependency. Elements hidden by inline style
 * (display:none, visibility:hidden, font-size:0, the `hidden` attribute)
 * are dropped, because fraud mail hides innocuous text there to dilute
 * classifiers; the search for their end tag is budgeted so hostile input
 * stays linear. Malformed markup never fails: an unterminated tag or
 * comment ends the text.
 */
#include <string.h>
#include <strings.h>

#include "ingest/email_internal.h"

#define PUT(b, p, n, h)                                                                            \
    do {                                                                                           \
        if (mm_buf_append((b), (p), (n)) != MM_OK)                                                 \
            (h)->st->flags |= EMAIL_F_NOMEM;                                                       \
    } while (0)

typedef struct html_ctx {
    email_state *st;
    mm_buf t;    /* the text of this part */
    bool space;  /* white space pending before the next text */
    bool in_a;   /* inside <a href> */
    mm_buf href; /* its decoded href */
    size_t a_start;
    size_t hidden_budget; /* bytes left for end-tag searches of hidden elements */
} html_ctx;

/* ---- entities ------------------------------------------------------------------------ */

static const struct {
    const char *name;
    const char *utf8;
} ENTITIES[] = {
    {"amp", "&"},
    {"lt", "<"},
    {"gt", ">"},
    {"quot", "\""},
    {"apos", "'"},
    {"nbsp", " "},
    {"ensp", " "},
    {"emsp", " "},
    {"thinsp", " "},
    {"copy", "©"},
    {"reg", "®"},
    {"trade", "™"},
    {"yen", "¥"},
    {"euro", "€"},
    {"pound", "£"},
    {"cent", "¢"},
    {"sect", "§"},
    {"deg", "°"},
    {"plusmn", "±"},
    {"times", "×"},
    {"divide", "÷"},
    {"middot", "·"},
    {"bull", "•"},
    {"hellip", "…"},
    {"ndash", "–"},
    {"mdash", "—"},
    {"lsquo", "‘"},
    {"rsquo", "’"},
    {"sbquo", "‚"},
    {"ldquo", "“"},
    {"rdquo", "”"},
    {"bdquo", "„"},
    {"laquo", "«"},
    {"raquo", "»"},
    {"lsaquo", "‹"},
    {"rsaquo", "›"},
    {"larr", "←"},
    {"rarr", "→"},
    {"uarr", "↑"},
    {"darr", "↓"},
    {"para", "¶"},
    {"dagger", "†"},
    {"Dagger", "‡"},
    {"permil", "‰"},
    {"prime", "′"},
    {"Prime", "″"},
    {"iexcl", "¡"},
    {"iquest", "¿"},
    {"shy", "\xC2\xAD"},
    {"zwnj", "\xE2\x80\x8C"},
    {"zwj", "\xE2\x80\x8D"},
    {"lrm", "\xE2\x80\x8E"},
    {"rlm", "\xE2\x80\x8F"},
    {"frac12", "½"},
    {"frac14", "¼"},
    {"frac34", "¾"},
    {"sup1", "¹"},
    {"sup2", "²"},
    {"sup3", "³"},
    {"micro", "µ"},
    {"ordf", "ª"},
    {"ordm", "º"},
    {"not", "¬"},
    {"macr", "¯"},
    {"acute", "´"},
    {"cedil", "¸"},
    {"uml", "¨"},
    {"eacute", "é"},
    {"egrave", "è"},
    {"agrave", "à"},
    {"aacute", "á"},
    {"ccedil", "ç"},
    {"ouml", "ö"},
    {"uuml", "ü"},
    {"auml", "ä"},
    {"szlig", "ß"},
    {"check", "✓"},
    {"star", "☆"},
    {"hearts", "♥"},
};

/* Names that still decode without the ';' (legacy HTML). */
static bool legacy_entity(const char *name)
{
    return strcmp(name, "amp") == 0 || strcmp(name, "lt") == 0 || strcmp(name, "gt") == 0 ||
           strcmp(name, "quot") == 0 || strcmp(name, "nbsp") == 0 || strcmp(name, "copy") == 0 ||
           strcmp(name, "reg") == 0;
}

static const uint16_t C1_REMAP[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

/* Decode the character reference at s[0] == '&'. Returns the bytes
 * consumed (0 when it is not a reference) and the UTF-8 in o / *olen. */
static size_t entity(const char *s, size_t n, char o[8], size_t *olen)
{
    if (n < 3)
        return 0;
    if (s[1] == '#') {
        size_t i = 2;
        bool hex = i < n && (s[i] == 'x' || s[i] == 'X');
        if (hex)
            i++;
        size_t ds = i;
        uint32_t cp = 0;
        while (i < n && i - ds < 8) {
            char c = s[i];
            int v = c >= '0' && c <= '9'                            ? c - '0'
                    : hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10
                                                                    : -1;
            if (v < 0)
                break;
            cp = cp * (hex ? 16 : 10) + (uint32_t)v;
            i++;
        }
        if (i == ds)
            return 0;
        while (i < n && ((s[i] >= '0' && s[i] <= '9') ||
                         (hex && (s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'f')))
            i++, cp = 0x110000; /* too many digits */
        if (i < n && s[i] == ';')
            i++;
        if (cp >= 0x80 && cp < 0xA0)
            cp = C1_REMAP[cp - 0x80];
        if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            cp = 0xFFFD;
        if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r')
            cp = ' ';
        *olen = mm_utf8_put(cp, o);
        return i;
    }
    char name[12];
    size_t i = 1;
    while (i < n && i - 1 < sizeof name - 1 &&
           ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
            (s[i] >= '0' && s[i] <= '9')))
        i++;
    if (i == 1 || i - 1 >= sizeof name)
        return 0;
    memcpy(name, s + 1, i - 1);
    name[i - 1] = '\0';
    bool semi = i < n && s[i] == ';';
    if (!semi && !legacy_entity(name))
        return 0;
    for (size_t k = 0; k < sizeof ENTITIES / sizeof ENTITIES[0]; k++)
        if (strcmp(ENTITIES[k].name, name) == 0) {
            *olen = strlen(ENTITIES[k].utf8);
            memcpy(o, ENTITIES[k].utf8, *olen);
            return i + semi;
        }
    return 0;
}

/* Append s[0..n) to b with character references decoded. */
static void decode_into(html_ctx *h, mm_buf *b, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '&')
            continue;
        char o[8];
        size_t ol, k = entity(s + i, n - i, o, &ol);
        if (k == 0)
            continue;
        if (i > run)
            PUT(b, s + run, i - run, h);
        PUT(b, o, ol, h);
        i += k - 1;
        run = i + 1;
    }
    if (n > run)
        PUT(b, s + run, n - run, h);
}

/* ---- text output ------------------------------------------------------------------------- */

static void put_text(html_ctx *h, const char *s, size_t n)
{
    if (n == 0)
        return;
    if (h->space && h->t.len && h->t.data[h->t.len - 1] != '\n' && h->t.data[h->t.len - 1] != ' ')
        PUT(&h->t, " ", 1, h);
    h->space = false;
    PUT(&h->t, s, n, h);
}

/* A line break, at most max in a row (1 for block edges, 2 for <br>). */
static void newline(html_ctx *h, int max)
{
    while (h->t.len && h->t.data[h->t.len - 1] == ' ')
        h->t.len--;
    h->space = false;
    if (h->t.len == 0)
        return;
    int have = 0;
    for (size_t k = h->t.len; k > 0 && h->t.data[k - 1] == '\n' && have < 2; k--)
        have++;
    if (have < max)
        PUT(&h->t, "\n", 1, h);
}

/* ---- tags --------------------------------------------------------------------------------- */

typedef struct tag {
    char name[16]; /* lower case, truncated */
    size_t nlen;
    bool end, selfclose, hidden;
    const char *href, *action, *alt;
    size_t href_len, action_len, alt_len;
} tag;

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == ':' || c == '_';
}

/* Does an inline style hide the element? White space and case ignored. */
static bool style_hides(const char *s, size_t n)
{
    char buf[256];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < sizeof buf; i++)
        if (!is_ws(s[i]))
            buf[k++] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
    buf[k] = '\0';
    if (strstr(buf, "display:none") || strstr(buf, "visibility:hidden"))
        return true;
    static const char *const zero[] = {"font-size:0", "max-height:0", "opacity:0"};
    for (size_t z = 0; z < 3; z++) {
        const char *p = buf;
        size_t zl = strlen(zero[z]);
        while ((p = strstr(p, zero[z])) != NULL) {
            /* the property must start there, and the value be 0 (any unit), not 0.9 */
            bool at_start = p == buf || p[-1] == ';' || p[-1] == '"' || p[-1] == '{';
            char c = p[zl];
            if (at_start &&
                (c == '\0' || c == ';' || c == '!' || (c >= 'a' && c <= 'z') || c == '%'))
                return true;
            p += zl;
        }
    }
    return false;
}

/* Parse the tag at h[i] == '<'. Returns the offset after it, or 0 when
 * this '<' does not start a tag (then it is text). */
static size_t parse_tag(const char *s, size_t n, size_t i, tag *t)
{
    memset(t, 0, sizeof *t);
    size_t p = i + 1;
    if (p < n && s[p] == '/') {
        t->end = true;
        p++;
    }
    if (p >= n || !((s[p] >= 'a' && s[p] <= 'z') || (s[p] >= 'A' && s[p] <= 'Z')))
        return 0;
    while (p < n && name_char(s[p])) {
        if (t->nlen + 1 < sizeof t->name)
            t->name[t->nlen++] = (char)(s[p] >= 'A' && s[p] <= 'Z' ? s[p] + 32 : s[p]);
        p++;
    }
    t->name[t->nlen] = '\0';
    while (p < n) {
        while (p < n && is_ws(s[p]))
            p++;
        if (p >= n)
            break;
        if (s[p] == '>')
            return p + 1;
        if (s[p] == '/') {
            if (p + 1 < n && s[p + 1] == '>')
                t->selfclose = true;
            p++;
            continue;
        }
        size_t an = p;
        while (p < n && !is_ws(s[p]) && s[p] != '=' && s[p] != '>' && s[p] != '/')
            p++;
        if (p == an) { /* a stray '=' or quote */
            p++;
            continue;
        }
        size_t al = p - an;
        while (p < n && is_ws(s[p]))
            p++;
        const char *val = NULL;
        size_t vl = 0;
        if (p < n && s[p] == '=') {
            p++;
            while (p < n && is_ws(s[p]))
                p++;
            if (p < n && (s[p] == '"' || s[p] == '\'')) {
                const char *q = memchr(s + p + 1, s[p], n - p - 1);
                val = s + p + 1;
                vl = q ? (size_t)(q - val) : n - p - 1;
                p = q ? (size_t)(q - s) + 1 : n;
            } else {
                val = s + p;
                while (p < n && !is_ws(s[p]) && s[p] != '>')
                    p++;
                vl = (size_t)(s + p - val);
            }
        }
        const char *a = s + an;
        if (al == 4 && strncasecmp(a, "href", 4) == 0 && val)
            t->href = val, t->href_len = vl;
        else if (al == 6 && strncasecmp(a, "action", 6) == 0 && val)
            t->action = val, t->action_len = vl;
        else if (al == 3 && strncasecmp(a, "alt", 3) == 0 && val)
            t->alt = val, t->alt_len = vl;
        else if (al == 5 && strncasecmp(a, "style", 5) == 0 && val && style_hides(val, vl))
            t->hidden = true;
        else if (al == 6 && strncasecmp(a, "hidden", 6) == 0)
            t->hidden = true;
    }
    return n; /* unterminated: the rest is the tag */
}

/* What a tag name is: block (a line break at its edges), raw text (its
 * content skipped), void (no end tag). A switch on the first letter, then
 * the few names with that letter, instead of walking three name lists per
 * tag. */
enum { TK_BLOCK = 1, TK_RAW = 2, TK_VOID = 4 };

#define IS(s, k)                                                                                   \
    do {                                                                                           \
        if (strcmp(name, s) == 0)                                                                  \
            return (k);                                                                            \
    } while (0)

static unsigned tag_kind(const char *name)
{
    switch (name[0]) {
    case 'a':
        IS("address", TK_BLOCK);
        IS("area", TK_VOID);
        IS("article", TK_BLOCK);
        IS("aside", TK_BLOCK);
        return 0;
    case 'b':
        IS("base", TK_VOID);
        IS("blockquote", TK_BLOCK);
        IS("body", TK_BLOCK);
        IS("br", TK_VOID);
        return 0;
    case 'c':
        IS("caption", TK_BLOCK);
        IS("center", TK_BLOCK);
        IS("col", TK_VOID);
        return 0;
    case 'd':
        IS("dd", TK_BLOCK);
        IS("details", TK_BLOCK);
        IS("dialog", TK_BLOCK);
        IS("div", TK_BLOCK);
        IS("dl", TK_BLOCK);
        IS("dt", TK_BLOCK);
        return 0;
    case 'e':
        IS("embed", TK_VOID);
        return 0;
    case 'f':
        IS("fieldset", TK_BLOCK);
        IS("figcaption", TK_BLOCK);
        IS("figure", TK_BLOCK);
        IS("footer", TK_BLOCK);
        IS("form", TK_BLOCK);
        return 0;
    case 'h':
        IS("h1", TK_BLOCK);
        IS("h2", TK_BLOCK);
        IS("h3", TK_BLOCK);
        IS("h4", TK_BLOCK);
        IS("h5", TK_BLOCK);
        IS("h6", TK_BLOCK);
        IS("header", TK_BLOCK);
        IS("hr", TK_BLOCK | TK_VOID);
        IS("html", TK_BLOCK);
        return 0;
    case 'i':
        IS("img", TK_VOID);
        IS("input", TK_VOID);
        return 0;
    case 'l':
        IS("li", TK_BLOCK);
        IS("link", TK_VOID);
        return 0;
    case 'm':
        IS("main", TK_BLOCK);
        IS("meta", TK_VOID);
        return 0;
    case 'n':
        IS("nav", TK_BLOCK);
        return 0;
    case 'o':
        IS("ol", TK_BLOCK);
        return 0;
    case 'p':
        IS("p", TK_BLOCK);
        IS("param", TK_VOID);
        IS("pre", TK_BLOCK);
        return 0;
    case 's':
        IS("script", TK_RAW);
        IS("section", TK_BLOCK);
        IS("source", TK_VOID);
        IS("style", TK_RAW);
        IS("summary", TK_BLOCK);
        return 0;
    case 't':
        IS("table", TK_BLOCK);
        IS("tbody", TK_BLOCK);
        IS("template", TK_RAW);
        IS("tfoot", TK_BLOCK);
        IS("thead", TK_BLOCK);
        IS("title", TK_RAW);
        IS("tr", TK_BLOCK);
        IS("track", TK_VOID);
        return 0;
    case 'u':
        IS("ul", TK_BLOCK);
        return 0;
    case 'w':
        IS("wbr", TK_VOID);
        return 0;
    case 'x':
        IS("xmp", TK_RAW);
        return 0;
    default: return 0;
    }
}
#undef IS

/* Offset just past "</name ...>" searched case-insensitively from p, or n. */
static size_t skip_rawtext(const char *s, size_t n, size_t p, const char *name)
{
    size_t nl = strlen(name);
    while (p < n) {
        const char *lt = memchr(s + p, '<', n - p);
        if (lt == NULL)
            return n;
        size_t q = (size_t)(lt - s);
        if (q + 2 + nl <= n && s[q + 1] == '/' && strncasecmp(s + q + 2, name, nl) == 0 &&
            (q + 2 + nl == n || !name_char(s[q + 2 + nl]))) {
            const char *gt = memchr(s + q, '>', n - q);
            return gt ? (size_t)(gt - s) + 1 : n;
        }
        p = q + 1;
    }
    return n;
}

/* Offset past the end tag matching a hidden <name> opened before p, or 0
 * when there is none (or the search budget is spent). */
static size_t skip_hidden(html_ctx *h, const char *s, size_t n, size_t p, const char *name)
{
    int depth = 1;
    size_t start = p;
    while (p < n) {
        const char *lt = memchr(s + p, '<', n - p);
        if (lt == NULL)
            break;
        size_t q = (size_t)(lt - s);
        tag t;
        size_t e = parse_tag(s, n, q, &t);
        if (e == 0) {
            p = q + 1;
            continue;
        }
        if (strcmp(t.name, name) == 0 && !t.selfclose) {
            depth += t.end ? -1 : 1;
            if (depth == 0) {
                size_t used = e - start;
                h->hidden_budget = used < h->hidden_budget ? h->hidden_budget - used : 0;
                return e;
            }
        }
        p = e;
        if (p - start > h->hidden_budget)
            break;
    }
    size_t used = p - start;
    h->hidden_budget = used < h->hidden_budget ? h->hidden_budget - used : 0;
    return 0;
}

static void close_link(html_ctx *h)
{
    if (!h->in_a)
        return;
    h->in_a = false;
    size_t tl = h->t.len > h->a_start ? h->t.len - h->a_start : 0;
    email_link_add(h->st, h->href.data ? h->href.data : "", h->href.len,
                   tl ? h->t.data + h->a_start : NULL, tl);
}

/* ---- the walk ------------------------------------------------------------------------------ */

/* The bytes that end a text run: markup, references and white space. */
static const bool HTML_STOP[256] = {
    ['<'] = true, ['&'] = true, [' '] = true, ['\t'] = true, ['\n'] = true, ['\r'] = true, ['\f'] = true,
};

void email_html_to_text(email_state *st, const char *s, size_t n, mm_buf *out)
{
    html_ctx h = {.st = st, .hidden_budget = 4 * n + 65536};
    /* the text is about as long as the markup at most: one allocation */
    email_buf_reserve(&h.t, n, &st->flags);
    size_t i = 0, run = 0;
#define FLUSH_RUN()                                                                                \
    do {                                                                                           \
        if (i > run)                                                                               \
            put_text(&h, s + run, i - run);                                                        \
    } while (0)
    while (i < n) {
        while (i < n && !HTML_STOP[(unsigned char)s[i]])
            i++;
        if (i >= n)
            break;
        char c = s[i];
        FLUSH_RUN();
        if (is_ws(c)) {
            h.space = true;
            run = ++i;
            continue;
        }
        if (c == '&') {
            char o[8];
            size_t ol, k = entity(s + i, n - i, o, &ol);
            if (k == 0) {
                run = i++; /* a literal '&' starts the next run */
                continue;
            }
            if (ol == 1 && o[0] == ' ')
                h.space = true;
            else
                put_text(&h, o, ol);
            run = i += k;
            continue;
        }
        /* '<' */
        if (i + 3 < n && memcmp(s + i, "<!--", 4) == 0) {
            const char *e = memmem(s + i + 4, n - i - 4, "-->", 3);
            run = i = e ? (size_t)(e - s) + 3 : n;
            continue;
        }
        if (i + 1 < n && (s[i + 1] == '!' || s[i + 1] == '?')) {
            const char *e = memchr(s + i, '>', n - i);
            run = i = e ? (size_t)(e - s) + 1 : n;
            continue;
        }
        tag t;
        size_t e = parse_tag(s, n, i, &t);
        if (e == 0) {
            run = i++; /* '<' as text */
            continue;
        }
        run = i = e;
        unsigned kind = tag_kind(t.name);
        if (!t.end && !t.selfclose && (kind & TK_RAW)) {
            run = i = skip_rawtext(s, n, i, t.name);
            continue;
        }
        if (!t.end && t.hidden && !(kind & TK_VOID)) {
            size_t after = t.selfclose ? 0 : skip_hidden(&h, s, n, i, t.name);
            if (after) {
                st->flags |= MM_EMAIL_F_HIDDEN_HTML;
                run = i = after;
                h.space = true;
                continue;
            }
        }
        if (strcmp(t.name, "br") == 0) {
            newline(&h, 2);
        } else if (strcmp(t.name, "td") == 0 || strcmp(t.name, "th") == 0) {
            h.space = true;
        } else if (strcmp(t.name, "a") == 0) {
            if (t.end) {
                close_link(&h);
            } else if (t.href) {
                close_link(&h);
                h.href.len = 0;
                decode_into(&h, &h.href, t.href, t.href_len);
                h.in_a = true;
                h.a_start = h.t.len;
            }
        } else if (strcmp(t.name, "area") == 0 && t.href && !t.end) {
            mm_buf hb = {0};
            decode_into(&h, &hb, t.href, t.href_len);
            mm_buf ab = {0};
            if (t.alt)
                decode_into(&h, &ab, t.alt, t.alt_len);
            email_link_add(st, hb.data ? hb.data : "", hb.len, ab.len ? ab.data : NULL, ab.len);
            mm_buf_free(&hb);
            mm_buf_free(&ab);
        } else if (kind & TK_BLOCK) {
            newline(&h, 1);
        }
        if (strcmp(t.name, "form") == 0 && t.action && !t.end) {
            mm_buf fb = {0};
            decode_into(&h, &fb, t.action, t.action_len);
            email_link_add(st, fb.data ? fb.data : "", fb.len, NULL, 0);
            mm_buf_free(&fb);
        }
    }
    FLUSH_RUN();
#undef FLUSH_RUN
    close_link(&h);
    while (h.t.len && (h.t.data[h.t.len - 1] == '\n' || h.t.data[h.t.len - 1] == ' '))
        h.t.len--;
    email_text_append(st, out, h.t.data ? h.t.data : "", h.t.len);
    mm_buf_free(&h.t);
    mm_buf_free(&h.href);
}

char *email_html_meta_charset(const char *s, size_t n, mm_arena *a)
{
    if (n > 1024)
        n = 1024;
    size_t p = 0;
    while (p + 7 <= n) {
        const char *hit = NULL;
        for (size_t k = p; k + 7 <= n; k++)
            if ((s[k] | 0x20) == 'c' && strncasecmp(s + k, "charset", 7) == 0) {
                hit = s + k;
                break;
            }
        if (hit == NULL)
            return NULL;
        size_t q = (size_t)(hit - s) + 7;
        p = q;
        /* inside a tag: the last '<' before it comes after the last '>' */
        const char *lt = NULL, *gt = NULL;
        for (const char *b = hit; b > s; b--) {
            if (b[-1] == '<' && !lt)
                lt = b - 1;
            if (b[-1] == '>' && !gt)
                gt = b - 1;
            if (lt || gt)
                break;
        }
        if (lt == NULL)
            continue;
        while (q < n && is_ws(s[q]))
            q++;
        if (q >= n || s[q] != '=')
            continue;
        q++;
        while (q < n && (is_ws(s[q]) || s[q] == '"' || s[q] == '\''))
            q++;
        size_t b = q;
        while (q < n && (name_char(s[q]) || s[q] == '.'))
            q++;
        if (q > b)
            return mm_arena_strndup(a, s + b, q - b);
    }
    return NULL;
}
