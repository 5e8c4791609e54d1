/*
 * email_parse.c — mm_email_parse: an RFC 5322 message to the fields a
 * screener reads (sender, display name, subject, text, links,
 * Authentication-Results), and the header-level helpers the MIME walker
 * shares (header blocks, unfolding, Content-Type parameters).
 *
 * Why best-effort: fraud mail is often malformed on purpose or by cheap
 * bulk mailers (bare LF, missing charset, duplicate From, unclosed
 * multiparts), and a parser that refuses it lets it through unscreened.
 * So only input that is not a message at all (empty, or not starting with
 * a header field) or is over the size limit fails; everything else is
 * decoded as far as it goes, and mm_email_msg.flags records what was
 * repaired. The first From and Subject win (what most clients display);
 * duplicates are flagged because they are a known spoofing trick.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ingest/email_internal.h"
#include "mamoru/norm.h"

/* ---- header blocks -------------------------------------------------------------- */

/* Is s[0..n) a field name ([!-9;-~]+)? */
static bool field_name_ok(const char *s, size_t n)
{
    if (n == 0 || n > 200)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || c >= 0x7F || c == ':')
            return false;
    }
    return true;
}

/* Parse "name:" at the start of a line s[0..n): returns the offset of the
 * value (after the colon), or 0 when the line is not a field. White space
 * before the colon is allowed (obsolete syntax "Subject :"). */
static size_t field_start(const char *s, size_t n)
{
    const char *colon = memchr(s, ':', n);
    if (colon == NULL)
        return 0;
    size_t nl = (size_t)(colon - s);
    while (nl > 0 && (s[nl - 1] == ' ' || s[nl - 1] == '\t'))
        nl--;
    return field_name_ok(s, nl) ? (size_t)(colon - s) + 1 : 0;
}

size_t email_header_block(const char *s, size_t n, email_field_fn fn, void *ctx, size_t *nfields,
                          unsigned *flags)
{
    size_t pos = 0, count = 0;
    email_field cur = {0};
    bool have = false;
    while (pos < n) {
        const char *nl = memchr(s + pos, '\n', n - pos);
        size_t le = nl ? (size_t)(nl - s) : n;
        size_t next = nl ? le + 1 : n;
        size_t ce = le > pos && s[le - 1] == '\r' ? le - 1 : le;
        if (ce == pos) { /* blank line: the body follows */
            if (have)
                fn(ctx, &cur);
            if (nfields)
                *nfields = count + have;
            return next;
        }
        if (s[pos] == ' ' || s[pos] == '\t') {
            if (have)
                cur.value_len = ce - (size_t)(cur.value - s);
            pos = next;
            continue; /* a continuation before any field: ignored */
        }
        size_t v = field_start(s + pos, ce - pos);
        if (v == 0) {
            *flags |= MM_EMAIL_F_BAD_HEADER;
            if (have)
                fn(ctx, &cur);
            if (nfields)
                *nfields = count + have;
            return pos; /* the body starts at this line */
        }
        if (have) {
            fn(ctx, &cur);
            count++;
        }
        size_t name_len = v - 1; /* the colon field_start found */
        while (name_len > 0 && (s[pos + name_len - 1] == ' ' || s[pos + name_len - 1] == '\t'))
            name_len--;
        cur = (email_field){s + pos, name_len, s + pos + v, ce - (pos + v)};
        have = true;
        pos = next;
    }
    if (have)
        fn(ctx, &cur);
    if (nfields)
        *nfields = count + have;
    return n;
}

