/* extract_int.h — what the funnel commands (extract, vocab, eval) share:
 * reading a note from a file or stdin, and an extractor that knows the
 * store's imported vocabularies. */
#ifndef WARD_CLI_EXTRACT_COMMON_INT_H
#define WARD_CLI_EXTRACT_COMMON_INT_H

#include "cli_int.h"
#include "ward/funnel.h"

/* Reads FILE (or stdin when file is NULL or "-") whole; refuses binary data
 * and invalid UTF-8 with a message naming the file and byte offset. */
int cli_read_input(const char *file, char **out, size_t *len, ward_err *err);
/* A new extractor; with use_vocab, the vocabularies of the store at
 * cli->data_dir join it when that store exists (it is never created). */
int cli_extractor(cli_state *cli, ward_extractor_params p, int use_vocab, ward_extractor **out,
                  ward_err *err);

#endif
