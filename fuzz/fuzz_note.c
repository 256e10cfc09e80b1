/* fuzz_note.c — libFuzzer target: the note reader (front matter, then the
 * document path: sections, chunks, de-identification, concepts) storing
 * into a real scratch store. Seeds: examples/notes, test notes and
 * `ward synth` notes. */
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_ingest(ward_ingest_text, "fuzz.txt", data, size, 0);
    return 0;
}