char *email_unfold(const char *v, size_t n, mm_arena *a)
{
    while (n > 0 && (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n'))
        v++, n--;
    while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r' || v[n - 1] == '\n'))
        n--;
    char *o = mm_arena_alloc(a, n + 1);
    if (o == NULL)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        /* runs without CR, LF or NUL are copied whole; eight bytes at a
         * time while none is below 0x0E (SWAR "has less than") */
        size_t r = i;
        for (;;) {
            for (uint64_t w, m; r + 8 <= n; r += 8) {
                memcpy(&w, v + r, 8);
                m = (w - UINT64_C(0x0E0E0E0E0E0E0E0E)) & ~w & UINT64_C(0x8080808080808080);
                if (m) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
                    r += (size_t)__builtin_ctzll(m) / 8; /* the first low byte */
#endif
                    break;
                }
            }
            /* the word with a low byte (a tab, or the end) byte by byte */
            size_t lim = r + 8 < n ? r + 8 : n;
            while (r < lim && v[r] != '\r' && v[r] != '\n' && v[r] != '\0')
                r++;
            if (r < lim || r == n)
                break;
        }
        memcpy(o + k, v + i, r - i);
        k += r - i;
        i = r;
        if (i < n && v[i] == '\0')
            o[k++] = ' ';
    }
    o[k] = '\0';
    return o;
}

/* ---- Content-Type parameters ------------------------------------------------------ */

static int hexv(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)(c | 0x20);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Append %XX-decoded s[0..n) to b. */
static void pct_decode(const char *s, size_t n, mm_buf *b, unsigned *flags)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '%' && i + 2 < n && hexv(s[i + 1]) >= 0 && hexv(s[i + 2]) >= 0) {
            c = (char)(hexv(s[i + 1]) * 16 + hexv(s[i + 2]));
            i += 2;
        }
        if (mm_buf_append(b, &c, 1) != MM_OK)
            *flags |= EMAIL_F_NOMEM;
    }
}

char *email_param(const char *v, size_t n, const char *param, mm_arena *a)
{
    size_t plen = strlen(param);
    size_t i = 0;
    /* skip the type/subtype (or disposition type) */
    while (i < n && v[i] != ';')
        i++;
    mm_buf acc = {0};
    char cs[48] = "";
    unsigned fl = 0;
    bool ext_any = false;
    char *result = NULL;
    while (i < n) {
        while (i < n &&
               (v[i] == ';' || v[i] == ' ' || v[i] == '\t' || v[i] == '\r' || v[i] == '\n'))
            i++;
        size_t ns = i;
        while (i < n && v[i] != '=' && v[i] != ';')
            i++;
        size_t ne = i;
        while (ne > ns && (v[ne - 1] == ' ' || v[ne - 1] == '\t'))
            ne--;
        if (i >= n || v[i] != '=') {
            continue;
        }
        i++; /* '=' */
        while (i < n && (v[i] == ' ' || v[i] == '\t'))
            i++;
        /* the value's extent first; it is copied only for the parameter asked for */
        bool quoted = i < n && v[i] == '"';
        size_t vs = quoted ? ++i : i;
        if (quoted) {
            while (i < n && v[i] != '"') {
                if (v[i] == '\\' && i + 1 < n)
                    i++;
                i++;
            }
        } else {
            while (i < n && v[i] != ';' && v[i] != ' ' && v[i] != '\t')
                i++;
        }
        size_t ve = i;
        if (quoted && i < n)
            i++; /* closing quote */
        const char *name = v + ns;
        size_t nlen = ne - ns;
        bool exact = nlen == plen && strncasecmp(name, param, plen) == 0;
        if (!exact && !(nlen > plen && strncasecmp(name, param, plen) == 0 && name[plen] == '*'))
            continue;
        mm_buf val = {0};
        if (quoted) { /* backslash escapes removed */
            size_t k = vs, run = vs;
            while (k < ve) {
                if (v[k] == '\\' && k + 1 < n) {
                    if (k > run)
                        mm_buf_append(&val, v + run, k - run);
                    k++;
                    run = k;
                }
                k++;
            }
            if (ve > run)
                mm_buf_append(&val, v + run, ve - run);
        } else {
            mm_buf_append(&val, v + vs, ve - vs);
        }
        if (exact) {
            result = mm_arena_strndup(a, val.data ? val.data : "", val.len);
            mm_buf_free(&val);
            break;
        }
        if (nlen > plen && strncasecmp(name, param, plen) == 0 && name[plen] == '*') {
            /* RFC 2231: name*=  name*0=  name*0*=  name*1*= ... (assumed in order) */
            const char *rest = name + plen + 1;
            size_t rl = nlen - plen - 1;
            bool ext = rl == 0 || rest[rl - 1] == '*';
            bool first = rl == 0 || (rest[0] == '0' && (rl == 1 || (rl == 2 && ext)));
            const char *d = val.data ? val.data : "";
            size_t dl = val.len;
            if (ext && first) {
                const char *q1 = memchr(d, '\'', dl);
                const char *q2 = q1 ? memchr(q1 + 1, '\'', dl - (size_t)(q1 + 1 - d)) : NULL;
                if (q2) {
                    size_t cl = (size_t)(q1 - d) < sizeof cs - 1 ? (size_t)(q1 - d) : sizeof cs - 1;
                    memcpy(cs, d, cl);
                    cs[cl] = '\0';
                    dl -= (size_t)(q2 + 1 - d);
                    d = q2 + 1;
                }
            }
            if (ext) {
                ext_any = true;
                pct_decode(d, dl, &acc, &fl);
            } else if (mm_buf_append(&acc, d, dl) != MM_OK) {
                fl |= EMAIL_F_NOMEM;
            }
        }
        mm_buf_free(&val);
    }
    if (result == NULL && acc.len) {
        mm_buf u = {0};
        if (ext_any)
            email_charset_decode(cs, acc.data, acc.len, &u, &fl);
        else
            email_utf8_sanitize(acc.data, acc.len, &u, &fl);
        if (u.len)
            result = mm_arena_strndup(a, u.data, u.len);
        mm_buf_free(&u);
    }
    mm_buf_free(&acc);
    return result;
}

