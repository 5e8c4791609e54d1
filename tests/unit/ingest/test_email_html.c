/* Tests for src/ingest/email_html.c and email_links.c: HTML reduced to
 * readable text (tags, entities, blocks, script/style, hidden elements,
 * malformed markup), the links and their visible text, <meta> charset
 * sniffing, and the link-text / href domain mismatch check with the reason
 * it adds to a verdict. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "ingest/email_internal.h"

typedef struct html_case {
    const char *html;
    const char *text;
    size_t nlinks;
    const char *href0, *text0;
} html_case;

static const html_case html_cases[] = {
    {"<p>one</p><p>two</p>", "one\ntwo", 0, NULL, NULL},
    {"a<br>b<br><br><br>c", "a\nb\n\nc", 0, NULL, NULL},
    {"  lots   of\r\n\tspace  ", "lots of space", 0, NULL, NULL},
    {"&lt;tag&gt; &amp;amp; &quot;q&quot; &#39;s&#39; &copy; &yen;1,000",
     "<tag> &amp; \"q\" 's' © ¥1,000", 0, NULL, NULL},
    {"&#x3042;&#12356;&#X3046; &#0; &#xD800; &#99999999; &#128;",
     "あいう \xEF\xBF\xBD \xEF\xBF\xBD "
     "\xEF\xBF\xBD €",
     0, NULL, NULL},
    {"AT&T &unknown; & alone &amp", "AT&T &unknown; & alone &", 0, NULL, NULL},
    {"x<script type=\"text/javascript\">if (a < b) document.write('<p>no</p>')</script>y", "xy", 0,
     NULL, NULL},
    {"<STYLE>p { color: red }</STYLE><Title>T</Title>body", "body", 0, NULL, NULL},
    {"<!-- <p>hidden comment</p> -->shown<!DOCTYPE html><?xml x?>", "shown", 0, NULL, NULL},
    {"<table><tr><td>A</td><td>B</td></tr><tr><td>C</td></tr></table>", "A B\nC", 0, NULL, NULL},
    {"<ul><li>one<li>two</ul>", "one\ntwo", 0, NULL, NULL},
    {"3 < 5 and 5 > 3", "3 < 5 and 5 > 3", 0, NULL, NULL},
    {"<p>unterminated <b", "unterminated", 0, NULL, NULL},
    {"<!-- never closed", "", 0, NULL, NULL},
    {"<script>never closed", "", 0, NULL, NULL},
    {"<a href=\"https://a.example/x?a=1&amp;b=2\">Click <b>here</b></a>", "Click here", 1,
     "https://a.example/x?a=1&b=2", "Click here"},
    {"<a href='https://a.example/'>A</a> <a href=https://b.example/>B</a>", "A B", 2,
     "https://a.example/", "A"},
    {"<a name=\"top\">anchor</a><a href=\"\">empty</a>", "anchorempty", 0, NULL, NULL},
    {"<a href=\"https://a.example/\">open <a href=\"https://b.example/\">second</a>", "open second",
     2, "https://a.example/", "open"},
    {"<a href=\"https://a.example/\"><img src=\"x.png\"></a>", "", 1, "https://a.example/", NULL},
    {"<a href=\"https://a.ex\r\nample/\">x</a>", "x", 1, "https://a.example/", "x"},
    {"<map><area href=\"https://m.example/\" alt=\"map link\"></map>", "", 1, "https://m.example/",
     "map link"},
    {"<form action=\"https://collect.test/post\"><input name=pin></form>", "", 1,
     "https://collect.test/post", NULL},
    {"<div style=\"display:none\">pre-header <div>nested</div> still hidden</div>after", "after", 0,
     NULL, NULL},
    {"<span style=\"VISIBILITY : Hidden\">x</span>y<span style='font-size:0px'>z</span>", "y", 0,
     NULL, NULL},
    {"<p style=\"font-size:0.8em\">small but shown</p>", "small but shown", 0, NULL, NULL},
    {"<div hidden>h</div>v", "v", 0, NULL, NULL},
    {"<div style=\"display:none\">never closed, so not treated as hidden",
     "never closed, so not "
     "treated as hidden",
     0, NULL, NULL},
    {"<img style=\"display:none\" src=x>text", "text", 0, NULL, NULL},
    {"line<br/>break", "line\nbreak", 0, NULL, NULL},
};

Test(email_html, text_and_links)
{
    for (size_t i = 0; i < sizeof html_cases / sizeof html_cases[0]; i++) {
        const html_case *c = &html_cases[i];
        mm_arena *a = mm_arena_new(0);
        email_state st = {.a = a};
        mm_buf out = {0};
        email_html_to_text(&st, c->html, strlen(c->html), &out);
        const char *t = out.data ? out.data : "";
        cr_expect_str_eq(t, c->text, "case %zu '%s'", i, c->html);
        cr_expect_eq(st.nlinks, c->nlinks, "case %zu: %zu links", i, st.nlinks);
        if (c->nlinks && st.nlinks) {
            cr_expect_str_eq(st.links[0].href, c->href0, "case %zu", i);
            if (c->text0)
                cr_expect(st.links[0].text && strcmp(st.links[0].text, c->text0) == 0,
                          "case %zu: link text '%s'", i,
                          st.links[0].text ? st.links[0].text : "(null)");
            else
                cr_expect_null(st.links[0].text, "case %zu", i);
        }
        mm_buf_free(&out);
        mm_arena_free(a);
    }
}

Test(email_html, meta_charset)
{
    static const struct {
        const char *html, *cs;
    } cases[] = {
        {"<html><head><meta charset=\"Shift_JIS\"></head>", "Shift_JIS"},
        {"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=euc-jp\">", "euc-jp"},
        {"<META CONTENT='text/html;charset=ISO-2022-JP' HTTP-EQUIV=content-type>", "ISO-2022-JP"},
        {"<p>the word charset=utf-8 in text does not count</p>", NULL},
        {"<p>no declaration</p>", NULL},
    };
    mm_arena *a = mm_arena_new(0);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *cs = email_html_meta_charset(cases[i].html, strlen(cases[i].html), a);
        if (cases[i].cs)
            cr_expect(cs && strcmp(cs, cases[i].cs) == 0, "case %zu: '%s'", i, cs ? cs : "(null)");
        else
            cr_expect_null(cs, "case %zu: '%s'", i, cs);
    }
    mm_arena_free(a);
}

/* Hostile nesting: many hidden elements without end tags stay linear. */
Test(email_html, hidden_search_is_budgeted, .timeout = 10)
{
    mm_buf h = {0};
    for (int i = 0; i < 100000; i++)
        mm_buf_puts(&h, "<div hidden>x");
    mm_arena *a = mm_arena_new(0);
    email_state st = {.a = a};
    mm_buf out = {0};
    email_html_to_text(&st, h.data, h.len, &out);
    cr_expect_geq(out.len, 1);
    mm_buf_free(&out);
    mm_buf_free(&h);
    mm_arena_free(a);
}

