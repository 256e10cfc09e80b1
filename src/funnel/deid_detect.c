/* deid_detect.c — finding HIPAA Safe Harbor identifiers in clinical text.
 *
 * One tokenization (deid_tokens.c), then rules over tokens; no regular
 * expressions. Each token is looked up once in the word table
 * (deid_words.c: data/deid_words.tsv and data/deid_cues.tsv). The rules
 * propose candidate spans with a priority; deid.c keeps the best
 * non-overlapping ones.
 *
 * Ideas a reader needs:
 *  - Structure first (deid_shapes.c): dates, phones, SSNs, e-mails, URLs,
 *    IPs have shapes. Record numbers are recognised by their cue ("MRN:",
 *    "policy #"), and long digit runs without one are still taken as IDs.
 *    Places follow: streets, cities, facilities.
 *  - Names need context (deid_names.c): a title, a label, a cue phrase, a
 *    relation word, a credential, or the name lists.
 *  - A name found once is found everywhere in the document ("Mr. Okafor ...
 *    Okafor reports"), but not where the word is used clinically ("Dr.
 *    Swan ... Swan-Ganz catheter"): deid_terms.c cuts such words out.
 */
#include "funnel/deid_int.h"

void deid_detect(deid_doc *d)
{
    deid_words();
    deid_tokenize(d);
    deid_tok_map(d);
    deid_terms_mark(d);
    deid_names nm;
    deid_names_begin(d, &nm);
    size_t last_date_end = 0;
    for (size_t i = 0; i < d->n;) {
        size_t e = deid_shapes(d, i, &last_date_end);
        if (e) {
            i = e;
            continue;
        }
        deid_names_at(d, &nm, i);
        i++;
    }
    deid_names_end(d, &nm);
    deid_ages_end(d);
    deid_date_ranges(d);
    deid_places_end(d);
    deid_address_end(d);
    /* clinical terms stay, whichever rule took their words (deid_terms.c) */
    deid_terms_keep(d, d->nc);
}