/* ---- mailboxes -------------------------------------------------------------------- */

typedef struct span {
    const char *data;
    size_t len;
} span;

/* The first mailbox of an address list (From, Reply-To): addr-spec and the
 * raw display text (unquoted; comments give the name when there is no
 * phrase). Arena strings; either may be NULL. */
static void parse_mailbox(const char *v, mm_arena *a, char **addr, char **display)
{
    *addr = *display = NULL;
    size_t n = strlen(v);
    /* end of the first mailbox: ',' outside quotes, comments and <> */
    size_t end = n, lt = (size_t)-1;
    int depth = 0;
    bool q = false, angle = false;
    for (size_t i = 0; i < n; i++) {
        char c = v[i];
        if (q) {
            if (c == '\\' && i + 1 < n)
                i++;
            else if (c == '"')
                q = false;
        } else if (depth) {
            if (c == '\\' && i + 1 < n)
                i++;
            else if (c == '(')
                depth++;
            else if (c == ')')
                depth--;
        } else if (c == '"') {
            q = true;
        } else if (c == '(') {
            depth = 1;
        } else if (c == '<' && !angle) {
            angle = true;
            if (lt == (size_t)-1)
                lt = i;
        } else if (c == '>') {
            angle = false;
        } else if (c == ',' && !angle) {
            end = i;
            break;
        }
    }
    /* walk [0, stop): phrase text before '<' (quotes removed), comments, and
     * the bare text (comments removed) for the no-angle form; each at most
     * stop bytes, written straight into one scratch allocation. Without a
     * quote or a comment there, phrase and bare text are those bytes as
     * they are (the common "Name <addr>" / "=?...?= <addr>"). */
    depth = 0;
    q = false;
    size_t stop = lt != (size_t)-1 ? lt : end;
    bool plain = memchr(v, '"', stop) == NULL && memchr(v, '(', stop) == NULL;
    char small[3 * 256];
    char *scratch = plain || stop <= 256 ? small : malloc(3 * stop);
    if (scratch == NULL)
        return; /* the mailbox is left out, as an arena failure would */
    span phrase = {v, stop}, comment = {scratch + stop, 0}, bare = {v, stop};
    if (!plain) {
        char *ph = scratch, *cm = scratch + stop, *br = scratch + 2 * stop;
        for (size_t i = 0; i < stop; i++) {
            char c = v[i];
            if (q) {
                if (c == '\\' && i + 1 < stop)
                    c = v[++i];
                else if (c == '"') {
                    q = false;
                    continue;
                }
                *ph++ = c;
                *br++ = c;
            } else if (depth) {
                if (c == '\\' && i + 1 < stop)
                    c = v[++i];
                else if (c == '(')
                    depth++;
                else if (c == ')' && --depth == 0)
                    continue;
                if (depth)
                    *cm++ = c;
            } else if (c == '"') {
                q = true;
            } else if (c == '(') {
                depth = 1;
                if (cm > scratch + stop)
                    *cm++ = ' ';
            } else {
                *ph++ = c;
                *br++ = c;
            }
        }
        phrase = (span){scratch, (size_t)(ph - scratch)};
        comment = (span){scratch + stop, (size_t)(cm - (scratch + stop))};
        bare = (span){scratch + 2 * stop, (size_t)(br - (scratch + 2 * stop))};
    }
    if (lt != (size_t)-1) {
        const char *gt = memchr(v + lt, '>', end - lt);
        size_t al = gt ? (size_t)(gt - v) - lt - 1 : end - lt - 1;
        const char *ap = v + lt + 1;
        /* obsolete source route "<@a,@b:user@host>" */
        const char *colon = memchr(ap, ':', al);
        if (colon && al > 0 && ap[0] == '@') {
            al -= (size_t)(colon + 1 - ap);
            ap = colon + 1;
        }
        while (al > 0 && (*ap == ' ' || *ap == '\t'))
            ap++, al--;
        while (al > 0 && (ap[al - 1] == ' ' || ap[al - 1] == '\t'))
            al--;
        if (al)
            *addr = mm_arena_strndup(a, ap, al);
        span *name = phrase.len ? &phrase : &comment;
        if (name->len)
            *display = mm_arena_strndup(a, name->data, name->len);
    } else {
        /* "user@host (Name)" or "user@host" */
        const char *p = bare.data;
        size_t bl = bare.len;
        while (bl > 0 && (*p == ' ' || *p == '\t'))
            p++, bl--;
        while (bl > 0 && (p[bl - 1] == ' ' || p[bl - 1] == '\t'))
            bl--;
        if (bl)
            *addr = mm_arena_strndup(a, p, bl);
        if (comment.len)
            *display = mm_arena_strndup(a, comment.data, comment.len);
    }
    if (scratch != small)
        free(scratch);
}

