/*
 * message_reverse.c — a phrase regular expression turned around, so that
 * the start of a match can be found from its end.
 *
 * The first scan of a message (message_model.c) runs without start-of-match
 * tracking, which Vectorscan does several times faster and in a fraction of
 * the memory, and learns only where each pattern's first match ends. Its
 * start is then read backwards: the reversed expression, anchored at that
 * end, is run over the text reversed character by character, and its
 * longest match reaches the leftmost start — the start a tracked scan
 * reports. So no tracked database is needed at all.
 *
 * Only the syntax the phrase files use is accepted (groups, alternation,
 * quantifiers, classes, escapes, ^ and a final $); anything else — inline
 * options, look-arounds, back-references — is refused with the reason.
 */
#include <stdlib.h>
#include <string.h>

#include "screen/message_internal.h"

/* One item of a sequence: an atom (bytes [a,b) of the source: a character,
 * an escape, a class, '.'), a group, or an anchor; and its quantifier,
 * bytes [qa,qb) (empty when none). */
typedef enum { IT_RAW, IT_GROUP, IT_BOL, IT_EOL } item_kind;

typedef struct item {
    item_kind kind;
    size_t a, b, qa, qb;
    int alt; /* IT_GROUP: its alternation */
} item;

/* An alternation: branches, each a run of items (indices into the pool). */
typedef struct alt {
    int first_branch, nbranches;
} alt;

typedef struct branch {
    int first_item, nitems;
} branch;

#define MAX_NODES 4096

typedef struct parser {
    const char *s;
    size_t i, n;
    item items[MAX_NODES];
    branch branches[MAX_NODES];
    alt alts[MAX_NODES / 4];
    int nitems, nbranches, nalts;
    /* the items of the branch being read, before they are laid out */
    int stack[MAX_NODES], nstack;
    int bstack[MAX_NODES], nbstack;
    const char *why; /* what was refused, NULL when fine */
} parser;

/* The end of the escape at s[i] ('\\'): "\x{...}", "\p{..}" and the like
 * run to their '}', others are one character. NULL why when fine. */
static size_t escape_end(parser *p, size_t i)
{
    if (i + 1 >= p->n) {
        p->why = "a trailing backslash";
        return p->n;
    }
    char c = p->s[i + 1];
    if (strchr("AzZGQEKkgRX", c) || (c >= '1' && c <= '9')) {
        p->why = "an anchor, back-reference or quoting escape that cannot be reversed";
        return p->n;
    }
    if (strchr("xpPNo", c) && i + 2 < p->n && p->s[i + 2] == '{') {
        const char *close = memchr(p->s + i + 2, '}', p->n - i - 2);
        if (close == NULL) {
            p->why = "an unclosed \\x{...}";
            return p->n;
        }
        return (size_t)(close - p->s) + 1;
    }
    if (c == 'x') { /* \xHH */
        size_t j = i + 2;
        while (j < p->n && j < i + 4 && strchr("0123456789abcdefABCDEF", p->s[j]))
            j++;
        return j;
    }
    if ((c == 'p' || c == 'P') && i + 2 < p->n) /* \pL */
        return i + 3;
    return i + 1 + mm_utf8_len((unsigned char)c);
}

/* The end of the class opening at s[i] ('['). */
static size_t class_end(parser *p, size_t i)
{
    size_t j = i + 1;
    if (j < p->n && p->s[j] == '^')
        j++;
    if (j < p->n && p->s[j] == ']') /* a leading ']' is a member */
        j++;
    while (j < p->n && p->s[j] != ']') {
        if (p->s[j] == '\\')
            j = escape_end(p, j);
        else if (p->s[j] == '[' && j + 1 < p->n && p->s[j + 1] == ':') {
            const char *close = strstr(p->s + j + 2, ":]");
            j = close ? (size_t)(close - p->s) + 2 : p->n;
        } else
            j += mm_utf8_len((unsigned char)p->s[j]);
    }
    if (j >= p->n) {
        p->why = "an unclosed character class";
        return p->n;
    }
    return j + 1;
}

/* The end of a quantifier at s[i], or i when none starts there. */
static size_t quant_end(const parser *p, size_t i)
{
    size_t j = i;
    if (j < p->n && strchr("?*+", p->s[j]))
        j++;
    else if (j < p->n && p->s[j] == '{') {
        size_t k = j + 1, digits = 0;
        while (k < p->n && p->s[k] >= '0' && p->s[k] <= '9')
            k++, digits++;
        if (k < p->n && p->s[k] == ',') {
            k++;
            while (k < p->n && p->s[k] >= '0' && p->s[k] <= '9')
                k++;
        }
        if (digits == 0 || k >= p->n || p->s[k] != '}')
            return i; /* a literal '{' */
        j = k + 1;
    } else
        return i;
    if (j < p->n && (p->s[j] == '?' || p->s[j] == '+')) /* lazy or possessive */
        j++;
    return j;
}

