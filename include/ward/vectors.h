/* vectors.h — a store's vector index: DATA/vectors.hnsw, an HNSW graph over
 * the `embeddings` table.
 *
 * The file is a cache. Its stamp names the model, the dimension and the
 * store's vectors.generation (bumped by triggers on every change to
 * `embeddings`); a file that is missing, torn, corrupt or stale is rebuilt
 * from SQLite (incrementally when the old graph is still usable) and saved
 * atomically. Vectors that are all zeros (a text the embedder knew nothing
 * of) are left out: they are nobody's neighbour.
 */
#ifndef WARD_VECTORS_H
#define WARD_VECTORS_H

#include "ward/hnsw.h"
#include "ward/store.h"

/* The stamp the index file must carry for the store as it is now; 0 when
 * the store has vectors, WARD_ENOTFOUND when it has none, WARD_EIO when
 * the store cannot be read. */
int ward_vectors_stamp(ward_store *st, char *out, size_t cap, ward_err *err);
/* Loads DATA/vectors.hnsw, bringing it up to date first when needed. */
int ward_vectors_open(ward_store *st, ward_hnsw **out, ward_err *err);
/* Brings the file up to date (after `ward index`); *added gets the number
 * of vectors inserted into the graph (all of them after a rebuild). */
int ward_vectors_sync(ward_store *st, size_t *added, ward_err *err);

#endif
