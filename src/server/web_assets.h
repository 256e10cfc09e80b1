/* web_assets.h — the web workspace's files, embedded at build time.
 *
 * cmake/embed_web.cmake writes generated/web_assets.c from web/: one entry
 * per file with its URL path ("/index.html", "/js/app.js"), content type,
 * ETag (quoted, from the content's SHA-256) and bytes. The table ends with
 * an entry whose path is NULL.
 */
#ifndef WARD_WEB_ASSETS_H
#define WARD_WEB_ASSETS_H

#include <stddef.h>

typedef struct web_asset {
    const char *path, *type, *etag;
    const unsigned char *data;
    size_t len;
} web_asset;

extern const web_asset web_assets[];

#endif