static int parse_alt(parser *p);

/* One item at s[i], pushed on the stack; false at the end of a branch. */
static bool parse_item(parser *p)
{
    if (p->i >= p->n || p->s[p->i] == '|' || p->s[p->i] == ')' || p->why)
        return false;
    if (p->nitems >= MAX_NODES || p->nstack >= MAX_NODES) {
        p->why = "too many items";
        return false;
    }
    item it = {.kind = IT_RAW, .a = p->i};
    char c = p->s[p->i];
    if (c == '(') {
        size_t open = p->i + 1;
        if (open < p->n && p->s[open] == '?') {
            if (open + 1 >= p->n || p->s[open + 1] != ':') {
                p->why = "an inline option or look-around group";
                return false;
            }
            open += 2;
        }
        it.kind = IT_GROUP;
        it.b = open;
        p->i = open;
        it.alt = parse_alt(p);
        if (p->why)
            return false;
        if (p->i >= p->n || p->s[p->i] != ')') {
            p->why = "an unclosed group";
            return false;
        }
        p->i++;
    } else if (c == '[') {
        it.b = p->i = class_end(p, p->i);
    } else if (c == '\\') {
        it.b = p->i = escape_end(p, p->i);
    } else if (c == '^' || c == '$') {
        it.kind = c == '^' ? IT_BOL : IT_EOL;
        it.b = ++p->i;
    } else {
        it.b = p->i = p->i + mm_utf8_len((unsigned char)c);
        if (it.b > p->n)
            it.b = p->i = p->n;
    }
    if (p->why)
        return false;
    it.qa = p->i;
    it.qb = p->i = quant_end(p, p->i);
    if (it.qb > it.qa && (it.kind == IT_BOL || it.kind == IT_EOL)) {
        p->why = "a quantified anchor";
        return false;
    }
    p->items[p->nitems] = it;
    p->stack[p->nstack++] = p->nitems++;
    return true;
}

/* An alternation up to ')' or the end; its index. Items and branches are
 * laid out contiguously once a level is read (nested ones come first). */
static int parse_alt(parser *p)
{
    int bbase = p->nbstack;
    for (;;) {
        int base = p->nstack;
        while (parse_item(p))
            ;
        if (p->why)
            return -1;
        if (p->nbranches >= MAX_NODES || p->nitems + (p->nstack - base) > MAX_NODES) {
            p->why = "too many items";
            return -1;
        }
        /* copy this branch's items to a contiguous run */
        branch br = {.first_item = p->nitems, .nitems = p->nstack - base};
        for (int k = base; k < p->nstack; k++)
            p->items[p->nitems++] = p->items[p->stack[k]];
        p->nstack = base;
        p->branches[p->nbranches] = br;
        p->bstack[p->nbstack++] = p->nbranches++;
        if (p->i < p->n && p->s[p->i] == '|') {
            p->i++;
            continue;
        }
        break;
    }
    if (p->nalts >= MAX_NODES / 4 || p->nbranches + (p->nbstack - bbase) > MAX_NODES) {
        p->why = "too many groups";
        return -1;
    }
    alt a = {.first_branch = p->nbranches, .nbranches = p->nbstack - bbase};
    for (int k = bbase; k < p->nbstack; k++)
        p->branches[p->nbranches++] = p->branches[p->bstack[k]];
    p->nbstack = bbase;
    p->alts[p->nalts] = a;
    return p->nalts++;
}

/* Whether a quantifier lets its atom occur zero times. */
static bool may_be_absent(const parser *p, const item *it)
{
    if (it->qb == it->qa)
        return false;
    char q = p->s[it->qa];
    return q == '?' || q == '*' || (q == '{' && p->s[it->qa + 1] == '0');
}

static bool emit_alt(const parser *p, int a, bool at_end, bool end_form, mm_buf *out, bool *ok);

/* The items of branch b in reverse order into out; false when the branch
 * cannot match in this form (a '$' in the mid-text form). */
