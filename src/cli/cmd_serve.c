/*
 * cmd_serve.c — `mamoru serve`: read flags and config, open the store and
 * hand both to the HTTP server, which runs until SIGINT/SIGTERM.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "mamoru/server.h"

static const char *const serve_opts[] = {"--listen", "--web", "--data", "--ready-file", "--threads", NULL};

/* "HOST:PORT" → host (static buffer in cfg) and port; -1 on error. */
static int split_listen(const char *s, char *host, size_t hostcap, int *port)
{
    const char *colon = strrchr(s, ':');
    if (colon == NULL || colon == s || (size_t)(colon - s) >= hostcap)
        return -1;
    char *end;
    long p = strtol(colon + 1, &end, 10);
    if (*end != '\0' || end == colon + 1 || p < 0 || p > 65535)
        return -1;
    memcpy(host, s, (size_t)(colon - s));
    host[colon - s] = '\0';
    if (host[0] == '[') { /* [::1] */
        size_t n = strlen(host);
        if (host[n - 1] != ']')
            return -1;
        memmove(host, host + 1, n - 2);
        host[n - 2] = '\0';
    }
    *port = (int)p;
    return 0;
}

int cmd_serve(int argc, char **argv)
{
    cli_args a;
    int rc = cli_parse(argc, argv, serve_opts, NULL, &a, cli_find("serve"));
    if (rc || a.help)
        return rc;
    cli_config cfg;
    if ((rc = cli_load_config(&a.common, &cfg)))
        return rc;
    const char *listen = cli_get(&a, "--listen") ? cli_get(&a, "--listen") : cfg.listen;
    char host[256];
    int port;
    if (split_listen(listen, host, sizeof host, &port) != 0) {
        fprintf(stderr, "mamoru serve: --listen: expected HOST:PORT, got '%s'\n", listen);
        return EXIT_USAGE;
    }
    const char *threads = cli_get(&a, "--threads");
    if (threads) {
        cfg.threads = atoi(threads);
        if (cfg.threads < 1 || cfg.threads > 64) {
            fprintf(stderr, "mamoru serve: --threads: expected 1..64, got '%s'\n", threads);
            return EXIT_USAGE;
        }
    }
    const char *data = cli_get(&a, "--data") ? cli_get(&a, "--data") : cfg.data_dir;
    if ((rc = cli_check_data_dir(data, cli_get(&a, "--data") || cfg.data_dir_set)))
        return rc;
    mm_store *store;
    mm_zengin *codes;
    if ((rc = cli_open_store(&cfg, &store, &codes)))
        return rc;
    mm_server_config sc = {
        .host = host,
        .port = port,
        .web_dir = cli_get(&a, "--web") ? cli_get(&a, "--web") : cfg.web_dir,
        .data_dir = data,
        .max_body = (size_t)cfg.max_body,
        .timeout_s = cfg.timeout_s,
        .threads = cfg.threads,
        .max_connections = 512,
        .ready_file = cli_get(&a, "--ready-file"),
        .zengin = codes,
    };
    mm_error err = {0};
    mm_status st = mm_server_run(store, &sc, &err);
    mm_store_close(store);
    mm_zengin_free(codes);
    if (st != MM_OK)
        return cli_fail(&err, st);
    return EXIT_OK;
}
