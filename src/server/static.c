/* static.c — the web workspace (web/), served from the binary.
 *
 * The files are embedded at build time (web_assets.h); nothing is read
 * from disk at run time and nothing comes from elsewhere. "/" is
 * index.html. Every answer carries a strict Content-Security-Policy: only
 * this origin's scripts, styles and connections, no inline script or style,
 * no framing. Files are revalidated on each use (Cache-Control: no-cache)
 * against their ETag, so a reload costs a 304 and a new build is seen at
 * once.
 */
#include "server_int.h"
#include "web_assets.h"

#include <string.h>

#define WEB_CSP                                                                                    \
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "             \
    "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

static const web_asset *find_asset(const char *path)
{
    if (!strcmp(path, "/")) path = "/index.html";
    for (const web_asset *a = web_assets; a->path; a++)
        if (!strcmp(a->path, path)) return a;
    return NULL;
}

/* Headers every workspace answer carries (the 404 too). */
static void web_headers(struct MHD_Response *resp)
{
    MHD_add_response_header(resp, "Content-Security-Policy", WEB_CSP);
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
}

void srv_static(srv_req *r)
{
    const web_asset *a = find_asset(r->url);
    if (!a) {
        srv_problem(r, 404, "not-found", "No such route.");
        web_headers(r->resp);
        return;
    }
    const char *inm = srv_header(r, MHD_HTTP_HEADER_IF_NONE_MATCH);
    if (inm && !strcmp(inm, a->etag)) srv_text(r, 304, NULL, "", 0);
    else srv_text(r, 200, a->type, (const char *)a->data, a->len);
    MHD_add_response_header(r->resp, MHD_HTTP_HEADER_ETAG, a->etag);
    MHD_add_response_header(r->resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
    web_headers(r->resp);
}