typedef struct mismatch_case {
    const char *href, *text;
    bool mismatch;
    const char *shown, *actual;
} mismatch_case;

static const mismatch_case mismatch_cases[] = {
    {"https://aoba-bank.example.verify-nrgeyn.test/login", "https://www.aoba-bank.example/", true,
     "aoba-bank.example", "verify-nrgeyn.test"},
    {"http://203.0.113.7/login", "www.hikari-bank.co.jp", true, "hikari-bank.co.jp", "203.0.113.7"},
    {"https://evil.test/", "Visit hikari-bank.co.jp today", true, "hikari-bank.co.jp", "evil.test"},
    {"https://evil.test/", "（https://www.sagawa-exp.co.jp/）", true, "sagawa-exp.co.jp",
     "evil.test"},
    {"https://click.aoba-bank.example/t?u=1", "https://www.aoba-bank.example/", false, NULL,
     NULL}, /* same company's tracker */
    {"https://WWW.Aoba-Bank.Example/", "www.aoba-bank.example", false, NULL, NULL},
    {"https://evil.test/", "こちら", false, NULL, NULL}, /* names no site */
    {"https://evil.test/", "click here", false, NULL, NULL},
    {"https://evil.test/", "invoice.pdf", false, NULL, NULL},           /* a file name */
    {"https://evil.test/", "support@bank.example", false, NULL, NULL},  /* an address */
    {"mailto:x@evil.test", "https://bank.example/", false, NULL, NULL}, /* not a web link */
    {"#top", "https://bank.example/", false, NULL, NULL},
    {"https://evil.test/", NULL, false, NULL, NULL},
    {"https://xn--fdk0br.jp/", "https://ヤマト.jp/", false, NULL, NULL}, /* IDN = punycode */
    {"https://evil.test/", "ftp://bank.example/", false, NULL, NULL},
    /* found by fuzz_email: a token starting with ')' looped forever */
    {"https://evil.test/", ")x) ]bank.example>", true, "bank.example", "evil.test"},
    {"https://evil.test/", ")))", false, NULL, NULL},
};