/* RFC 2047-decoded, trimmed arena copy of a header text; NULL when empty. */
static const char *decode_text(const char *v, mm_arena *a, unsigned *flags)
{
    if (v == NULL)
        return NULL;
    mm_buf b = {0};
    email_header_decode(v, strlen(v), &b, flags);
    size_t s = 0, e = b.len;
    while (s < e && b.data[s] == ' ')
        s++;
    while (e > s && b.data[e - 1] == ' ')
        e--;
    const char *r = e > s ? mm_arena_strndup(a, b.data + s, e - s) : NULL;
    if (e > s && r == NULL)
        *flags |= EMAIL_F_NOMEM;
    mm_buf_free(&b);
    return r;
}

/* ---- the message ------------------------------------------------------------------- */

typedef struct top_ctx {
    mm_arena *a;
    mm_email_msg *m;
    size_t cap;
    const char *from, *subject, *reply_to, *return_path, *message_id;
    const char *ctype, *cte, *disp;
    mm_buf auth;
    unsigned nfrom, nsubject;
    unsigned flags;
} top_ctx;

static bool name_is(const email_field *f, const char *name)
{
    return f->name_len == strlen(name) && strncasecmp(f->name, name, f->name_len) == 0;
}

static void top_field(void *vctx, const email_field *f)
{
    top_ctx *c = vctx;
    mm_email_msg *m = c->m;
    char *val = NULL;
#define VAL() (val ? val : (val = email_unfold(f->value, f->value_len, c->a)))
    if (m->nheaders < MM_EMAIL_MAX_HEADERS) {
        if (m->nheaders == c->cap) {
            size_t cap = c->cap ? c->cap * 2 : 32;
            mm_email_header *h = mm_arena_alloc(c->a, cap * sizeof *h);
            if (h == NULL) {
                c->flags |= EMAIL_F_NOMEM;
                return;
            }
            if (m->nheaders)
                memcpy(h, m->headers, m->nheaders * sizeof *h);
            m->headers = h;
            c->cap = cap;
        }
        const char *name = mm_arena_strndup(c->a, f->name, f->name_len);
        if (name == NULL || VAL() == NULL) {
            c->flags |= EMAIL_F_NOMEM;
            return;
        }
        m->headers[m->nheaders++] = (mm_email_header){name, val};
    } else {
        c->flags |= MM_EMAIL_F_TRUNCATED;
    }
    if (name_is(f, "received")) {
        m->received++;
    } else if (name_is(f, "from")) {
        if (c->nfrom++ == 0)
            c->from = VAL();
    } else if (name_is(f, "subject")) {
        if (c->nsubject++ == 0)
            c->subject = VAL();
    } else if (name_is(f, "reply-to")) {
        if (!c->reply_to)
            c->reply_to = VAL();
    } else if (name_is(f, "return-path")) {
        if (!c->return_path)
            c->return_path = VAL();
    } else if (name_is(f, "message-id")) {
        if (!c->message_id)
            c->message_id = VAL();
    } else if (name_is(f, "content-type")) {
        if (!c->ctype)
            c->ctype = VAL();
    } else if (name_is(f, "content-transfer-encoding")) {
        if (!c->cte)
            c->cte = VAL();
    } else if (name_is(f, "content-disposition")) {
        if (!c->disp)
            c->disp = VAL();
    } else if (name_is(f, "authentication-results")) {
        if (VAL()) {
            if (c->auth.len)
                mm_buf_putc(&c->auth, '\n');
            if (mm_buf_puts(&c->auth, val) != MM_OK)
                c->flags |= EMAIL_F_NOMEM;
        }
    }
#undef VAL
}

