/* cmd_ingest.c — `ward ingest PATH...`: load files and directories. */
#include "cli_int.h"
#include "ward/ingest.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void print_type(const char *type, long n, void *ud)
{
    if (ud) json_object_set_new(ud, type, json_integer(n));
    else printf("  %-28s %8ld\n", type, n);
}

/* Renders the run's events: errors as "ward ingest: FILE: record N: what",
 * progress as a bar with files, records, MB/s and ETA. */
typedef struct {
    ward_ingest *in;
    cli_bar bar;
} ingest_view;

static void render(void *ud, const ward_event *ev)
{
    ingest_view *v = ud;
    if (ev->kind == WARD_EVENT_PROGRESS) {
        const ward_ingest_counts *c = ward_ingest_get_counts(v->in);
        double secs = cli_now() - v->bar.t0, frac = ev->total ? (double)ev->done / (double)ev->total : 0;
        double eta = frac > 0.001 ? secs * (1 - frac) / frac : 0;
        cli_bar_draw(&v->bar, frac, ev->done >= ev->total, "files %ld/%ld  records %ld  %.1f MB/s  ETA %.0fs",
                     c->files, c->files_total, c->records, secs > 0 ? c->bytes / 1e6 / secs : 0, eta);
        return;
    }
    cli_bar_clear(&v->bar);
    fputs("ward ingest: ", stderr);
    if (ev->file) fprintf(stderr, "%s: ", ev->file);
    if (ev->file && ev->record > 0) fprintf(stderr, "record %ld: ", ev->record);
    fprintf(stderr, "%s\n", ev->msg ? ev->msg : "");
}

static int run(cli_state *cli, int argc, char **argv)
{
    int quiet = 0, npaths = 0, wait_ms = -1;
    long max_mb = 0, jobs = sysconf(_SC_NPROCESSORS_ONLN);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q")) quiet = 1;
        else if (!strcmp(argv[i], "--wait") && i + 1 < argc) {
            char *end;
            double w = strtod(argv[++i], &end);
            if (*end || w < 0 || w > 86400) return cli_fail("ingest", WARD_EUSAGE, "--wait needs seconds (0 to 86400)");
            wait_ms = (int)(w * 1000);
        } else if (!strcmp(argv[i], "--max-file-mb") && i + 1 < argc) {
            if ((max_mb = cli_parse_long(argv[++i])) < 0 || max_mb > 1 << 20)
                return cli_fail("ingest", WARD_EUSAGE, "--max-file-mb needs a positive number of MB");
        } else if (!strcmp(argv[i], "--jobs") && i + 1 < argc) {
            if ((jobs = cli_parse_long(argv[++i])) < 1 || jobs > 256)
                return cli_fail("ingest", WARD_EUSAGE, "--jobs needs a number of threads (1 to 256)");
        }
        else if (argv[i][0] == '-' && argv[i][1]) return cli_fail("ingest", WARD_EUSAGE, "unknown option %s", argv[i]);
        else npaths++;
    }
    if (!npaths) return cli_fail("ingest", WARD_EUSAGE, "give at least one file or directory (see ward ingest --help)");
    /* The writer's cache from large pages (src/store/lite.c); only this
     * command's: the region is resident whole, whatever a process uses. */
    ward_store_large_cache();
    ward_store *st = cli_store(cli);
    if (!st) return WARD_EIO;
    ward_ingest_params p = ward_ingest_default_params();
    if (wait_ms >= 0) p.busy_wait_ms = wait_ms;
    if (max_mb > 0) p.max_file_bytes = (size_t)max_mb << 20;
    p.jobs = jobs > 0 ? (int)jobs : 1;
    ingest_view view = {0};
    cli_bar_init(&view.bar, !quiet && !cli->json);
    p.report = render;
    p.report_ud = &view;
    ward_ingest *in = NULL;
    ward_err err = {0};
    int rc = ward_ingest_new(st, &p, &in, &err);
    view.in = in;
    for (int i = 1; i < argc && !rc; i++) {
        if (!strcmp(argv[i], "--wait") || !strcmp(argv[i], "--max-file-mb") || !strcmp(argv[i], "--jobs")) i++;
        else if (argv[i][0] != '-' || !argv[i][1]) rc = ward_ingest_path(in, argv[i], &err);
    }
    if (!rc) rc = ward_ingest_finish(in, &err);
    cli_bar_clear(&view.bar);
    if (rc) {
        ward_ingest_free(in);
        return cli_fail("ingest", rc, "%s (the store keeps every file committed before this)", err.msg);
    }
    const ward_ingest_counts *c = ward_ingest_get_counts(in);
    if (cli->json) {
        json_t *types = json_object();
        ward_ingest_each_type(in, print_type, types);
        cli_print_json(json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:o}", "files", (int)c->files,
            "files_failed", (int)c->files_failed, "records", (int)c->records,
            "records_failed", (int)c->records_failed, "unchanged", (int)c->skipped_unchanged,
            "documents", (int)c->documents, "chunks", (int)c->chunks, "superseded", (int)c->superseded,
            "by_type", types));
    } else if (!quiet) {
        printf("Ingested %ld files (%.1f MB): %ld records, %ld new documents, %ld chunks, %ld unchanged\n",
               c->files, c->bytes / 1e6, c->records, c->documents, c->chunks, c->skipped_unchanged);
        if (c->superseded)
            printf("%ld earlier document version(s) superseded: kept as history (ward show --history),"
                   " no longer searched or cited\n", c->superseded);
        ward_ingest_each_type(in, print_type, NULL);
        if (c->records_failed && c->files_failed)
            printf("%ld records and %ld files had errors (listed above)\n", c->records_failed, c->files_failed);
        else if (c->records_failed || c->files_failed)   /* "2 files had errors", not "0 records and 2 files" */
            printf("%ld %s had errors (listed above)\n", c->records_failed ? c->records_failed : c->files_failed,
                   c->records_failed ? "records" : "files");
    }
    int failed = c->records_failed || c->files_failed;
    cli_audit(cli, "ingest", NULL, failed ? "partial" : "ok");
    ward_ingest_free(in);
    return failed ? WARD_EINPUT : WARD_OK;
}

