/*
 * main.c — the `mamoru` command: finds the subcommand and runs it.
 *
 * Subcommands are a table, each with its usage text, so `mamoru --help`,
 * `mamoru help CMD` and `mamoru CMD --help` print the same words.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

const cli_command cli_commands[] = {
    {"serve", "run the HTTP API and console",
     "mamoru serve [--db PATH] [--listen HOST:PORT] [--config FILE] [--web DIR] [--ready-file FILE]",
     cmd_serve},
    {"norm", "print the canonical form of a value",
     "mamoru norm KIND VALUE [--json]\n  KIND: phone url domain ip bank_account crypto_address card email\n"
     "        sns_account identity postal_address business",
     cmd_norm},
    {"report", "report one indicator",
     "mamoru report --kind K --value V --category C [--org NAME] [--status S] [--confidence N]\n"
     "              [--distribution D] [--evidence TEXT] [--expires UNIXTIME] [--db PATH]",
     cmd_report},
    {"lookup", "look up one value (exit 3 when not listed)",
     "mamoru lookup --kind K --value V [--db PATH]", cmd_lookup},
    {"import", "import indicators from CSV or JSONL (bad rows reported, good rows kept)",
     "mamoru import FILE [--format csv|jsonl] [--org NAME] [--batch N] [--db PATH]\n"
     "  CSV header: kind,value,category[,status,confidence,distribution,evidence,expires]\n"
     "  JSONL: one {\"kind\",\"value\",\"category\",...} object per line; FILE '-' is stdin",
     cmd_import},
    {"export", "export indicators as CSV or JSONL",
     "mamoru export [--format csv|jsonl] [--kind K] [--status S] [--out FILE] [--db PATH]", cmd_export},
    {"org", "manage organisations and API keys",
     "mamoru org add NAME --role ROLE [--db PATH]   (prints the API key on the last line)\n"
     "mamoru org list [--db PATH]\n"
     "mamoru org key NAME [--db PATH]               (issues another key)\n"
     "  ROLE: police bank carrier platform exchange merchant retailer delivery\n"
     "        filtering_vendor analyst",
     cmd_org},
    {"audit", "verify the hash-chained audit log",
     "mamoru audit verify [--db PATH]   (exit 4 when the chain is broken)", cmd_audit},
    {"screen", "screen an input (url, sms, email, call, post, payment) and print the verdict",
     "mamoru screen KIND ... [--db PATH] [--jsonl]   (`mamoru screen --help` lists the kinds)",
     cmd_screen},
    {"train", "train the message classifier (data/message_model.bin) on labelled messages",
     "mamoru train --in FILE[,FILE...] --out MODEL [--holdout PERCENT] [--bits 14-20]\n"
     "             [--epochs N] [--fpr RATE | --threshold P]\n"
     "  FILE: corpus TSV (label,category,channel,text,source), label<TAB>text, or CSV (.csv)\n"
     "  --fpr: calibrate the warn threshold to this benign rate (default 0.002)",
     cmd_train},
    {"request", "requests between organisations: freeze, inquiry, suspension, takedown",
     "mamoru request send|list|show|answer|sla ...   (`mamoru request --help`)", cmd_request},
    {"takedown", "takedown requests to hosting providers and time-to-takedown statistics",
     "mamoru takedown request|update|show|stats ...   (`mamoru takedown --help`)", cmd_takedown},
    {"discover", "rank unreported domains sharing IPs or certificates with confirmed phishing",
     "mamoru discover [--domain HOST] [--limit N] [--max-fanout N] [--window-days N] [--json]\n"
     "                [--db PATH]   (passive DNS from `mamoru import pdns FILE`)",
     cmd_discover},
    {"train-url", "train the URL risk model (data/url_model.bin) on phishing and benign URLs",
     "mamoru train-url --phish DIR|FILE[,...] --benign FILE[,...] --until YYYY-MM --out FILE\n"
     "                 [--from YYYY-MM] [--data DIR] [--bits 16-22] [--epochs N] [--fpr F]\n"
     "                 [--benign-weight W] [--rate R] [--baseline]\n"
     "  phishing: JPCERT/CC phishurl-list CSV files (rows dated after --until are not read);\n"
     "  benign: domain lists, split by hash (test half never trained on); --fpr: warn\n"
     "  threshold's false-positive rate on the calibration domains (default 0.001)",
     cmd_train_url},
    {"demo", "load the demo scenario (organisations and indicators)",
     "mamoru demo [--db PATH] [--keys-out FILE]", cmd_demo},
    {"trace", "follow a victim's money forward (FIFO attribution) and list freeze targets",
     "mamoru trace --tx ID [--json] [--hops N] [--window-hours H] [--plain]\n"
     "             [--db PATH | --transfers FILE.csv]\n"
     "mamoru trace --account A --amount YEN --time T [--json] [...]\n"
     "mamoru trace --mule ACCOUNT [...]          (mule score and its features, JSON)\n"
     "mamoru trace --collectors TXFILE [--min-victims K] [...]\n"
     "  --transfers: CSV id,time,from,to,amount (graph-trace peers' format) instead of the store\n"
     "  defaults: 6 hops, 72 h per hop; --window-hours 0: no time limit; --plain: the peers'\n"
     "  expansion (reached transfers and accounts, no amounts); --collectors: trace each\n"
     "  transfer id in TXFILE, list accounts reached from >= K (10) of them",
     cmd_trace},
    {NULL, NULL, NULL, NULL},
};

const cli_command *cli_find(const char *name)
{
    for (const cli_command *c = cli_commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: mamoru COMMAND [OPTIONS]\n\ncommands:\n");
    for (const cli_command *c = cli_commands; c->name; c++)
        fprintf(f, "  %-8s %s\n", c->name, c->summary);
    fprintf(f, "\n`mamoru COMMAND --help` for its options. Common options: --db PATH "
               "(default var/mamoru.db), --config FILE.\n"
               "exit codes: 0 ok, 1 failure, 2 bad input or usage, 3 not found, 4 audit "
               "chain broken\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(name, "help") == 0) {
        const cli_command *c = argc > 2 ? cli_find(argv[2]) : NULL;
        if (c)
            printf("usage: %s\n", c->usage);
        else
            usage(stdout);
        return EXIT_OK;
    }
    const cli_command *c = cli_find(name);
    if (c == NULL) {
        fprintf(stderr, "mamoru: unknown command '%s'\n\n", name);
        usage(stderr);
        return EXIT_USAGE;
    }
    return c->run(argc - 1, argv + 1);
}