/* Printable quote of the first line of s for error messages. */
static void first_line(const char *s, size_t n, char *dst, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n && s[i] != '\n' && s[i] != '\r' && o + 5 < cap && i < 60; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c >= 0x7F)
            o += (size_t)snprintf(dst + o, cap - o, "\\x%02X", c);
        else
            dst[o++] = (char)c;
    }
    dst[o] = '\0';
}

/* Valid UTF-8 arena copy of raw header bytes (addresses as written). */
static const char *clean(const char *v, mm_arena *a, unsigned *flags)
{
    if (v == NULL)
        return NULL;
    size_t n = strlen(v);
    if (email_utf8_valid(v, n)) { /* the common case: copied as is */
        const char *r = mm_arena_strndup(a, v, n);
        if (r == NULL)
            *flags |= EMAIL_F_NOMEM;
        return r;
    }
    mm_buf b = {0};
    email_utf8_sanitize(v, n, &b, flags);
    const char *r = mm_arena_strndup(a, b.data ? b.data : "", b.len);
    if (r == NULL)
        *flags |= EMAIL_F_NOMEM;
    mm_buf_free(&b);
    return r;
}

static const char *addr_spec(const char *v, mm_arena *a, unsigned *flags)
{
    if (v == NULL)
        return NULL;
    char *addr, *disp;
    parse_mailbox(v, a, &addr, &disp);
    return clean(addr, a, flags);
}