const cli_command cli_cmd_ingest = {
    "ingest", run, "load FHIR R4, HL7 v2, notes and literature",
    "usage: ward ingest [--quiet] [--json] [--jobs N] [--wait SECS] [--max-file-mb N] PATH...\n\n"
    "Loads files and directories (recursively). The format is detected by content:\n"
    "  FHIR R4 JSON     a resource or a Bundle (transaction, collection, searchset)\n"
    "  FHIR NDJSON      one resource per line, as a Bulk Data export writes it\n"
    "  HL7 v2           ADT (demographics), ORU^R01 (results, report text), MDM (notes),\n"
    "                   VXU (immunizations); other types give their patient\n"
    "  text / Markdown  clinical notes; optional front matter between '---' lines:\n"
    "                   patient:, date:, kind:, title:, author:. No patient: literature.\n\n"
    "Re-ingesting the same content changes nothing; a note, FHIR document or HL7\n"
    "document (TXA-12) that comes back edited supersedes its earlier version, which\n"
    "is kept as history but no longer searched or cited. Files are committed in groups\n"
    "(8 MB, or half a second of work, at most a second), so an interrupted run can\n"
    "simply be run again. A bad file or record is reported with its file name and\n"
    "record number, and the rest goes in; a failing store (disk full) stops the run.\n\n"
    "  -q, --quiet   no progress bar or summary (errors are still printed)\n"
    "  --jobs N      threads that read, de-identify, chunk and extract notes (default:\n"
    "                the number of cores); one thread writes, in input order, so the\n"
    "                store's content is the same for any N\n"
    "  --wait SECS   how long each file waits while another process holds the\n"
    "                store's write lock (default 30); a file that waited in vain\n"
    "                is reported by name, and the run goes on\n"
    "  --max-file-mb N  the largest note or FHIR JSON document read (default 64);\n"
    "                NDJSON and HL7 v2 files of any size are read a window of\n"
    "                records at a time, no record over N MB\n"
    "  --json        print counts as JSON\n\n"
    "Exit status: 0 all went in, 2 some files or records failed, 1 usage error.\n"};