Test(email_links, mismatch)
{
    mm_arena *a = mm_arena_new(0);
    for (size_t i = 0; i < sizeof mismatch_cases / sizeof mismatch_cases[0]; i++) {
        const mismatch_case *c = &mismatch_cases[i];
        mm_link l = {c->href, c->text};
        const char *s = NULL, *t = NULL;
        bool got = mm_email_link_mismatch(&l, a, &s, &t);
        cr_expect_eq(got, c->mismatch, "case %zu: '%s' → '%s'", i, c->text ? c->text : "(null)",
                     c->href);
        if (got && c->mismatch) {
            cr_expect_str_eq(s, c->shown, "case %zu", i);
            cr_expect_str_eq(t, c->actual, "case %zu", i);
        }
    }
    mm_arena_free(a);
}

Test(email_links, reasons)
{
    mm_arena *a = mm_arena_new(0);
    mm_link links[] = {
        {"https://evil.test/a", "https://bank.example/"},
        {"https://evil.test/b", "https://www.bank.example/"}, /* same pair: one reason */
        {"https://other.test/", "bank.example"},
        {"https://bank.example/ok", "https://bank.example/"},
    };
    mm_email_msg m = {.links = links, .nlinks = 4};
    mm_verdict v;
    mm_verdict_init(&v);
    cr_assert_eq(mm_email_add_link_reasons(&m, a, &v), MM_OK);
    cr_assert_eq(v.nreasons, 2);
    cr_expect_str_eq(v.reasons[0].code, "EMAIL_LINK_MISMATCH");
    cr_expect_str_eq(v.reasons[0].category, "phishing");
    cr_expect_str_eq(v.reasons[0].detail,
                     "link text shows bank.example but the link goes to evil.test");
    cr_expect_eq(v.reasons[0].span_start, 0);
    cr_expect_eq(v.reasons[0].span_end, 0);
    mm_verdict_finish(&v, NULL);
    cr_expect_geq(v.score, MM_THRESHOLDS_DEFAULT.warn);
    cr_expect_str_eq(v.category, "phishing");
    /* a second call adds nothing: both pairs are in the verdict already */
    cr_assert_eq(mm_email_add_link_reasons(&m, a, &v), MM_OK);
    cr_expect_eq(v.nreasons, 2);
    mm_arena_free(a);
}

/* The message screener's own link check counts; the same pair is not added twice. */
Test(email_links, no_double_count_with_the_screener)
{
    mm_arena *a = mm_arena_new(0);
    mm_link links[] = {
        {"https://evil.test/a", "https://bank.example/"},
        {"https://other.test/", "bank.example"},
    };
    mm_email_msg m = {.links = links, .nlinks = 2};
    mm_verdict v;
    mm_verdict_init(&v);
    mm_reason theirs = {.code = "LINK_TEXT_MISMATCH",
                        .category = "phishing",
                        .detail = "link shows bank.example but goes to evil.test",
                        .weight = 50};
    mm_verdict_add(&v, a, &theirs);
    cr_assert_eq(mm_email_add_link_reasons(&m, a, &v), MM_OK);
    cr_assert_eq(v.nreasons, 2);
    cr_expect_str_eq(v.reasons[1].code, "EMAIL_LINK_MISMATCH");
    cr_expect(strstr(v.reasons[1].detail, "other.test") != NULL);
    mm_arena_free(a);
}