mm_status mm_email_parse(const char *raw, size_t len, mm_arena *a, mm_email_msg *out, mm_error *err)
{
    memset(out, 0, sizeof *out);
    out->text = "";
    if (raw == NULL || len == 0)
        return mm_error_set(err, MM_EINVAL, "message", "empty message");
    if (len > MM_EMAIL_MAX_BYTES)
        return mm_error_set(err, MM_ELIMIT, "message",
                            "message of %zu bytes is over the %u-byte limit", len,
                            MM_EMAIL_MAX_BYTES);
    const char *s = raw;
    size_t n = len;
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        s += 3, n -= 3;
    if (n >= 5 && memcmp(s, "From ", 5) == 0) { /* mbox separator line */
        const char *nl = memchr(s, '\n', n);
        size_t k = nl ? (size_t)(nl - s) + 1 : n;
        s += k, n -= k;
    }
    {
        const char *nl = n ? memchr(s, '\n', n) : NULL;
        size_t le = nl ? (size_t)(nl - s) : n;
        if (le > 0 && s[le - 1] == '\r')
            le--;
        if (n == 0 || field_start(s, le) == 0) {
            char q[320];
            first_line(s, n, q, sizeof q);
            return mm_error_set(err, MM_EINVAL, "message",
                                "not an RFC 5322 message: line 1 is not a header field ('%s')", q);
        }
    }
    top_ctx c = {.a = a, .m = out};
    size_t body = email_header_block(s, n, top_field, &c, NULL, &c.flags);

    email_state st = {.a = a, .flags = c.flags};
    st.nparts = 0;
    mm_buf text = {0};
    email_body(&st, c.ctype, c.cte, c.disp, s + body, n - body, 0, false, &text);

    unsigned fl = st.flags;
    /* From */
    if (c.nfrom > 1)
        fl |= MM_EMAIL_F_DUP_FROM;
    if (c.nsubject > 1)
        fl |= MM_EMAIL_F_DUP_SUBJECT;
    if (c.from) {
        char *addr, *disp;
        parse_mailbox(c.from, a, &addr, &disp);
        out->from_addr = clean(addr, a, &fl);
        out->display_name = decode_text(disp, a, &fl);
        if (addr) {
            mm_email e;
            mm_error ignore;
            if (mm_norm_email(addr, a, &e, &ignore) == MM_OK) {
                out->from = e.canonical;
                out->from_domain = e.domain;
            }
        }
    }
    if (out->from == NULL)
        fl |= MM_EMAIL_F_BAD_FROM;
    out->subject = decode_text(c.subject, a, &fl);
    out->reply_to = addr_spec(c.reply_to, a, &fl);
    out->return_path = addr_spec(c.return_path, a, &fl);
    out->message_id = clean(c.message_id, a, &fl);
    if (c.auth.len)
        out->auth_results = clean(c.auth.data, a, &fl);
    if (text.len) {
        char *t = mm_arena_strndup(a, text.data, text.len);
        if (t == NULL)
            fl |= EMAIL_F_NOMEM;
        else {
            out->text = t;
            out->text_len = text.len;
        }
    }
    if (!st.text_has_plain && text.len)
        fl |= MM_EMAIL_F_HTML_ONLY;
    out->links = st.links;
    out->nlinks = st.nlinks;
    out->attachments = st.att;
    out->nattachments = st.natt;
    out->nparts = st.nparts;
    mm_buf_free(&text);
    mm_buf_free(&c.auth);
    out->flags = fl & ~EMAIL_F_NOMEM;
    if (fl & EMAIL_F_NOMEM)
        return mm_error_set(err, MM_ENOMEM, "message", "out of memory parsing the message");
    return MM_OK;
}

void mm_email_to_message(const mm_email_msg *m, mm_message *out)
{
    memset(out, 0, sizeof *out);
    out->channel = "email";
    out->sender = m->from ? m->from : m->from_addr;
    out->display_name = m->display_name;
    out->subject = m->subject;
    out->text = m->text ? m->text : "";
    out->text_len = m->text ? m->text_len : 0;
    out->links = m->links;
    out->nlinks = m->nlinks;
    out->auth_results = m->auth_results;
}
