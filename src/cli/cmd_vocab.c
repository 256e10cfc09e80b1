/* cmd_vocab.c — `ward vocab import FILE` and `ward vocab lookup TEXT`:
 * the larger vocabularies a site owns (ICD-10-CM code tables, SNOMED or
 * LOINC extracts, RxNorm's RXNCONSO.RRF) loaded into the store, where code
 * lookup and the concept extractor find them.
 *
 * Import is one transaction; a bad line is reported ("FILE: line N: what")
 * and skipped, the rest goes in, and the exit status is then 2. */
#include "cli_int.h"
#include "ward/funnel.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct import {
    ward_store *st;
    const char *file, *system;
    int rrf;
    long lines, added, bad, skipped;
} import;

static void bad_line(import *im, long line, const char *what)
{
    im->bad++;
    fprintf(stderr, "ward vocab: %s: line %ld: %s\n", im->file, line, what);
}

/* ICD-10-CM files write codes without the dot ("E119"): store "E11.9". */
static void norm_code(const import *im, const char *code, size_t n, char *out, size_t cap)
{
    if (!strcmp(im->system, "ICD10CM") && n > 3 && !memchr(code, '.', n))
        snprintf(out, cap, "%.3s.%.*s", code, (int)(n - 3), code + 3);
    else
        snprintf(out, cap, "%.*s", (int)n, code);
}

/* Splits line on sep into at most max fields. */
static int split(char *line, char sep, char **f, int max)
{
    int n = 0;
    f[n++] = line;
    for (char *p = line; *p && n < max; p++)
        if (*p == sep) {
            *p = 0;
            f[n++] = p + 1;
        }
    return n;
}

static int put(import *im, long line, const char *code, size_t cn, const char *desc)
{
    char c[40];
    if (!cn || cn > 32 || strpbrk(code, " \t") != NULL) {
        bad_line(im, line, "the code is empty, longer than 32 characters or has spaces");
        return WARD_OK;
    }
    if (!*desc || strlen(desc) > 2000) {
        bad_line(im, line, "the description is empty or longer than 2000 bytes");
        return WARD_OK;
    }
    norm_code(im, code, cn, c, sizeof c);
    ward_err err = {0};
    int rc = ward_store_vocab_put(im->st, im->system, c, desc, &err);
    if (rc) fprintf(stderr, "ward vocab: %s\n", err.msg);
    else im->added++;
    return rc;
}

static int import_line(import *im, long line, char *s)
{
    size_t n = strlen(s), bad;
    while (n && (s[n - 1] == '\r' || s[n - 1] == '\n')) s[--n] = 0;
    if (!n) return WARD_OK;
    if (!ward_utf8_valid(s, n, &bad)) {
        bad_line(im, line, "invalid UTF-8");
        return WARD_OK;
    }
    char *f[20];
    if (im->rrf) {
        int nf = split(s, '|', f, 20);
        if (nf < 17) {
            bad_line(im, line, "not an RXNCONSO.RRF row (fewer than 17 '|'-separated fields)");
            return WARD_OK;
        }
        /* English RxNorm names of ingredients and brands, not suppressed */
        const char *tty = f[12];
        if (strcmp(f[1], "ENG") || strcmp(f[11], "RXNORM") || strcmp(f[16], "N") ||
            (strcmp(tty, "IN") && strcmp(tty, "PIN") && strcmp(tty, "MIN") && strcmp(tty, "BN"))) {
            im->skipped++;
            return WARD_OK;
        }
        return put(im, line, f[0], strlen(f[0]), f[14]);
    }
    int nf = split(s, '\t', f, 2);
    if (nf < 2) {
        bad_line(im, line, "expected code<TAB>description");
        return WARD_OK;
    }
    if (line == 1 && !strcasecmp(f[0], "code")) return WARD_OK;   /* a header row */
    return put(im, line, f[0], strlen(f[0]), ward_str_trim(f[1]));
}

static const char *guess_system(const char *file)
{
    const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    if (ward_str_casestr(base, "icd10") || ward_str_casestr(base, "icd-10")) return "ICD10CM";
    if (ward_str_casestr(base, "rxnconso") || ward_str_casestr(base, "rxnorm")) return "RXNORM";
    if (ward_str_casestr(base, "snomed") || ward_str_casestr(base, "sct")) return "SNOMED";
    if (ward_str_casestr(base, "loinc")) return "LOINC";
    return NULL;
}