static bool emit_branch(const parser *p, const branch *b, bool at_end, bool end_form, mm_buf *out,
                        bool *ok)
{
    for (int k = b->nitems - 1; k >= 0 && *ok; k--) {
        const item *it = &p->items[b->first_item + k];
        bool last = at_end && k == b->nitems - 1;
        mm_buf one = {0};
        bool possible = true;
        switch (it->kind) {
        case IT_RAW: *ok = mm_buf_append(&one, p->s + it->a, it->b - it->a) == MM_OK; break;
        case IT_BOL: /* the start of the text is the end of the reversed one */
            *ok = mm_buf_puts(&one, "\\z") == MM_OK;
            break;
        case IT_EOL: /* only ever last: the match ends where the text does */
            possible = end_form;
            break;
        case IT_GROUP:
            *ok = mm_buf_append(&one, p->s + it->a, it->b - it->a) == MM_OK;
            possible = *ok && emit_alt(p, it->alt, last, end_form, &one, ok);
            *ok = *ok && mm_buf_putc(&one, ')') == MM_OK;
            break;
        }
        if (*ok && possible && it->qb > it->qa)
            *ok = mm_buf_append(&one, p->s + it->qa, it->qb - it->qa) == MM_OK;
        if (*ok && possible && one.len > 0)
            *ok = mm_buf_append(out, one.data, one.len) == MM_OK;
        mm_buf_free(&one);
        if (!possible && !may_be_absent(p, it))
            return false;
    }
    return true;
}

static bool emit_alt(const parser *p, int a, bool at_end, bool end_form, mm_buf *out, bool *ok)
{
    bool any = false;
    for (int k = 0; k < p->alts[a].nbranches && *ok; k++) {
        mm_buf one = {0};
        if (emit_branch(p, &p->branches[p->alts[a].first_branch + k], at_end, end_form, &one, ok) &&
            *ok) {
            if (any)
                *ok = mm_buf_putc(out, '|') == MM_OK;
            if (*ok && one.len > 0)
                *ok = mm_buf_append(out, one.data, one.len) == MM_OK;
            any = true;
        }
        mm_buf_free(&one);
    }
    return any;
}

/* '$' only where nothing can follow it: the last item of a last item ... of
 * the whole expression. */
static bool eol_final(const parser *p, int a, bool at_end)
{
    for (int k = 0; k < p->alts[a].nbranches; k++) {
        const branch *b = &p->branches[p->alts[a].first_branch + k];
        for (int j = 0; j < b->nitems; j++) {
            const item *it = &p->items[b->first_item + j];
            bool last = at_end && j == b->nitems - 1;
            if ((it->kind == IT_EOL && !last) ||
                (it->kind == IT_GROUP && !eol_final(p, it->alt, last)))
                return false;
        }
    }
    return true;
}

static bool has_eol(const parser *p)
{
    for (int k = 0; k < p->nitems; k++)
        if (p->items[k].kind == IT_EOL)
            return true;
    return false;
}

mm_status msg_regex_reverse(const char *expr, msg_reversed *out, mm_error *err)
{
    memset(out, 0, sizeof *out);
    parser *p = calloc(1, sizeof *p);
    if (p == NULL)
        return mm_error_set(err, MM_ENOMEM, "phrases", "out of memory");
    p->s = expr;
    p->n = strlen(expr);
    int root = parse_alt(p);
    if (!p->why && p->i < p->n)
        p->why = "an unmatched ')'";
    if (!p->why && !eol_final(p, root, true))
        p->why = "a '$' that is not at the end";
    mm_status st = MM_OK;
    if (p->why) {
        st = mm_error_set(err, MM_EINVAL, "phrases",
                          "pattern '%.100s' cannot be read backwards: it has %s", expr, p->why);
        goto out;
    }
    /* ^[\s\S]: the character just after the match's end (a sentinel when
     * none) is read first, so that \b there sees both its sides */
    out->ends_at_end = has_eol(p);
    for (int form = 0; form < 2; form++) {
        bool end_form = form == 1, ok = true;
        if (end_form && !out->ends_at_end)
            break;
        mm_buf b = {0};
        ok = mm_buf_puts(&b, "^[\\s\\S](?:") == MM_OK;
        bool possible = ok && emit_alt(p, root, true, end_form, &b, &ok);
        ok = ok && mm_buf_puts(&b, ")") == MM_OK;
        if (!ok) {
            mm_buf_free(&b);
            st = mm_error_set(err, MM_ENOMEM, "phrases", "out of memory");
            goto out;
        }
        if (!possible)
            mm_buf_free(&b);
        else if (end_form)
            out->at_end = b.data;
        else
            out->mid = b.data;
    }
out:
    if (st != MM_OK)
        msg_reversed_free(out);
    free(p);
    return st;
}

void msg_reversed_free(msg_reversed *r)
{
    free(r->mid);
    free(r->at_end);
    memset(r, 0, sizeof *r);
}
