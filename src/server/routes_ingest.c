/* routes_ingest.c — POST /api/v1/ingest (integration engines) and
 * GET /api/v1/audit/export (admins).
 *
 * Ingest takes one body: a FHIR resource or Bundle (application/fhir+json,
 * application/json), NDJSON (application/x-ndjson, application/fhir+ndjson)
 * or HL7 v2 messages (application/hl7-v2, x-application/hl7-v2+er7). It runs
 * the same readers as `ward ingest`, in one transaction, each record in its
 * savepoint. FHIR and NDJSON get the run's counts as JSON; HL7 v2 gets an
 * ACK as an interface engine expects: MSA|AA when every record went in,
 * AE when some did not, AR when the message could not be read at all.
 */
#include "server_int.h"
#include "ward/ingest.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Field n (1-based, MSH-1 being the separator itself) of the MSH segment
 * into out; "" when absent. */
static void msh_field(const char *msg, size_t len, int n, char *out, size_t cap)
{
    *out = 0;
    if (len < 8 || strncmp(msg, "MSH", 3)) return;
    char sep = msg[3];
    const char *p = msg + 3, *end = msg + len;
    for (int f = 1; f < n && p < end; p++) {
        if (*p == '\r' || *p == '\n') return;
        if (*p == sep) f++;
    }
    size_t i = 0;
    while (p < end && *p != sep && *p != '\r' && *p != '\n' && i + 1 < cap) out[i++] = *p++;
    out[i] = 0;
}

static void hl7_ack(srv_req *r, const char *code, const char *text)
{
    const char *m = r->body.data ? r->body.data : "";
    size_t n = r->body.len;
    char app[64], fac[64], type[64], ctrl[64], ver[16], ts[16];
    msh_field(m, n, 3, app, sizeof app);
    msh_field(m, n, 4, fac, sizeof fac);
    msh_field(m, n, 9, type, sizeof type);
    msh_field(m, n, 10, ctrl, sizeof ctrl);
    msh_field(m, n, 12, ver, sizeof ver);
    const char *trigger = strchr(type, '^');
    char trig[16] = "";
    if (trigger) snprintf(trig, sizeof trig, "%.*s", (int)strcspn(trigger + 1, "^"), trigger + 1);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(ts, sizeof ts, "%Y%m%d%H%M%S", &tm);
    ward_buf b;
    ward_buf_init(&b);
    ward_buf_printf(&b, "MSH|^~\\&|WARD|WARD|%s|%s|%s||ACK^%s^ACK|ACK%s|P|%s\rMSA|%s|%s", app, fac, ts, trig,
                    ctrl, *ver ? ver : "2.5", code, ctrl);
    if (text) ward_buf_printf(&b, "|%s", text);
    ward_buf_putc(&b, '\r');
    srv_text(r, !strcmp(code, "AR") ? 400 : 200, "application/hl7-v2; charset=utf-8", b.data, b.len);
    ward_buf_free(&b);
}

static int is_hl7(const char *ctype)
{
    return ctype && (strstr(ctype, "hl7-v2") || strstr(ctype, "x-hl7"));
}

void srv_ingest(srv_req *r)
{
    if (!srv_may(r, "ingest")) return;
    ward_store *st = srv_store(r);
    if (!st) return;
    const char *ctype = srv_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
    int hl7 = is_hl7(ctype);
    if (!r->body.len) {
        if (hl7) hl7_ack(r, "AR", "empty message");
        else srv_problem(r, 400, "bad-request", "The body is empty.");
        return;
    }
    if (hl7 && (r->body.len < 8 || strncmp(r->body.data, "MSH", 3))) {
        hl7_ack(r, "AR", "not an HL7 v2 message (no MSH segment first)");
        return;
    }
    const char *name = hl7 ? "request.hl7" : ctype && strstr(ctype, "ndjson") ? "request.ndjson" : "request.json";
    ward_ingest_params p = ward_ingest_default_params();
    p.quiet = 1;
    ward_ingest *in = NULL;
    ward_err err = {0};
    int rc = ward_ingest_new(st, &p, &in, &err);
    if (!rc) rc = ward_store_begin(st, &err);
    if (!rc) {
        int read_rc = hl7 ? ward_ingest_hl7v2(in, name, r->body.data, r->body.len)
                          : ward_ingest_fhir(in, name, r->body.data, r->body.len);
        (void)read_rc;  /* record errors are counted below; a failed file shows as zero records */
        rc = ward_store_commit(st, &err);
        if (rc) ward_store_rollback(st);
    }
    if (!rc) rc = ward_ingest_finish(in, &err);
    const ward_ingest_counts *c = in ? ward_ingest_get_counts(in) : NULL;
    long ok = c ? c->records - c->records_failed : 0, failed = c ? c->records_failed : 0;
    char res[96];
    snprintf(res, sizeof res, "[\"records:%ld\",\"failed:%ld\"]", ok, failed);
    int arc = srv_audit(r, "ingest", NULL, res, rc ? "error" : failed ? "partial" : "ok");
    if (arc) {
        /* 500 already queued */
    } else if (rc) {
        if (hl7) hl7_ack(r, "AE", "the store could not take the message");
        else srv_problem_err(r, &err);
    } else if (hl7) {
        if (!ok && failed) hl7_ack(r, "AR", "no record of the message could be read");
        else if (!ok && !failed) hl7_ack(r, "AR", "not an HL7 v2 message");
        else if (failed) hl7_ack(r, "AE", "some records were not stored");
        else hl7_ack(r, "AA", NULL);
    } else {
        srv_json(r, failed && !ok ? 422 : 200,
                 json_pack("{s:I, s:I, s:I, s:I}", "records", (json_int_t)c->records, "failed",
                           (json_int_t)failed, "documents", (json_int_t)c->documents, "unchanged",
                           (json_int_t)c->skipped_unchanged));
    }
    ward_ingest_free(in);
}

static int export_line(void *ud, const char *line, size_t len)
{
    ward_buf *b = ud;
    ward_buf_append(b, line, len);
    if (!len || line[len - 1] != '\n') ward_buf_putc(b, '\n');
    return 0;
}

void srv_audit_export(srv_req *r)
{
    if (!srv_may(r, "admin")) return;
    ward_store *st = srv_store(r);
    if (!st) return;
    const char *from = srv_query(r, "from");
    ward_buf b;
    ward_buf_init(&b);
    ward_err err = {0};
    if (ward_audit_export_fhir(st, from ? atoll(from) : 0, export_line, &b, &err)) srv_problem_err(r, &err);
    else srv_text(r, 200, "application/fhir+ndjson", b.data ? b.data : "", b.len);
    ward_buf_free(&b);
}