static int run_import(cli_state *cli, const char *file, const char *system)
{
    import im = {0};
    im.file = file;
    im.system = system ? system : guess_system(file);
    if (!im.system)
        return cli_fail("vocab", WARD_EUSAGE, "%s: cannot tell the vocabulary from the file name: give --system NAME (ICD10CM, SNOMED, RXNORM, LOINC...)", file);
    im.rrf = ward_str_endswith(file, ".RRF") || ward_str_endswith(file, ".rrf");
    FILE *f = fopen(file, "r");
    if (!f) return cli_fail("vocab", WARD_EINPUT, "%s: cannot open", file);
    ward_err err = {0};
    int rc = WARD_OK;
    if (!(im.st = cli_store(cli))) rc = WARD_EIO;
    else if ((rc = ward_store_begin(im.st, &err))) cli_fail("vocab", rc, "%s", err.msg);
    char *line = NULL;
    size_t cap = 0;
    while (!rc && getline(&line, &cap, f) >= 0) rc = import_line(&im, ++im.lines, line);
    free(line);
    fclose(f);
    if (im.st && !rc && (rc = ward_store_commit(im.st, &err))) cli_fail("vocab", rc, "%s", err.msg);
    if (im.st && rc) ward_store_rollback(im.st);
    if (rc) return rc;
    if (cli->json)
        cli_print_json(json_pack("{s:s, s:s, s:I, s:I, s:I}", "file", file, "system", im.system, "added",
                                 (json_int_t)im.added, "bad_lines", (json_int_t)im.bad, "skipped", (json_int_t)im.skipped));
    else
        printf("%s: %ld %s entries imported, %ld bad lines, %ld rows not used\n", file, im.added, im.system,
               im.bad, im.skipped);
    return im.bad ? WARD_EINPUT : WARD_OK;
}

typedef struct lookup {
    json_t *list;
    int json;
    long n;
} lookup;

static int show(void *ud, const char *system, const char *code, const char *desc)
{
    lookup *l = ud;
    l->n++;
    if (l->json) json_array_append_new(l->list, json_pack("{s:s, s:s, s:s}", "system", system, "code", code, "description", desc));
    else printf("%-8s %-10s %s\n", system, code, desc);
    return 0;
}

static int run_lookup(cli_state *cli, const char *text, long k)
{
    ward_store *st = cli_store(cli);
    if (!st) return WARD_EIO;
    lookup l = {json_array(), cli->json, 0};
    ward_err err = {0};
    int rc = ward_store_vocab_lookup(st, text, (int)k, show, &l, &err);
    if (rc) {
        json_decref(l.list);
        return cli_fail("vocab", rc, "%s", err.msg);
    }
    if (cli->json) cli_print_json(l.list);
    else {
        if (!l.n) printf("No matches.\n");
        json_decref(l.list);
    }
    return WARD_OK;
}

static int run(cli_state *cli, int argc, char **argv)
{
    const char *sub = argc > 1 ? argv[1] : "", *system = NULL, *arg = NULL;
    long k = 20;
    ward_buf text;
    ward_buf_init(&text);
    int rc = WARD_OK;
    for (int i = 2; i < argc && !rc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--system") || !strcmp(a, "-k")) {
            if (!v) rc = cli_fail("vocab", WARD_EUSAGE, "%s needs a value", a);
            else if (a[1] == 'k' && (k = cli_parse_long(v)) < 0) rc = cli_fail("vocab", WARD_EUSAGE, "-k needs a positive number");
            else if (a[1] != 'k') system = v;
            i++;
        } else if (a[0] == '-' && a[1]) {
            rc = cli_fail("vocab", WARD_EUSAGE, "unknown option %s", a);
        } else {
            if (!arg) arg = a;
            if (text.len) ward_buf_putc(&text, ' ');
            ward_buf_puts(&text, a);
        }
    }
    if (!rc && !strcmp(sub, "import") && arg) rc = run_import(cli, arg, system);
    else if (!rc && !strcmp(sub, "lookup") && text.len) rc = run_lookup(cli, text.data, k);
    else if (!rc) rc = cli_fail("vocab", WARD_EUSAGE, "say import FILE or lookup TEXT (see ward vocab --help)");
    ward_buf_free(&text);
    return rc;
}

const cli_command cli_cmd_vocab = {
    "vocab", run, "import and look up vocabularies (ICD-10-CM, RxNorm...)",
    "usage: ward vocab import FILE [--system NAME]\n"
    "       ward vocab lookup TEXT [-k N] [--json]\n\n"
    "import  loads a code<TAB>description table (an ICD-10-CM code file, a SNOMED\n"
    "        or LOINC extract; a first row \"code<TAB>description\" is skipped) or\n"
    "        RxNorm's RXNCONSO.RRF (English ingredient and brand names) into the\n"
    "        store. ward extract and ingest then match its descriptions in notes\n"
    "        and attach its codes. Bad lines are reported with their number and\n"
    "        skipped; the rest is imported (exit status 2 when any was bad).\n"
    "        --system NAME  the vocabulary (default: from the file name: ICD10CM,\n"
    "                       RXNORM, SNOMED, LOINC)\n"
    "lookup  entries whose code is TEXT, then those whose description holds TEXT\n"
    "        -k N  at most N description matches (default 20)\n"};
