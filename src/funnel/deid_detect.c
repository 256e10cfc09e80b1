/* deid_detect.c — finding HIPAA Safe Harbor identifiers in clinical text.
 *
 * One tokenization, then rules over tokens; no regular expressions. Each
 * token is looked up once in the word table (data/deid_words.tsv: first and
 * last names from many origins, eponyms, drugs and clinical words, titles,
 * credentials, street suffixes, states, cities, facility heads, months).
 * The rules propose candidate spans with a priority; deid.c keeps the best
 * non-overlapping ones.
 *
 * Ideas a reader needs:
 *  - Structure first: dates, phones, SSNs, e-mails, URLs, IPs have shapes.
 *    Record numbers are recognised by their cue ("MRN:", "policy #"), and
 *    long digit runs without one are still taken as IDs.
 *  - Names need context. Strong cues (a title, a "Patient:" label, "seen
 *    by", a relative word, a credential after) take any capitalized words;
 *    the name lists alone take capitalized words that are not also everyday
 *    words, and pairs like "Maria Okafor". Eponyms followed by a clinical
 *    noun (Parkinson disease, Bell's palsy) and drugs are never names.
 *  - A name found once is found everywhere in the document ("Mr. Okafor ...
 *    Okafor reports").
 */
#include "funnel/deid_int.h"
#include "data_deid_words_tsv.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ---- the word table ---- */

static ward_lex *words;
static pthread_once_t words_once = PTHREAD_ONCE_INIT;

static const char *const HEADS[] = {
    "disease", "diseases", "syndrome", "sign", "signs", "test", "tests", "maneuver", "maneuvers",
    "reflex", "reflexes", "palsy", "lymphoma", "lymphomas", "sarcoma", "tumor", "tumour", "score",
    "scores", "scale", "classification", "criteria", "phenomenon", "ulcer", "node", "nodes",
    "fracture", "fractures", "esophagus", "ileitis", "colitis", "thyroiditis", "encephalopathy",
    "aphasia", "area", "line", "catheter", "tube", "drain", "procedure", "operation", "repair",
    "incision", "position", "triad", "law", "cell", "cells", "body", "bodies", "disorder",
    "dementia", "type", "grade", "stage", "staging", "lesion", "lesions", "cyst", "gangrene",
    "contracture", "deformity", "hernia", "diverticulum", "point", "pouch", "space", "canal",
    "duct", "gland", "membrane", "angle", "ligament", "retractor", "retractors", "clamp",
    "forceps", "scissors", "needle", "stitch", "suture", "dressing", "solution", "stain", "count",
    "counts", "negative", "positive", "downgoing", "upgoing", "equivocal", "bilaterally",
    "chorea", "tremor", "anomaly", "malformation", "esophagitis", "filter", "shunt", "valve",
    "lavage", "block", "approach", "technique", "method", "equation", "formula", "index", "ratio",
    "murmur", "pulse", "respirations", "breathing", "rhythm", "phenomena", "nodule", "nodules",
    "spots", "spot", "lines", "rings", "ring", "crisis", "complex", "variant", "palsies", "paralysis",
    "neuralgia", "neuropathy", "arthritis", "fasciitis", "ulcers", "hemorrhage", "thrombosis",
    "varices", "varix", "tear", "tears", "lesion", "mass", "cyst", "sac", "organ", "organs", "fluid",
    "of", "sign's", "class", "pattern", "gait", "maneuvers", "classification", "criteria", "view",
    "projection", "prep", "preparation", "pump", "bag", "mask", "collar", "splint", "boot", "brace",
    "catheters", "tubes", "drains", "tongs", "frame", "table", "bed", "headrest", "holder", "system",
    "device", "stent", "graft", "sheath", "wire", "screw", "screws", "plate", "nail", "pin", "pins",
    "scope", "blade", "cannula", "speculum", "elevator", "rongeur", "curette", "dissector", "hook",
    "inventory", "questionnaire", "battery", "assessment", "naming", "fluency", "reading",
    "grommet", "grommets", "shaver", "silk", "splints", "sponge", "sponges", "dressings", "clamps",
    "needles", "sutures", "knot", "bandage", "gauze", "pack", "packing", "tape", "strips", "irrigator",
    "suction", "tip", "aspirator", "drill", "burr", "saw", "osteotome", "chisel", "mallet", "rasp",
    "reamer", "broach", "driver", "punch", "trocar", "trocars", "port", "loupe", "loupes", "lens",
    "incisions", "operations", "procedures", "repairs", "closure", "stitches", "sutures", "gag",
    "shaver", "splint", "clip", "clips", "loop", "basket", "balloon", "lens", "implant", "prosthesis"};

/* Function words: never part of a name, even in capitals after a title. */
static const char *const STOPS[] = {
    "is", "was", "a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "by", "for", "with",
    "who", "whom", "which", "that", "this", "he", "she", "his", "her", "has", "had", "have", "are",
    "were", "be", "been", "as", "it", "its", "per", "from", "year", "old", "yo", "presents", "reports",
    "states", "denies", "male", "female", "man", "woman", "patient", "today", "here", "seen", "they",
    "them", "we", "you", "our", "your", "there", "then", "when", "if", "will", "would", "should",
    "may", "can", "could", "also", "not", "no", "all", "any", "some", "both", "after", "before",
    "oh", "well", "yes", "okay", "ok", "um", "uh", "hi", "hello", "thanks", "sure", "good", "great",
    "fine", "right", "so", "yeah", "yep", "hmm", "alright", "sounds", "thank", "bye", "just", "maybe"};

/* Cue phrases: words of the phrase, what follows, the type it gives. */
enum { CUE_LABEL, CUE_PHRASE, CUE_ID, CUE_DATE, CUE_PHONE, CUE_FAX, CUE_ZIP, CUE_AGE, CUE_CITY, CUE_ADDR };
typedef struct cue {
    const char *words;
    int kind, type;
} cue;

static const cue CUES[] = {
    /* labels: "Patient: Jane Doe" */
    {"patient name", CUE_LABEL, WARD_PHI_NAME}, {"patient", CUE_LABEL, WARD_PHI_NAME},
    {"name", CUE_LABEL, WARD_PHI_NAME}, {"pt name", CUE_LABEL, WARD_PHI_NAME}, {"pt", CUE_LABEL, WARD_PHI_NAME},
    {"attending physician", CUE_LABEL, WARD_PHI_NAME}, {"attending", CUE_LABEL, WARD_PHI_NAME},
    {"physician", CUE_LABEL, WARD_PHI_NAME}, {"provider", CUE_LABEL, WARD_PHI_NAME},
    {"pcp", CUE_LABEL, WARD_PHI_NAME}, {"primary care physician", CUE_LABEL, WARD_PHI_NAME},
    {"primary care provider", CUE_LABEL, WARD_PHI_NAME}, {"referring physician", CUE_LABEL, WARD_PHI_NAME},
    {"referring provider", CUE_LABEL, WARD_PHI_NAME}, {"referring doctor", CUE_LABEL, WARD_PHI_NAME},
    {"surgeon", CUE_LABEL, WARD_PHI_NAME}, {"assistant surgeon", CUE_LABEL, WARD_PHI_NAME},
    {"assistant", CUE_LABEL, WARD_PHI_NAME}, {"assistants", CUE_LABEL, WARD_PHI_NAME},
    {"anesthesiologist", CUE_LABEL, WARD_PHI_NAME}, {"resident", CUE_LABEL, WARD_PHI_NAME},
    {"cc", CUE_LABEL, WARD_PHI_NAME}, {"dictating physician", CUE_LABEL, WARD_PHI_NAME},
    {"consultant", CUE_LABEL, WARD_PHI_NAME}, {"emergency contact", CUE_LABEL, WARD_PHI_NAME},
    {"contact", CUE_LABEL, WARD_PHI_NAME}, {"next of kin", CUE_LABEL, WARD_PHI_NAME},
    {"guardian", CUE_LABEL, WARD_PHI_NAME}, {"informant", CUE_LABEL, WARD_PHI_NAME},
    {"historian", CUE_LABEL, WARD_PHI_NAME}, {"interpreter", CUE_LABEL, WARD_PHI_NAME},
    {"author", CUE_LABEL, WARD_PHI_NAME}, {"nurse", CUE_LABEL, WARD_PHI_NAME},
    {"fellow", CUE_LABEL, WARD_PHI_NAME}, {"re", CUE_LABEL, WARD_PHI_NAME},
    {"attn", CUE_LABEL, WARD_PHI_NAME}, {"to", CUE_LABEL, WARD_PHI_NAME}, {"from", CUE_LABEL, WARD_PHI_NAME},
    {"proxy", CUE_LABEL, WARD_PHI_NAME}, {"health care proxy", CUE_LABEL, WARD_PHI_NAME},
    {"healthcare proxy", CUE_LABEL, WARD_PHI_NAME}, {"scribe", CUE_LABEL, WARD_PHI_NAME},
    /* phrases: "seen by Jane Doe" */
    {"seen by", CUE_PHRASE, WARD_PHI_NAME}, {"evaluated by", CUE_PHRASE, WARD_PHI_NAME},
    {"examined by", CUE_PHRASE, WARD_PHI_NAME}, {"referred by", CUE_PHRASE, WARD_PHI_NAME},
    {"dictated by", CUE_PHRASE, WARD_PHI_NAME}, {"signed by", CUE_PHRASE, WARD_PHI_NAME},
    {"electronically signed by", CUE_PHRASE, WARD_PHI_NAME}, {"reviewed by", CUE_PHRASE, WARD_PHI_NAME},
    {"followed by", CUE_PHRASE, WARD_PHI_NAME}, {"discussed with", CUE_PHRASE, WARD_PHI_NAME},
    {"spoke with", CUE_PHRASE, WARD_PHI_NAME}, {"spoke to", CUE_PHRASE, WARD_PHI_NAME},
    {"talked with", CUE_PHRASE, WARD_PHI_NAME}, {"talked to", CUE_PHRASE, WARD_PHI_NAME},
    {"accompanied by", CUE_PHRASE, WARD_PHI_NAME}, {"brought in by", CUE_PHRASE, WARD_PHI_NAME},
    {"attended by", CUE_PHRASE, WARD_PHI_NAME}, {"assisted by", CUE_PHRASE, WARD_PHI_NAME},
    {"performed by", CUE_PHRASE, WARD_PHI_NAME}, {"interpreted by", CUE_PHRASE, WARD_PHI_NAME},
    {"read by", CUE_PHRASE, WARD_PHI_NAME}, {"transcribed by", CUE_PHRASE, WARD_PHI_NAME},
    {"cosigned by", CUE_PHRASE, WARD_PHI_NAME}, {"co-signed by", CUE_PHRASE, WARD_PHI_NAME},
    {"under the care of", CUE_PHRASE, WARD_PHI_NAME}, {"care of", CUE_PHRASE, WARD_PHI_NAME},
    {"per", CUE_PHRASE, WARD_PHI_NAME}, {"lives with", CUE_PHRASE, WARD_PHI_NAME},
    {"called", CUE_PHRASE, WARD_PHI_NAME}, {"paged", CUE_PHRASE, WARD_PHI_NAME},
    {"covering for", CUE_PHRASE, WARD_PHI_NAME}, {"signed out to", CUE_PHRASE, WARD_PHI_NAME},
    {"named", CUE_PHRASE, WARD_PHI_NAME}, {"goes by", CUE_PHRASE, WARD_PHI_NAME},
    {"thank you", CUE_PHRASE, WARD_PHI_NAME}, {"dear", CUE_PHRASE, WARD_PHI_NAME},
    /* record numbers */
    {"mrn", CUE_ID, WARD_PHI_MRN}, {"mr", CUE_ID, WARD_PHI_MRN}, {"medical record number", CUE_ID, WARD_PHI_MRN},
    {"medical record", CUE_ID, WARD_PHI_MRN}, {"med rec", CUE_ID, WARD_PHI_MRN},
    {"record number", CUE_ID, WARD_PHI_MRN}, {"record", CUE_ID, WARD_PHI_MRN},
    {"chart number", CUE_ID, WARD_PHI_MRN}, {"chart", CUE_ID, WARD_PHI_MRN},
    {"unit number", CUE_ID, WARD_PHI_MRN}, {"hospital number", CUE_ID, WARD_PHI_MRN},
    {"patient id", CUE_ID, WARD_PHI_MRN}, {"pt id", CUE_ID, WARD_PHI_MRN}, {"mr number", CUE_ID, WARD_PHI_MRN},
    {"account number", CUE_ID, WARD_PHI_ACCOUNT}, {"account", CUE_ID, WARD_PHI_ACCOUNT},
    {"acct", CUE_ID, WARD_PHI_ACCOUNT}, {"billing number", CUE_ID, WARD_PHI_ACCOUNT},
    {"billing account", CUE_ID, WARD_PHI_ACCOUNT}, {"fin", CUE_ID, WARD_PHI_ACCOUNT},
    {"member id", CUE_ID, WARD_PHI_HEALTHPLAN}, {"member number", CUE_ID, WARD_PHI_HEALTHPLAN},
    {"member", CUE_ID, WARD_PHI_HEALTHPLAN}, {"policy number", CUE_ID, WARD_PHI_HEALTHPLAN},
    {"policy", CUE_ID, WARD_PHI_HEALTHPLAN}, {"insurance id", CUE_ID, WARD_PHI_HEALTHPLAN},
    {"insurance number", CUE_ID, WARD_PHI_HEALTHPLAN}, {"insurance", CUE_ID, WARD_PHI_HEALTHPLAN},
    {"subscriber id", CUE_ID, WARD_PHI_HEALTHPLAN}, {"subscriber", CUE_ID, WARD_PHI_HEALTHPLAN},
    {"group number", CUE_ID, WARD_PHI_HEALTHPLAN}, {"medicaid", CUE_ID, WARD_PHI_HEALTHPLAN},
    {"medicare", CUE_ID, WARD_PHI_HEALTHPLAN}, {"health plan", CUE_ID, WARD_PHI_HEALTHPLAN},
    {"beneficiary", CUE_ID, WARD_PHI_HEALTHPLAN}, {"plan id", CUE_ID, WARD_PHI_HEALTHPLAN},
    {"license", CUE_ID, WARD_PHI_LICENSE}, {"licence", CUE_ID, WARD_PHI_LICENSE},
    {"license number", CUE_ID, WARD_PHI_LICENSE}, {"lic", CUE_ID, WARD_PHI_LICENSE},
    {"drivers license", CUE_ID, WARD_PHI_LICENSE}, {"driver's license", CUE_ID, WARD_PHI_LICENSE},
    {"dea", CUE_ID, WARD_PHI_LICENSE}, {"npi", CUE_ID, WARD_PHI_LICENSE},
    {"certificate", CUE_ID, WARD_PHI_LICENSE}, {"certificate number", CUE_ID, WARD_PHI_LICENSE},
    {"cert", CUE_ID, WARD_PHI_LICENSE}, {"permit", CUE_ID, WARD_PHI_LICENSE},
    {"vin", CUE_ID, WARD_PHI_VEHICLE}, {"license plate", CUE_ID, WARD_PHI_VEHICLE},
    {"plate", CUE_ID, WARD_PHI_VEHICLE}, {"vehicle", CUE_ID, WARD_PHI_VEHICLE},
    {"serial number", CUE_ID, WARD_PHI_DEVICE}, {"serial", CUE_ID, WARD_PHI_DEVICE},
    {"s/n", CUE_ID, WARD_PHI_DEVICE}, {"sn", CUE_ID, WARD_PHI_DEVICE}, {"lot", CUE_ID, WARD_PHI_DEVICE},
    {"lot number", CUE_ID, WARD_PHI_DEVICE}, {"device id", CUE_ID, WARD_PHI_DEVICE},
    {"device", CUE_ID, WARD_PHI_DEVICE}, {"udi", CUE_ID, WARD_PHI_DEVICE}, {"model", CUE_ID, WARD_PHI_DEVICE},
    {"model number", CUE_ID, WARD_PHI_DEVICE}, {"implant id", CUE_ID, WARD_PHI_DEVICE},
    {"ssn", CUE_ID, WARD_PHI_SSN}, {"social security number", CUE_ID, WARD_PHI_SSN},
    {"social security", CUE_ID, WARD_PHI_SSN}, {"ss", CUE_ID, WARD_PHI_SSN},
    {"id", CUE_ID, WARD_PHI_ID}, {"identifier", CUE_ID, WARD_PHI_ID}, {"case number", CUE_ID, WARD_PHI_ID},
    {"case", CUE_ID, WARD_PHI_ID}, {"accession", CUE_ID, WARD_PHI_ID}, {"accession number", CUE_ID, WARD_PHI_ID},
    {"specimen number", CUE_ID, WARD_PHI_ID}, {"order number", CUE_ID, WARD_PHI_ID},
    {"encounter", CUE_ID, WARD_PHI_ID}, {"encounter number", CUE_ID, WARD_PHI_ID},
    {"visit number", CUE_ID, WARD_PHI_ID}, {"visit", CUE_ID, WARD_PHI_ID}, {"tax id", CUE_ID, WARD_PHI_ID},
    {"claim", CUE_ID, WARD_PHI_ID}, {"claim number", CUE_ID, WARD_PHI_ID}, {"study id", CUE_ID, WARD_PHI_ID},
    {"reference number", CUE_ID, WARD_PHI_ID}, {"confirmation number", CUE_ID, WARD_PHI_ID},
    /* dates without a year ("on 3/14") */
    {"on", CUE_DATE, WARD_PHI_DATE}, {"since", CUE_DATE, WARD_PHI_DATE}, {"from", CUE_DATE, WARD_PHI_DATE},
    {"until", CUE_DATE, WARD_PHI_DATE}, {"till", CUE_DATE, WARD_PHI_DATE}, {"through", CUE_DATE, WARD_PHI_DATE},
    {"dated", CUE_DATE, WARD_PHI_DATE}, {"date", CUE_DATE, WARD_PHI_DATE}, {"by", CUE_DATE, WARD_PHI_DATE},
    {"before", CUE_DATE, WARD_PHI_DATE}, {"after", CUE_DATE, WARD_PHI_DATE}, {"dob", CUE_DATE, WARD_PHI_DATE},
    {"admitted", CUE_DATE, WARD_PHI_DATE}, {"discharged", CUE_DATE, WARD_PHI_DATE}, {"dos", CUE_DATE, WARD_PHI_DATE},
    {"seen", CUE_DATE, WARD_PHI_DATE}, {"to", CUE_DATE, WARD_PHI_DATE}, {"and", CUE_DATE, WARD_PHI_DATE},
    {"of", CUE_DATE, WARD_PHI_DATE}, {"starting", CUE_DATE, WARD_PHI_DATE}, {"between", CUE_DATE, WARD_PHI_DATE},
    {"last", CUE_DATE, WARD_PHI_DATE}, {"next", CUE_DATE, WARD_PHI_DATE}, {"in", CUE_DATE, WARD_PHI_DATE},
    {"during", CUE_DATE, WARD_PHI_DATE}, {"early", CUE_DATE, WARD_PHI_DATE}, {"late", CUE_DATE, WARD_PHI_DATE},
    {"mid", CUE_DATE, WARD_PHI_DATE}, {"this", CUE_DATE, WARD_PHI_DATE}, {"around", CUE_DATE, WARD_PHI_DATE},
    {"birth", CUE_DATE, WARD_PHI_DATE}, {"d.o.b", CUE_DATE, WARD_PHI_DATE}, {"born", CUE_DATE, WARD_PHI_DATE},
    {"surgery", CUE_DATE, WARD_PHI_DATE}, {"visit", CUE_DATE, WARD_PHI_DATE}, {"scheduled", CUE_DATE, WARD_PHI_DATE},
    {"phone", CUE_PHONE, WARD_PHI_PHONE}, {"telephone", CUE_PHONE, WARD_PHI_PHONE}, {"tel", CUE_PHONE, WARD_PHI_PHONE},
    {"cell", CUE_PHONE, WARD_PHI_PHONE}, {"mobile", CUE_PHONE, WARD_PHI_PHONE}, {"pager", CUE_PHONE, WARD_PHI_PHONE},
    {"beeper", CUE_PHONE, WARD_PHI_PHONE}, {"call", CUE_PHONE, WARD_PHI_PHONE}, {"ph", CUE_PHONE, WARD_PHI_PHONE},
    {"home", CUE_PHONE, WARD_PHI_PHONE}, {"work", CUE_PHONE, WARD_PHI_PHONE}, {"contact", CUE_PHONE, WARD_PHI_PHONE},
    {"fax", CUE_FAX, WARD_PHI_FAX}, {"facsimile", CUE_FAX, WARD_PHI_FAX}, {"fax number", CUE_FAX, WARD_PHI_FAX},
    {"zip", CUE_ZIP, WARD_PHI_ZIP}, {"zip code", CUE_ZIP, WARD_PHI_ZIP}, {"zipcode", CUE_ZIP, WARD_PHI_ZIP},
    {"postal code", CUE_ZIP, WARD_PHI_ZIP},
    {"age", CUE_AGE, WARD_PHI_AGE}, {"aged", CUE_AGE, WARD_PHI_AGE}, {"ages", CUE_AGE, WARD_PHI_AGE},
    {"lives in", CUE_CITY, WARD_PHI_CITY}, {"living in", CUE_CITY, WARD_PHI_CITY},
    {"resides in", CUE_CITY, WARD_PHI_CITY}, {"moved to", CUE_CITY, WARD_PHI_CITY},
    {"moved from", CUE_CITY, WARD_PHI_CITY}, {"born in", CUE_CITY, WARD_PHI_CITY},
    {"native of", CUE_CITY, WARD_PHI_CITY}, {"resident of", CUE_CITY, WARD_PHI_CITY},
    {"visiting from", CUE_CITY, WARD_PHI_CITY}, {"trip to", CUE_CITY, WARD_PHI_CITY},
    {"traveled to", CUE_CITY, WARD_PHI_CITY}, {"travelled to", CUE_CITY, WARD_PHI_CITY},
    {"returned from", CUE_CITY, WARD_PHI_CITY}, {"grew up in", CUE_CITY, WARD_PHI_CITY},
    {"works in", CUE_CITY, WARD_PHI_CITY}, {"city", CUE_CITY, WARD_PHI_CITY}, {"town", CUE_CITY, WARD_PHI_CITY},
    {"address", CUE_ADDR, WARD_PHI_ADDRESS}, {"lives at", CUE_ADDR, WARD_PHI_ADDRESS},
    {"resides at", CUE_ADDR, WARD_PHI_ADDRESS}, {"home address", CUE_ADDR, WARD_PHI_ADDRESS},
};
#define NCUES (sizeof CUES / sizeof *CUES)
#define NCUES_MAX 512

static const char *const RELATIVES[] = {
    "wife", "husband", "daughter", "son", "mother", "father", "sister", "brother", "niece", "nephew",
    "aunt", "uncle", "grandson", "granddaughter", "grandmother", "grandfather", "friend", "partner",
    "boyfriend", "girlfriend", "fiance", "fiancee", "spouse", "neighbor", "caregiver", "cousin",
    "stepson", "stepdaughter", "stepmother", "stepfather", "sibling", "mom", "dad", "roommate",
    "grandma", "grandpa", "companion", "sons", "daughters", "children", "child", "sisters", "brothers",
    "colleague", "coworker", "landlord", "employer", "pastor", "priest", "rabbi", "imam"};

static uint32_t letter_flags(const char *v)
{
    static const char letters[] = "FLCEKTPSAYHhM";
    uint32_t f = 0;
    for (; *v; v++) {
        const char *p = strchr(letters, *v);
        if (p) f |= 1u << (p - letters);
        if (*v == 'Q') f |= W_CITYPFX;
    }
    return f;
}

static size_t lower_key(char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) s[i] = (char)tolower((unsigned char)s[i]);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    return n;
}

static void load_words_from(const char *text, size_t len)
{
    size_t pos = 0, kn, vn;
    const char *k, *v;
    char key[128];
    while (ward_tsv_next(text, len, &pos, &k, &kn, &v, &vn)) {
        if (!kn || kn >= sizeof key) continue;
        memcpy(key, k, kn);
        kn = lower_key(key, kn);
        char val[32] = "";
        snprintf(val, sizeof val, "%.*s", (int)vn, v);
        ward_lex_add_flags(words, key, kn, letter_flags(val));
    }
}

/* Cue phrases grouped by first word, so a token finds its few candidate
 * phrases with one lookup: groups[g] lists the CUES indexes of group g. */
static ward_lex *cue_words;
static uint16_t cue_order[NCUES_MAX];
static uint16_t group_start[NCUES_MAX + 1];
static size_t ngroups;

static size_t first_word(const char *w)
{
    size_t n = 0;
    while (isalnum((unsigned char)w[n])) n++;
    return n;
}

static void index_cues(void)
{
    cue_words = ward_lex_new();
    size_t k = 0;
    for (size_t i = 0; i < NCUES; i++) {
        size_t n = first_word(CUES[i].words);
        if (ward_lex_flags(cue_words, CUES[i].words, n)) continue;   /* group done */
        ward_lex_add_flags(cue_words, CUES[i].words, n, (uint32_t)(ngroups + 1));
        group_start[ngroups++] = (uint16_t)k;
        for (size_t j = i; j < NCUES; j++)
            if (first_word(CUES[j].words) == n && !strncmp(CUES[j].words, CUES[i].words, n)) cue_order[k++] = (uint16_t)j;
        ward_lex_add_flags(words, CUES[i].words, n, W_CUE);
    }
    group_start[ngroups] = (uint16_t)k;
}

static void free_words(void)
{
    ward_lex_free(words);
    ward_lex_free(cue_words);
}

static void add_list(const char *const *v, size_t n, uint32_t flag)
{
    for (size_t i = 0; i < n; i++) ward_lex_add_flags(words, v[i], strlen(v[i]), flag);
}

static void build_words(void)
{
    words = ward_lex_new();
    load_words_from(WARD_DATA_DEID_WORDS_TSV, sizeof WARD_DATA_DEID_WORDS_TSV - 1);
    char path[4096];
    ward_lex_site_path("WARD_DEID_WORDS", "deid_words.tsv", path, sizeof path);
    if (*path) {
        char *data;
        size_t len;
        ward_err err;
        if (!ward_read_file(path, (size_t)64 << 20, &data, &len, &err)) {
            load_words_from(data, len);
            free(data);
        }
    }
    add_list(HEADS, sizeof HEADS / sizeof *HEADS, W_HEAD);
    add_list(RELATIVES, sizeof RELATIVES / sizeof *RELATIVES, W_RELATIVE);
    add_list(STOPS, sizeof STOPS / sizeof *STOPS, W_STOP);
    index_cues();
    atexit(free_words);
}

const ward_lex *ward_deid_words(void)
{
    pthread_once(&words_once, build_words);
    return words;
}

/* ---- tokens ---- */

static int word_byte(const char *t, size_t i, size_t len)
{
    unsigned char c = (unsigned char)t[i];
    if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    /* General punctuation (U+2000..U+206F: quotes, dashes, bullets) and
     * no-break space are not letters. */
    if (c == 0xE2 && i + 1 < len && ((unsigned char)t[i + 1] == 0x80 || (unsigned char)t[i + 1] == 0x81)) return 0;
    if (c == 0xC2 && i + 1 < len && (unsigned char)t[i + 1] < 0xC0) return 0;
    return 1;
}

static size_t utf8_len(unsigned char c)
{
    return c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
}

static void push_tok(deid_doc *d, size_t a, size_t b, int nl, int sp)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 256;
        d->tk = ward_xrealloc(d->tk, d->cap * sizeof *d->tk);
    }
    dtok *k = &d->tk[d->n++];
    k->a = a, k->b = b, k->nl = (uint8_t)(nl > 255 ? 255 : nl), k->sp = (uint8_t)sp, k->w = 0, k->cue = 0;
    const char *t = d->t;
    int alpha = 0, digit = 0, other = 0, lower = 0, upper = 0;
    for (size_t i = a; i < b; i++) {
        unsigned char c = (unsigned char)t[i];
        if (isdigit(c)) digit++;
        else if (isupper(c)) alpha++, upper++;
        else if (islower(c)) alpha++, lower++;
        else if (c >= 0x80 && word_byte(t, i, b)) alpha++;
        else if (c == '\'' && b - a > 1) alpha++;
        else other++;
    }
    uint16_t s = 0;
    if (other && !alpha && !digit) s = T_PUNCT;
    else if (digit && !alpha) s = T_DIGIT;
    else if (alpha && !digit) s = T_ALPHA;
    else s = T_MIXED;
    if (s & (T_ALPHA | T_MIXED)) {
        unsigned char c0 = (unsigned char)t[a];
        if (isupper(c0) || (c0 >= 0x80 && !lower)) s |= T_CAP;
        if (upper && !lower) s |= T_UPPER;
        /* non-ASCII initial letters: capitalized unless the next is upper case */
        if (c0 >= 0x80 && lower) s |= T_CAP;
        if (b - a < 40) {
            char key[40];
            memcpy(key, t + a, b - a);
            size_t kn = lower_key(key, b - a);
            k->w = ward_lex_flags(words, key, kn);
            k->cue = (k->w & W_CUE) ? (uint16_t)ward_lex_flags(cue_words, key, kn) : 0;
        }
    }
    k->shape = s;
}

static void tokenize(deid_doc *d)
{
    const char *t = d->t;
    size_t i = 0, len = d->len;
    while (i < len) {
        int nl = 0, sp = 0;
        for (;;) {
            if (i >= len) return;
            unsigned char c = (unsigned char)t[i];
            if (c == '\n') nl++, sp = 1, i++;
            else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') sp = 1, i++;
            else if (c == 0xC2 && i + 1 < len && (unsigned char)t[i + 1] == 0xA0) sp = 1, i += 2;
            else break;
        }
        size_t a = i;
        if (word_byte(t, i, len)) {
            while (i < len && word_byte(t, i, len)) i += utf8_len((unsigned char)t[i]);
            /* O'Brien, D'Angelo: one letter, an apostrophe, a capital */
            if (i - a == 1 && i + 1 < len && t[i] == '\'' && isupper((unsigned char)t[i + 1])) {
                i++;
                while (i < len && word_byte(t, i, len)) i += utf8_len((unsigned char)t[i]);
            }
        } else {
            i += utf8_len((unsigned char)t[i]);
        }
        if (i > len) i = len;
        push_tok(d, a, i, nl, sp);
    }
}

/* ---- token helpers ---- */

#define TK(i) (d->tk[i])
#define TLEN(i) (d->tk[i].b - d->tk[i].a)

static int is_p(const deid_doc *d, size_t i, char c)
{
    return i < d->n && TLEN(i) == 1 && d->t[TK(i).a] == c;
}

static int tok_eq(const deid_doc *d, size_t i, const char *w, size_t wn)
{
    return i < d->n && TLEN(i) == wn && !strncasecmp(d->t + TK(i).a, w, wn);
}

static int digits(const deid_doc *d, size_t i, size_t lo, size_t hi)
{
    return i < d->n && (TK(i).shape & T_DIGIT) && TLEN(i) >= lo && TLEN(i) <= hi;
}

static long num(const deid_doc *d, size_t i)
{
    long v = 0;
    if (i >= d->n || !(TK(i).shape & T_DIGIT) || TLEN(i) > 9) return -1;
    for (size_t k = TK(i).a; k < TK(i).b; k++) v = v * 10 + (d->t[k] - '0');
    return v;
}

/* Token i directly follows token i-1 (no space). */
static int glued(const deid_doc *d, size_t i) { return i < d->n && !TK(i).sp; }

static int cap(const deid_doc *d, size_t i)
{
    return i < d->n && (TK(i).shape & T_CAP) && (TK(i).shape & (T_ALPHA | T_MIXED));
}

static void add(deid_doc *d, size_t a, size_t b, int type, int prio)
{
    if (b <= a) return;
    if (d->nc == d->capc) {
        d->capc = d->capc ? d->capc * 2 : 64;
        d->c = ward_xrealloc(d->c, d->capc * sizeof *d->c);
    }
    d->c[d->nc++] = (cand){a, b, type, prio};
}

static void add_toks(deid_doc *d, size_t i, size_t j, int type, int prio)
{
    if (j > i) add(d, TK(i).a, TK(j - 1).b, type, prio);
}

/* Matches the words of phrase at token i (punctuation in the phrase, as in
 * "s/n" or "co-signed", is matched token by token). Returns the token after
 * it, or 0. */
static size_t match_phrase(const deid_doc *d, size_t i, const char *ph)
{
    const char *p = ph;
    while (*p) {
        if (i >= d->n) return 0;
        size_t n = TLEN(i);
        if (strncasecmp(d->t + TK(i).a, p, n) || (isalnum((unsigned char)p[n - 1]) && isalnum((unsigned char)p[n])))
            return 0;
        p += n;
        i++;
        if (*p == ' ') {
            p++;
            if (i < d->n && !TK(i).sp) return 0;
        } else if (*p && i < d->n && TK(i).sp) {
            return 0;
        }
    }
    return i;
}

/* The longest cue of `kind` starting at i; *end gets the token after it. */
static const cue *cue_at(const deid_doc *d, size_t i, int kind, size_t *end)
{
    if (i >= d->n || !TK(i).cue) return NULL;
    const cue *best = NULL;
    size_t best_end = 0, g = TK(i).cue - 1u;
    for (size_t q = group_start[g]; q < group_start[g + 1]; q++) {
        const cue *c = &CUES[cue_order[q]];
        if (c->kind != kind) continue;
        size_t e = match_phrase(d, i, c->words);
        if (e > best_end) best = c, best_end = e;
    }
    if (best) *end = best_end;
    return best;
}

/* A cue of `kind` ending right before token i (skipping ':' '#' '-'), within a few tokens. */
static const cue *cue_before(const deid_doc *d, size_t i, int kind, int reach)
{
    for (size_t back = 1; back <= (size_t)reach && back <= i; back++) {
        size_t s = i - back, e;
        const cue *c = cue_at(d, s, kind, &e);
        if (c) {
            int ok = 1;
            for (size_t k = e; k < i && ok; k++)
                ok = (TK(k).shape & T_PUNCT) || tok_eq(d, k, "number", 6) || tok_eq(d, k, "no", 2) ||
                     tok_eq(d, k, "num", 3) || tok_eq(d, k, "is", 2) || tok_eq(d, k, "was", 3) ||
                     tok_eq(d, k, "the", 3) || tok_eq(d, k, "of", 2) || tok_eq(d, k, "id", 2) ||
                     tok_eq(d, k, "on", 2) || tok_eq(d, k, "at", 2) || tok_eq(d, k, "date", 4);
            if (ok) return c;
        }
        if (TK(s).nl) break;
    }
    return NULL;
}

/* ---- structured identifiers ---- */

static int url_char(unsigned char c)
{
    return c > ' ' && c != '<' && c != '>' && c != '"' && c != '\'' && c < 0x7F;
}

static size_t tok_at_or_after(const deid_doc *d, size_t i, size_t byte)
{
    while (i < d->n && TK(i).b <= byte) i++;
    return i;
}

/* e-mail around an '@' token; URLs at http(s)/ftp/www. Returns next token. */
static size_t web(deid_doc *d, size_t i)
{
    const char *t = d->t;
    if (is_p(d, i, '@') && i > 0 && glued(d, i) && glued(d, i + 1)) {
        size_t a = TK(i).a, b = TK(i).b;
        while (a > 0 && (isalnum((unsigned char)t[a - 1]) || strchr("._%+-", t[a - 1]))) a--;
        while (b < d->len && (isalnum((unsigned char)t[b]) || t[b] == '.' || t[b] == '-')) b++;
        while (b > TK(i).b && (t[b - 1] == '.' || t[b - 1] == '-')) b--;
        if (a < TK(i).a && memchr(t + TK(i).b, '.', b - TK(i).b)) {
            add(d, a, b, WARD_PHI_EMAIL, 10);
            return tok_at_or_after(d, i, b);
        }
    }
    if ((TK(i).shape & T_ALPHA) &&
        ((tok_eq(d, i, "http", 4) || tok_eq(d, i, "https", 5) || tok_eq(d, i, "ftp", 3)) ? is_p(d, i + 1, ':') && glued(d, i + 1)
         : tok_eq(d, i, "www", 3) ? is_p(d, i + 1, '.') && glued(d, i + 1) : 0)) {
        size_t a = TK(i).a, b = a;
        while (b < d->len && url_char((unsigned char)t[b])) b++;
        while (b > a && strchr(".,;:)]!?", t[b - 1])) b--;
        add(d, a, b, WARD_PHI_URL, 10);
        return tok_at_or_after(d, i, b);
    }
    /* bare domains: name.com, name.org/path */
    if ((TK(i).shape & (T_ALPHA | T_MIXED)) && is_p(d, i + 1, '.') && glued(d, i + 1) && glued(d, i + 2) &&
        i + 2 < d->n && (tok_eq(d, i + 2, "com", 3) || tok_eq(d, i + 2, "org", 3) || tok_eq(d, i + 2, "net", 3) ||
                         tok_eq(d, i + 2, "edu", 3) || tok_eq(d, i + 2, "gov", 3) || tok_eq(d, i + 2, "io", 2)) &&
        !(i + 3 < d->n && glued(d, i + 3) && (TK(i + 3).shape & T_ALPHA))) {
        size_t a = TK(i).a, b = TK(i + 2).b;
        while (a > 0 && (isalnum((unsigned char)t[a - 1]) || t[a - 1] == '.' || t[a - 1] == '-')) a--;
        if (b < d->len && t[b] == '/')
            while (b < d->len && url_char((unsigned char)t[b])) b++;
        while (b > a && strchr(".,;:)]!?", t[b - 1])) b--;
        add(d, a, b, WARD_PHI_URL, 10);
        return tok_at_or_after(d, i, b);
    }
    return i + 1;
}

static int valid_md(long m, long dd) { return m >= 1 && m <= 12 && dd >= 1 && dd <= 31; }
static int year4(long y) { return y >= 1900 && y <= 2099; }

/* The separator between phone groups before token k: 1 for a glued '-' or
 * '.', 0 for a space, -1 for neither. */
static int gap(const deid_doc *d, size_t k)
{
    if (k >= d->n) return -1;
    if ((is_p(d, k, '-') || is_p(d, k, '.')) && glued(d, k) && glued(d, k + 1)) return 1;
    if (TK(k).sp && !TK(k).nl && (TK(k).shape & T_DIGIT)) return 0;
    return -1;
}

/* A phone number at i: "(617) 555-0100", "617-555-0100", "617.555.0100",
 * "+1 617 555 0100", "555-0100", with an extension. Spaces between groups
 * only with a cue or a prefix. Returns the token after it, or 0. */
static size_t phone_end(const deid_doc *d, size_t i, int cued)
{
    size_t k = i;
    int strong = cued, g, area = 0;
    if (is_p(d, k, '+') && digits(d, k + 1, 1, 3) && glued(d, k + 1)) {
        k += 2;
        if ((g = gap(d, k)) < 0 && !is_p(d, k, '(')) return 0;
        k += g > 0 ? 1 : 0;
        strong = 1;
    } else if (tok_eq(d, k, "1", 1) && (g = gap(d, k + 1)) >= 0 && digits(d, k + 1 + g, 3, 3) &&
               (g || cued)) {
        k += 1 + g;
        strong = 1;
    }
    if (is_p(d, k, '(') && digits(d, k + 1, 3, 3) && is_p(d, k + 2, ')')) {
        k += 3;
        if (is_p(d, k, '-')) k++;
        area = strong = 1;
    } else if (digits(d, k, 3, 3) && (g = gap(d, k + 1)) >= 0 && digits(d, k + 1 + g, 3, 3)) {
        size_t k2 = k + 1 + g;
        int g2 = gap(d, k2 + 1);
        if (g2 >= 0 && digits(d, k2 + 1 + g2, 4, 4) && (g2 == g || strong)) k = k2, area = 1;
    }
    if (!digits(d, k, 3, 3) || (g = gap(d, k + 1)) < 0 || !digits(d, k + 1 + g, 4, 4)) return 0;
    if (!g && !strong && !(area && d->t[TK(i).a] >= '2')) return 0;
    if (!area && !strong && i > 0 && glued(d, i) && (is_p(d, i - 1, '-') || is_p(d, i - 1, '/') || is_p(d, i - 1, '.')))
        return 0;
    k += 2 + g;
    if (k < d->n && glued(d, k) && ((TK(k).shape & T_DIGIT) || ((is_p(d, k, '-') || is_p(d, k, '/')) && digits(d, k + 1, 1, 9))))
        return 0;                                   /* part of a longer number */
    if (k < d->n && (tok_eq(d, k, "x", 1) || tok_eq(d, k, "ext", 3))) {
        size_t e = k + 1;
        if (is_p(d, e, '.')) e++;
        if (digits(d, e, 1, 6)) k = e + 1;
    }
    return k;
}

static size_t ssn_end(const deid_doc *d, size_t i)
{
    if (digits(d, i, 3, 3) && is_p(d, i + 1, '-') && digits(d, i + 2, 2, 2) && is_p(d, i + 3, '-') &&
        digits(d, i + 4, 4, 4) && glued(d, i + 1) && glued(d, i + 2) && glued(d, i + 3) && glued(d, i + 4) &&
        !(i + 5 < d->n && glued(d, i + 5) && (TK(i + 5).shape & T_DIGIT)))
        return i + 5;
    return 0;
}

static size_t ip_end(const deid_doc *d, size_t i)
{
    for (int k = 0; k < 4; k++) {
        size_t t = i + 2 * (size_t)k;
        if (!digits(d, t, 1, 3) || num(d, t) > 255 || (k && !(is_p(d, t - 1, '.') && glued(d, t - 1) && glued(d, t))))
            return 0;
    }
    return i + 7;
}

static int date_sep(const deid_doc *d, size_t k)
{
    return (is_p(d, k, '/') || is_p(d, k, '-') || is_p(d, k, '.')) && glued(d, k) && glued(d, k + 1);
}

/* Words after "m/d" that make it a ratio, not a date: 5/5 strength, 8/10 pain. */
static int ratio_follows(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"strength", "pain", "murmur", "scale", "power", "motor", "reflexes",
                                    "vision", "bilaterally", "throughout", "grip"};
    if (k >= d->n || !(TK(k).shape & T_ALPHA)) return 0;
    for (size_t i = 0; i < sizeof w / sizeof *w; i++)
        if (tok_eq(d, k, w[i], strlen(w[i]))) return 1;
    return 0;
}

/* Numeric dates at i. Returns the token after, or 0. */
static size_t num_date(deid_doc *d, size_t i, size_t last_date_end)
{
    long a = num(d, i);
    if (a < 0) return 0;
    size_t L = TLEN(i);
    if (L == 4 && year4(a) && date_sep(d, i + 1) && digits(d, i + 2, 1, 2) && date_sep(d, i + 3) &&
        d->t[TK(i + 1).a] == d->t[TK(i + 3).a] && digits(d, i + 4, 1, 2) && valid_md(num(d, i + 2), num(d, i + 4)))
        return i + 5;                                               /* 2024-03-14 */
    if (L <= 2 && date_sep(d, i + 1) && digits(d, i + 2, 1, 2) && date_sep(d, i + 3) &&
        d->t[TK(i + 1).a] == d->t[TK(i + 3).a] && (digits(d, i + 4, 2, 2) || digits(d, i + 4, 4, 4))) {
        long b = num(d, i + 2), y = num(d, i + 4);
        int sep_dot = d->t[TK(i + 1).a] == '.';
        if ((valid_md(a, b) || valid_md(b, a)) && (TLEN(i + 4) == 2 ? !sep_dot : year4(y)) &&
            !(i + 5 < d->n && glued(d, i + 5) && (TK(i + 5).shape & T_DIGIT)))
            return i + 5;                                           /* 3/14/2024, 14.03.2024, 3-14-24 */
    }
    if (L <= 2 && is_p(d, i + 1, '/') && glued(d, i + 1) && glued(d, i + 2) && digits(d, i + 2, 4, 4) &&
        a >= 1 && a <= 12 && year4(num(d, i + 2)))
        return i + 3;                                               /* 3/2024 */
    if (L <= 2 && is_p(d, i + 1, '/') && glued(d, i + 1) && glued(d, i + 2) && digits(d, i + 2, 1, 2) &&
        valid_md(a, num(d, i + 2)) && !(i + 3 < d->n && glued(d, i + 3) && (is_p(d, i + 3, '/') || is_p(d, i + 3, '.'))) &&
        !ratio_follows(d, i + 3)) {                                 /* 3/14, only with a cue */
        int ranged = last_date_end && last_date_end + 1 == i &&
                     (is_p(d, i - 1, '-') || tok_eq(d, i - 1, "to", 2) || tok_eq(d, i - 1, "and", 3));
        int cued = cue_before(d, i, CUE_DATE, 2) != NULL;
        int dated_after = is_p(d, i + 3, '-') && glued(d, i + 3) && digits(d, i + 4, 1, 2) && is_p(d, i + 5, '/');
        if (ranged || cued || dated_after) return i + 3;
    }
    if (L <= 2 && a >= 1 && a <= 12 && is_p(d, i + 1, '/') && glued(d, i + 1) && glued(d, i + 2) &&
        digits(d, i + 2, 2, 2) && num(d, i + 2) > 31 && !(i + 3 < d->n && glued(d, i + 3) && is_p(d, i + 3, '/')) &&
        cue_before(d, i, CUE_DATE, 2))
        return i + 3;                                               /* on 10/99 */
    if (L == 8) {                                                   /* 20240314 */
        long y = a / 10000, m = a / 100 % 100, dd = a % 100;
        if (year4(y) && valid_md(m, dd)) return i + 1;
    }
    return 0;
}

static int ordinal(const deid_doc *d, size_t k)
{
    return k < d->n && glued(d, k) && (tok_eq(d, k, "st", 2) || tok_eq(d, k, "nd", 2) || tok_eq(d, k, "rd", 2) ||
                                       tok_eq(d, k, "th", 2));
}

/* A day number at k ("14", "14th"); returns the token after, or 0. Mixed
 * tokens like "14th" come as one token. */
static size_t day_at(const deid_doc *d, size_t k)
{
    if (digits(d, k, 1, 2) && num(d, k) >= 1 && num(d, k) <= 31) return ordinal(d, k + 1) ? k + 2 : k + 1;
    if (k < d->n && (TK(k).shape & T_MIXED) && TLEN(k) >= 3 && TLEN(k) <= 4) {
        const char *p = d->t + TK(k).a;
        size_t n = TLEN(k), nd = 0;
        while (nd < n && isdigit((unsigned char)p[nd])) nd++;
        if (nd >= 1 && nd <= 2 && n - nd == 2 && atoi(p) >= 1 && atoi(p) <= 31 &&
            (!strncasecmp(p + nd, "st", 2) || !strncasecmp(p + nd, "nd", 2) || !strncasecmp(p + nd, "rd", 2) ||
             !strncasecmp(p + nd, "th", 2)))
            return k + 1;
    }
    return 0;
}

static size_t year_at(const deid_doc *d, size_t k)
{
    if (is_p(d, k, ',') || (tok_eq(d, k, "of", 2) && digits(d, k + 1, 4, 4))) k++;
    if (digits(d, k, 4, 4) && year4(num(d, k))) return k + 1;
    if (is_p(d, k, '\'') && digits(d, k + 1, 2, 2) && glued(d, k + 1)) return k + 2;
    return 0;
}

static int is_month(const deid_doc *d, size_t i)
{
    if (i >= d->n || !(TK(i).w & W_MONTH) || !(TK(i).shape & T_ALPHA)) return 0;
    if (TK(i).shape & T_CAP) return 1;
    /* "april 10": a full month name in lower case, before a day number */
    return TLEN(i) >= 4 && !tok_eq(d, i, "august", 6) && !tok_eq(d, i, "march", 5) && day_at(d, i + 1) &&
           !(is_p(d, i + 2, '.') && glued(d, i + 2) && digits(d, i + 3, 1, 9) && glued(d, i + 3));   /* 2.5 mg */
}

static int month_is_word(const deid_doc *d, size_t i)
{
    /* May, March and short forms are words too: they need a number or a cue. */
    return tok_eq(d, i, "may", 3) || tok_eq(d, i, "march", 5) || TLEN(i) <= 4;
}

/* Dates with a month name, at a month token or a day number before one. */
static size_t word_date(deid_doc *d, size_t i)
{
    if (is_month(d, i)) {
        size_t k = i + 1, end = 0, dk;
        if (is_p(d, k, '.') && glued(d, k)) k++;
        if ((dk = day_at(d, k))) {
            end = dk;
            if (is_p(d, end, '-') && (dk = day_at(d, end + 1))) end = dk;   /* March 3-5 */
            size_t y = year_at(d, end);
            if (y) end = y;
        } else if ((dk = year_at(d, k))) {
            end = dk;                                                 /* March 2024 */
        } else if (!month_is_word(d, i) || (TK(i).shape & T_UPPER && TLEN(i) > 4)) {
            if (i > 0 && (cue_before(d, i, CUE_DATE, 1) || (is_p(d, i - 1, '-') && tok_eq(d, i - 2, "mid", 3))))
                end = i + 1;                                          /* in March */
        } else if (i >= 2 && is_p(d, i - 1, '-') && tok_eq(d, i - 2, "mid", 3)) {
            end = i + 1;                                              /* mid-March */
        } else if (i > 0 && cue_before(d, i, CUE_DATE, 1) && !tok_eq(d, i - 1, "and", 3) &&
                   !tok_eq(d, i - 1, "to", 2) && TLEN(i) > 4) {
            end = i + 1;                                              /* since May */
        }
        if (end) {
            size_t a = i;
            /* "the 14th of March", "14 March" before the month */
            if (i >= 2 && tok_eq(d, i - 1, "of", 2) && day_at(d, i - 2) == i - 1) a = i - 2;
            else if (i >= 3 && tok_eq(d, i - 1, "of", 2) && day_at(d, i - 3) == i - 1) a = i - 3;
            add_toks(d, a, end, WARD_PHI_DATE, 7);
            return end;
        }
        return 0;
    }
    /* "14 March 2024", "14th of March", "14-Mar-2024" */
    size_t k = day_at(d, i);
    if (!k) return 0;
    if (is_p(d, k, '-') && glued(d, k) && is_month(d, k + 1) && glued(d, k + 1)) {
        size_t end = k + 2;
        if (is_p(d, end, '-') && glued(d, end) && (digits(d, end + 1, 2, 2) || digits(d, end + 1, 4, 4))) end += 2;
        add_toks(d, i, end, WARD_PHI_DATE, 7);
        return end;
    }
    if (tok_eq(d, k, "of", 2)) k++;
    if (is_month(d, k)) {
        size_t end = k + 1;
        if (is_p(d, end, '.') && glued(d, end)) end++;
        size_t y = year_at(d, end);
        add_toks(d, i, y ? y : k + 1, WARD_PHI_DATE, 7);
        return y ? y : k + 1;
    }
    return 0;
}

/* Ages over 89: "92-year-old", "92 yo", "age 93", "in her 90s". */
static size_t age(deid_doc *d, size_t i)
{
    const char *p = d->t + TK(i).a;
    if ((TK(i).shape & T_MIXED) && TLEN(i) == 3 && p[0] >= '9' && isdigit((unsigned char)p[1]) && p[2] == 's' &&
        i > 0 && (tok_eq(d, i - 1, "his", 3) || tok_eq(d, i - 1, "her", 3) || tok_eq(d, i - 1, "their", 5) ||
                  tok_eq(d, i - 1, "late", 4) || tok_eq(d, i - 1, "mid", 3) || tok_eq(d, i - 1, "early", 5) ||
                  is_p(d, i - 1, '-'))) {
        add_toks(d, i, i + 1, WARD_PHI_AGE, 7);
        return i + 1;
    }
    if ((TK(i).shape & T_MIXED) && TLEN(i) >= 4) {              /* 92yo, 92y */
        long v = 0;
        size_t nd = 0;
        for (; nd < TLEN(i) && isdigit((unsigned char)p[nd]); nd++)
            if (nd < 4) v = v * 10 + (p[nd] - '0');   /* only 2-3 digits matter: no overflow */
        if (nd >= 2 && nd <= 3 && v >= 90 && v <= 125 &&
            (!strncasecmp(p + nd, "yo", 2) || !strncasecmp(p + nd, "yr", 2) || !strncasecmp(p + nd, "y", TLEN(i) - nd))) {
            add(d, TK(i).a, TK(i).a + nd, WARD_PHI_AGE, 7);
            return i + 1;
        }
    }
    long v = num(d, i);
    if (v < 90 || v > 125 || TLEN(i) > 3) return 0;
    if (i > 0 && glued(d, i) && (is_p(d, i - 1, '.') || is_p(d, i - 1, '/') || is_p(d, i - 1, ':'))) return 0;
    size_t k = i + 1;
    if (is_p(d, k, '-') && glued(d, k)) k++;
    int unit = tok_eq(d, k, "year", 4) || tok_eq(d, k, "years", 5) || tok_eq(d, k, "yr", 2) ||
               tok_eq(d, k, "yrs", 3) || tok_eq(d, k, "yo", 2) || tok_eq(d, k, "y", 1) || tok_eq(d, k, "yoa", 3);
    if (unit && tok_eq(d, k + 1, "ago", 3)) unit = 0;
    int paren = i >= 2 && is_p(d, i - 1, '(') && is_p(d, i + 1, ')') && cap(d, i - 2);   /* "Mrs. Rossi (94)" */
    if (unit || paren || cue_before(d, i, CUE_AGE, 2)) {
        add_toks(d, i, i + 1, WARD_PHI_AGE, 7);
        return i + 1;
    }
    return 0;
}

/* Record numbers after a cue: "MRN: 00123456", "policy # A-55321". */
static size_t cued_id(deid_doc *d, size_t i)
{
    size_t e;
    const cue *c = cue_at(d, i, CUE_ID, &e);
    if (!c) return 0;
    size_t k = e, skipped = 0;
    while (k < d->n && skipped < 4 && !TK(k).nl &&
           (is_p(d, k, ':') || is_p(d, k, '#') || is_p(d, k, '=') || is_p(d, k, '-') ||
            (is_p(d, k, '.') && (glued(d, k + 1) || tok_eq(d, k - 1, "no", 2) || tok_eq(d, k - 1, "num", 3))) ||
            tok_eq(d, k, "number", 6) || tok_eq(d, k, "no", 2) || tok_eq(d, k, "num", 3) || tok_eq(d, k, "is", 2) ||
            tok_eq(d, k, "id", 2) || tok_eq(d, k, "nbr", 3)))
        k++, skipped++;
    if (k >= d->n || TK(k).nl || !(TK(k).shape & (T_DIGIT | T_MIXED | T_ALPHA))) return 0;
    if ((TK(k).shape & T_ALPHA) && (!(TK(k).shape & T_UPPER) || ((TK(k).w & W_CUE) && !glued(d, k + 1)))) return 0;
    size_t end = k + 1, ndig = 0, nch = 0;
    for (size_t j = k; j < end; j++) {
        for (size_t b = TK(j).a; b < TK(j).b; b++) ndig += isdigit((unsigned char)d->t[b]) != 0, nch++;
        if (j + 2 < d->n + 1 && end < d->n && glued(d, end) &&
            ((TK(end).shape & (T_DIGIT | T_MIXED | T_ALPHA)) ||
             ((is_p(d, end, '-') || is_p(d, end, '/') || is_p(d, end, '.')) && end + 1 < d->n && glued(d, end + 1) &&
              (TK(end + 1).shape & (T_DIGIT | T_MIXED | T_ALPHA)))))
            end++;
        /* a plate or a spaced number: "ABC 1234", "123 456 789" */
        else if (end < d->n && (c->type == WARD_PHI_VEHICLE || c->type == WARD_PHI_SSN || c->type == WARD_PHI_HEALTHPLAN) &&
                 TK(end).sp && !TK(end).nl && (TK(end).shape & (T_DIGIT | T_MIXED)) && TLEN(end) >= 2 && end - k < 4)
            end++;
    }
    int weak = tok_eq(d, i, "visit", 5) || tok_eq(d, i, "case", 4) || tok_eq(d, i, "record", 6) ||
               tok_eq(d, i, "chart", 5) || tok_eq(d, i, "model", 5) || tok_eq(d, i, "device", 6);
    if (!ndig || nch < 3 || (weak && ndig < 3 && !is_p(d, e, '#'))) return 0;
    if (c->type == WARD_PHI_MRN && tok_eq(d, i, "mr", 2) && is_p(d, i + 1, '.') && !is_p(d, i + 2, '#')) return 0;
    add_toks(d, k, end, c->type, 8);
    return end;
}

/* IDs without a cue: long digit runs, capital+digit codes, VINs. */
static void bare_id(deid_doc *d, size_t i)
{
    const char *p = d->t + TK(i).a;
    size_t n = TLEN(i), nd = 0, lower = 0;
    for (size_t k = 0; k < n; k++) nd += isdigit((unsigned char)p[k]) != 0, lower += islower((unsigned char)p[k]) != 0;
    if (i > 0 && glued(d, i) && (is_p(d, i - 1, '.') || is_p(d, i - 1, ','))) return;   /* 1,250,000 */
    if (i + 1 < d->n && glued(d, i + 1) && is_p(d, i + 1, ',') && digits(d, i + 2, 3, 3)) return;
    if (TK(i).shape & T_DIGIT) {
        if (nd >= 7) add_toks(d, i, i + 1, WARD_PHI_ID, 3);
    } else if ((TK(i).shape & T_MIXED) && !lower && nd >= 4 && n >= 6 &&
               !(isdigit((unsigned char)p[0]) && n - nd <= 4 && isalpha((unsigned char)p[n - 1]) &&
                 isdigit((unsigned char)p[nd - 1]))) {                        /* 1000MG is a dose */
        add_toks(d, i, i + 1, n == 17 ? WARD_PHI_VEHICLE : WARD_PHI_ID, 3);
    }
}

/* ZIP after a state ("MA 02115", "Texas 75201") or a cue. */
static size_t zip(deid_doc *d, size_t i)
{
    if (!digits(d, i, 5, 5) || i == 0) return 0;
    size_t s = i - 1;
    if (is_p(d, s, ',') && s > 0) s--;
    int state = (TK(s).w & W_STATE) && (TK(s).shape & T_CAP);
    if (!state && !cue_before(d, i, CUE_ZIP, 3)) return 0;
    size_t end = i + 1;
    if (is_p(d, end, '-') && glued(d, end) && digits(d, end + 1, 4, 4)) end += 2;
    add_toks(d, i, end, WARD_PHI_ZIP, 7);
    return end;
}

/* ---- places ---- */

/* A run of up to max capitalized words at i on one line; returns its end. */
static size_t cap_run(const deid_doc *d, size_t i, size_t max, uint32_t stop)
{
    size_t k = i;
    while (k < d->n && k - i < max && cap(d, k) && !(TK(k).w & stop) && (k == i || !TK(k).nl)) {
        k++;
        if (is_p(d, k, '-') && glued(d, k) && cap(d, k + 1) && glued(d, k + 1)) k++;
    }
    return k;
}

/* The city names in the word table, one to three words: "San Diego". */
static size_t known_city(const deid_doc *d, size_t i)
{
    if (!cap(d, i) || !(TK(i).w & (W_CITY | W_CITYPFX))) return 0;
    char key[64];
    size_t best = 0, kn = 0;
    for (size_t k = i; k < d->n && k < i + 4 && cap(d, k) && (k == i || !TK(k).nl); k++) {
        if (kn + TLEN(k) + 1 >= sizeof key) break;
        if (kn) key[kn++] = ' ';
        memcpy(key + kn, d->t + TK(k).a, TLEN(k));
        kn = lower_key(key, kn + TLEN(k));
        if (ward_lex_flags(words, key, kn) & W_CITY) best = k + 1;
        if (is_p(d, k + 1, '.') && tok_eq(d, k, "st", 2)) k++, key[kn++] = '.';
    }
    return best;
}

/* "City, ST 12345", a known city, or a capitalized place after "lives in". */
static size_t city(deid_doc *d, size_t i, int after_address)
{
    if (!cap(d, i) || (TK(i).w & W_KEEP)) return 0;
    size_t e = known_city(d, i), ce;
    int cued = cue_before(d, i, CUE_CITY, 1) != NULL;
    size_t run = cap_run(d, i, 3, W_KEEP | W_STATE);
    /* followed by ", STATE" (with a ZIP, or when the city is known or after an address) */
    size_t end = e ? e : run;
    if (end > i && is_p(d, end, ',') && end + 1 < d->n && (TK(end + 1).w & W_STATE) && cap(d, end + 1)) {
        size_t st = end + 1;
        if (!(TK(st).shape & T_UPPER) && !(TK(st).w & W_STATE)) st = 0;
        int zip_follows = st && digits(d, st + 1, 5, 5);
        if (st && (zip_follows || e || after_address || cued) && !((TK(st).w & W_CRED) && !zip_follows)) {
            add_toks(d, i, end, WARD_PHI_CITY, 5);
            return end;
        }
    }
    int prep = i > 0 && (tok_eq(d, i - 1, "in", 2) || tok_eq(d, i - 1, "from", 4) || tok_eq(d, i - 1, "near", 4) ||
                         tok_eq(d, i - 1, "to", 2) || tok_eq(d, i - 1, "of", 2));
    if (e && !(TK(i).shape & T_UPPER) && (cued || prep || !(TK(i).w & (W_FIRST | W_LAST | W_EPONYM)))) {
        add_toks(d, i, e, WARD_PHI_CITY, 5);
        return e;
    }
    if (cued && run > i && !(TK(i).w & (W_MONTH))) {
        ce = run;
        add_toks(d, i, ce, WARD_PHI_CITY, 5);
        return ce;
    }
    return 0;
}

static int direction(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"n", "s", "e", "w", "ne", "nw", "se", "sw", "north", "south", "east", "west"};
    for (size_t i = 0; i < sizeof w / sizeof *w; i++)
        if (cap(d, k) && tok_eq(d, k, w[i], strlen(w[i]))) return 1;
    return 0;
}

/* "221B Baker Street, Apt 4", "PO Box 123". Returns the token after. */
static size_t street(deid_doc *d, size_t i)
{
    if ((tok_eq(d, i, "po", 2) && tok_eq(d, i + 1, "box", 3) && digits(d, i + 2, 1, 6)) ||
        (tok_eq(d, i, "p", 1) && is_p(d, i + 1, '.') && tok_eq(d, i + 2, "o", 1) && is_p(d, i + 3, '.') &&
         tok_eq(d, i + 4, "box", 3) && digits(d, i + 5, 1, 6))) {
        size_t end = tok_eq(d, i, "po", 2) ? i + 3 : i + 6;
        add_toks(d, i, end, WARD_PHI_ADDRESS, 6);
        return end;
    }
    if (!(TK(i).shape & (T_DIGIT | T_MIXED)) || !isdigit((unsigned char)d->t[TK(i).a]) || TLEN(i) > 6) return 0;
    if (i > 0 && glued(d, i) && !(TK(i - 1).shape & T_PUNCT)) return 0;
    size_t k = i + 1;
    if (is_p(d, k, '-') && glued(d, k) && digits(d, k + 1, 1, 5)) k += 2;          /* 12-14 Main St */
    if (direction(d, k)) k += is_p(d, k + 1, '.') ? 2 : 1;
    size_t words = 0;
    while (k < d->n && words < 4 && !TK(k).nl &&
           (cap(d, k) || ((TK(k).shape & T_MIXED) && isdigit((unsigned char)d->t[TK(k).a])))) {
        if ((TK(k).w & W_STREET) && words > 0) break;
        k++, words++;
    }
    if (!words || k >= d->n || !(TK(k).w & W_STREET) || !cap(d, k) || TK(k).nl) return 0;
    int titled = 0;
    for (size_t q = k - words; q < k; q++) titled |= !(TK(q).shape & T_UPPER) || TLEN(q) > 3;
    if (!titled) return 0;                                  /* "5 MG SQ" is a dose */
    size_t end = k + 1;
    if (is_p(d, end, '.') && glued(d, end)) end++;
    if (direction(d, end)) end += is_p(d, end + 1, '.') ? 2 : 1;
    size_t u = end;
    if (is_p(d, u, ',')) u++;
    if (tok_eq(d, u, "apt", 3) || tok_eq(d, u, "apartment", 9) || tok_eq(d, u, "suite", 5) || tok_eq(d, u, "ste", 3) ||
        tok_eq(d, u, "unit", 4) || tok_eq(d, u, "room", 4) || tok_eq(d, u, "rm", 2) || tok_eq(d, u, "floor", 5) ||
        tok_eq(d, u, "bldg", 4) || is_p(d, u, '#')) {
        u++;
        while (is_p(d, u, '.') || is_p(d, u, '#')) u++;
        if (u < d->n && (TK(u).shape & (T_DIGIT | T_MIXED | T_ALPHA)) && TLEN(u) <= 6) end = u + 1;
    }
    add_toks(d, i, end, WARD_PHI_ADDRESS, 6);
    /* ", Springfield, IL 62704" */
    size_t c = end;
    if (is_p(d, c, ',')) c++;
    if (c < d->n && !TK(c).nl) city(d, c, 1);
    return end;
}

static int function_word(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"at", "and", "of", "in", "on", "to", "is", "was", "with", "for", "by", "from"};
    for (size_t i = 0; i < sizeof w / sizeof *w; i++)
        if (tok_eq(d, k, w[i], strlen(w[i]))) return 1;
    return 0;
}

/* "Massachusetts General Hospital", "St. Mary's Hospital", "Mayo Clinic". */
static void facility(deid_doc *d, size_t i)
{
    uint32_t w = TK(i).w;
    if (!(w & (W_FAC | W_FAC2)) || !cap(d, i)) return;
    if (tok_eq(d, i + 1, "course", 6) || tok_eq(d, i + 1, "stay", 4)) return;     /* Brief Hospital Course */
    /* a weak head inside a longer name: Intensive Care Unit, Occupational Health Program */
    if (!(w & W_FAC) && cap(d, i + 1) && !TK(i + 1).nl && !(TK(i + 1).w & (W_FAC | W_FAC2))) return;
    size_t a = i, real = 0;
    while (a > 0 && i - a < 8 && !TK(a).nl) {
        size_t p = a - 1;
        if (cap(d, p) && !function_word(d, p) && !(TK(p).w & W_TITLE && is_p(d, p + 1, '.'))) {
            if (!(TK(p).w & W_KEEP) && !tok_eq(d, p, "the", 3) && !(TK(p).w & W_CRED)) real++;
            if (tok_eq(d, p, "the", 3) || tok_eq(d, p, "a", 1) || tok_eq(d, p, "an", 2) || tok_eq(d, p, "our", 3)) break;
            a = p;
        } else if ((is_p(d, p, '\'') || is_p(d, p, '-')) && glued(d, p) && p > 0 && cap(d, p - 1)) {
            a = p;
        } else if (tok_eq(d, p, "s", 1) && glued(d, p) && p > 1 && is_p(d, p - 1, '\'')) {
            a = p;
        } else if (is_p(d, p, '.') && glued(d, p) && p > 0 && tok_eq(d, p - 1, "st", 2)) {
            a = p;
        } else if ((tok_eq(d, p, "of", 2) || tok_eq(d, p, "and", 3) || is_p(d, p, '&')) && p > 0 && cap(d, p - 1) &&
                   a > p) {
            a = p;
        } else {
            break;
        }
        if (TK(a).nl) break;
    }
    while (a < i && !cap(d, a)) a++;
    if (!real) return;
    size_t end = i + 1;
    if (tok_eq(d, end, "of", 2)) {                               /* Hospital of Saint Raphael */
        size_t k = end + 1;
        if (tok_eq(d, k, "the", 3)) k++;
        size_t r = cap_run(d, k, 5, 0);
        if (r > k) end = r;
    }
    add_toks(d, a, end, WARD_PHI_FACILITY, 5);
}

/* ---- names ---- */

static int is_initial(const deid_doc *d, size_t k)
{
    return k < d->n && TLEN(k) == 1 && isupper((unsigned char)d->t[TK(k).a]);
}

static int particle(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"van", "von", "de", "del", "della", "da", "di", "la", "le", "bin",
                                    "ibn", "al", "el", "dos", "das", "du", "ten", "ter", "st", "der", "den", "y"};
    if (k >= d->n || (TK(k).shape & T_CAP)) return 0;
    for (size_t i = 0; i < sizeof w / sizeof *w; i++)
        if (tok_eq(d, k, w[i], strlen(w[i]))) return 1;
    return 0;
}

/* An eponym used clinically: "Parkinson disease", "Bell's palsy",
 * "Jackson-Pratt drain", "Guillain-Barre syndrome", "non-Hodgkin". */
static int eponym(const deid_doc *d, size_t i)
{
    uint32_t w = TK(i).w;
    if (w & W_KEEP) return 1;
    if (!(w & W_EPONYM)) return 0;
    if (i >= 2 && is_p(d, i - 1, '-') && tok_eq(d, i - 2, "non", 3)) return 1;
    size_t k = i + 1;
    for (int hops = 0; hops < 6 && k < d->n; hops++) {
        if ((is_p(d, k, '\'') || (TLEN(k) == 3 && !memcmp(d->t + TK(k).a, "\xE2\x80\x99", 3))) && tok_eq(d, k + 1, "s", 1))
            k += 2;
        else if (tok_eq(d, k, "s", 1) && glued(d, k)) k++;
        if (k < d->n && (TK(k).w & W_HEAD)) return 1;
        for (size_t m = k; m < k + 2 && m + 1 < d->n && (TK(m).shape & T_ALPHA) && !(TK(m).shape & T_CAP) &&
                           !(TK(m).w & W_STOP) && !TK(m).nl; m++)
            if (TK(m + 1).w & W_HEAD) return 1;
        if (k < d->n && (is_p(d, k, '-') || is_p(d, k, '/') || tok_eq(d, k, "and", 3) || tok_eq(d, k, "or", 2) ||
                         is_p(d, k, ',')) &&
            k + 1 < d->n && (TK(k + 1).w & (W_EPONYM | W_KEEP))) k += 2;
        else if (k < d->n && (TK(k).w & (W_EPONYM | W_KEEP)) && cap(d, k)) k++;
        else break;
    }
    return 0;
}

/* Can token k be part of a name? strength 2: after a title (any capital),
 * 1: after a strong cue (not a clinical word), 0: lists alone. */
static int name_word(const deid_doc *d, size_t k, int strength)
{
    if (k >= d->n || !cap(d, k) || TLEN(k) < 2 || !(TK(k).shape & T_ALPHA)) return 0;
    uint32_t w = TK(k).w;
    if ((w & (W_TITLE | W_STOP)) || ((w & W_CRED) && (TK(k).shape & T_UPPER))) return 0;
    if (strength >= 2) return !(w & W_MONTH) || (w & (W_FIRST | W_LAST));
    /* in a hyphenated clinical term: Child-Pugh, Wolff-Parkinson-White */
    if ((k >= 2 && is_p(d, k - 1, '-') && glued(d, k) && (TK(k - 2).w & W_KEEP)) ||
        (is_p(d, k + 1, '-') && glued(d, k + 1) && k + 2 < d->n && (TK(k + 2).w & W_KEEP)))
        return 0;
    if (eponym(d, k)) return 0;
    if (w & (W_KEEP | W_STREET | W_FAC | W_FAC2 | W_MONTH | W_STATE)) return (w & (W_FIRST | W_LAST)) && !(w & W_KEEP);
    if (strength == 1) return 1;
    return !(w & W_COMMON) && (w & (W_FIRST | W_LAST));
}

/* A name at i: words, initials ("J."), hyphens, particles, Jr./III.
 * Returns its end (i when none). */
static size_t name_run(const deid_doc *d, size_t i, int strength, size_t max)
{
    size_t k = i, words = 0, toks = 0;
    while (k < d->n && toks < max && (k == i || !TK(k).nl)) {
        int listed_more = strength == 0 && words && cap(d, k) && (TK(k).w & (W_FIRST | W_LAST)) &&
                          !(TK(k).w & (W_KEEP | W_STOP | W_CUE)) && !eponym(d, k) && name_word(d, k, 1);
        if (listed_more || name_word(d, k, strength)) {
            /* "Maria Okafor MRN": capitals after mixed case end the name */
            if (words && (TK(k).shape & T_UPPER) && !(TK(i).shape & T_UPPER) && TLEN(k) > 1) break;
            k++, words++;
            /* Smith-Jones; Soo-jin, Jae-won */
            while (is_p(d, k, '-') && glued(d, k) && glued(d, k + 1) && k + 1 < d->n && TLEN(k + 1) > 1 &&
                   (cap(d, k + 1) || ((TK(k + 1).shape & T_ALPHA) && TLEN(k + 1) <= 5 &&
                                      !(TK(k + 1).w & (W_KEEP | W_STOP | W_HEAD)))))
                k += 2;
        } else if (is_initial(d, k) && !(TK(k).w & W_CRED)) {
            k++;
            if (is_p(d, k, '.') && glued(d, k)) k++;
        } else if (particle(d, k) && k + 1 < d->n && (cap(d, k + 1) || particle(d, k + 1)) && (k > i || strength >= 2)) {
            k++;
            continue;
        } else if (words && (tok_eq(d, k, "jr", 2) || tok_eq(d, k, "sr", 2) || tok_eq(d, k, "ii", 2) ||
                             tok_eq(d, k, "iii", 3) || tok_eq(d, k, "iv", 2))) {
            k++;
            if (is_p(d, k, '.') && glued(d, k)) k++;
            break;
        } else {
            break;
        }
        toks++;
    }
    /* trailing initial's period belongs to the sentence unless more name follows */
    if (!words) return i;
    return k;
}

typedef struct names {
    ward_lex *seen;      /* lower-case name words found by a rule */
} names;

static void take_name(deid_doc *d, names *nm, size_t i, size_t j)
{
    while (i + 1 < j && (TK(i).shape & T_UPPER) && TLEN(i) > 1 && cap(d, i + 1) && !(TK(i + 1).shape & T_UPPER))
        i++;
    if (j <= i) return;
    /* drop a trailing period that ends the sentence after a full word */
    size_t e = j;
    if (e > i + 1 && is_p(d, e - 1, '.') && !is_initial(d, e - 2)) e--;
    add_toks(d, i, e, WARD_PHI_NAME, 4);
    for (size_t k = i; k < e; k++) {
        if (!(TK(k).shape & T_ALPHA) || TLEN(k) < 2 || TLEN(k) >= 40 || !(TK(k).shape & T_CAP)) continue;
        char key[40];
        memcpy(key, d->t + TK(k).a, TLEN(k));
        size_t kn = lower_key(key, TLEN(k));
        ward_lex_add_flags(nm->seen, key, kn, 1);
    }
}

/* Names listed after a label: "Assistants: Jane Roe, RN, and John Doe". */
static size_t name_list(deid_doc *d, names *nm, size_t k, int strength)
{
    for (int guard = 0; guard < 8; guard++) {
        while (k < d->n && (TK(k).w & W_TITLE) && cap(d, k)) k += is_p(d, k + 1, '.') ? 2 : 1;
        size_t r = name_run(d, k, strength, 5);
        if (r == k) return k;
        /* "Doe, Jane": last name, comma, first name */
        size_t r2 = is_p(d, r, ',') ? name_run(d, r + 1, strength > 1 ? 1 : strength, 3) : r;
        if (r2 > r + 1 && !(TK(r + 1).w & W_CRED) &&
            ((TK(r + 1).w & W_FIRST) || r2 >= d->n || TK(r2).nl || is_p(d, r2, '|') || is_p(d, r2, '(') ||
             (TK(r2).w & W_CUE))) {
            take_name(d, nm, k, r);
            take_name(d, nm, r + 1, r2);
            r = r2;
        } else {
            take_name(d, nm, k, r);
        }
        k = r;
        size_t c = k;
        while (c < d->n && !TK(c).nl && (is_p(d, c, ',') || is_p(d, c, '.') || (TK(c).w & W_CRED))) c++;
        if (c < d->n && !TK(c).nl && (tok_eq(d, c, "and", 3) || is_p(d, c, '&') || is_p(d, c, ';') || c > k)) {
            if (tok_eq(d, c, "and", 3) || is_p(d, c, '&') || is_p(d, c, ';')) c++;
            if (c < d->n && !TK(c).nl && (cap(d, c))) {
                k = c;
                strength = strength > 1 ? 1 : strength;
                continue;
            }
        }
        return k;
    }
    return k;
}

static int line_start(const deid_doc *d, size_t i)
{
    return i == 0 || TK(i).nl || is_p(d, i - 1, '|') || is_p(d, i - 1, ';');
}

/* Cue phrases after which any capitalized words are a name, and the
 * weaker ones that need a listed name word or two capitalized words. */
static int weak_phrase(const cue *c)
{
    return !strcmp(c->words, "per") || !strcmp(c->words, "called") || !strcmp(c->words, "paged") ||
           !strcmp(c->words, "followed by") || !strcmp(c->words, "named") || !strcmp(c->words, "care of") ||
           !strcmp(c->words, "discussed with") || !strcmp(c->words, "thank you") || !strcmp(c->words, "dear");
}

static int sentence_start(const deid_doc *d, size_t i)
{
    if (i == 0 || TK(i).nl) return 1;
    const char *p = d->t + TK(i - 1).a;
    return TLEN(i - 1) == 1 && (*p == '.' || *p == '!' || *p == '?' || *p == ':' || *p == '"');
}

/* After a label, a name is followed by the line end, punctuation, a cue
 * or a credential ("Patient: Jane Roe (MRN ...)"), not by more words as
 * in a transcript's "PATIENT: Sounds good". Labels that are also words
 * ("CC:" is a chief complaint too) need a listed name word. */
static int label_name_ok(const deid_doc *d, const cue *c, size_t k)
{
    while (k < d->n && (TK(k).w & W_TITLE) && cap(d, k)) return 1;
    size_t r = name_run(d, k, 1, 5);
    if (r == k) return 0;
    if (!strcmp(c->words, "cc") || !strcmp(c->words, "re") || !strcmp(c->words, "to") || !strcmp(c->words, "from")) {
        int listed = 0;
        for (size_t q = k; q < r; q++) listed |= (TK(q).w & (W_FIRST | W_LAST)) && !(TK(q).w & W_KEEP);
        if (!listed) return 0;
    }
    return r >= d->n || TK(r).nl || (TK(r).shape & T_PUNCT) || (TK(r).w & (W_CUE | W_CRED)) || cap(d, r);
}

/* HPI openings: "Nayeli Littlewolf is a 50 year old", "James is an established 42 y/o". */
static void opening_name(deid_doc *d, names *nm, size_t i)
{
    int after_header = i > 0 && (TK(i - 1).shape & T_UPPER) && !TK(i).nl &&
                       ward_funnel_section_canonical(d->t + TK(i - 1).a, TLEN(i - 1));
    if (!(sentence_start(d, i) || after_header) || !name_word(d, i, 1)) return;
    size_t r = name_run(d, i, 1, 4);
    if (r == i || !(tok_eq(d, r, "is", 2) || tok_eq(d, r, "was", 3)) ||
        !(tok_eq(d, r + 1, "a", 1) || tok_eq(d, r + 1, "an", 2)))
        return;
    for (size_t q = r + 2; q < r + 5 && q < d->n; q++)
        if ((TK(q).shape & T_DIGIT) || tok_eq(d, q, "established", 11) || tok_eq(d, q, "pleasant", 8)) {
            take_name(d, nm, i, r);
            return;
        }
}

static void name_before(deid_doc *d, names *nm, size_t b);

static void cue_names(deid_doc *d, names *nm, size_t i)
{
    size_t e;
    const cue *c;
    uint32_t w = TK(i).w;
    if ((w & W_TITLE) && cap(d, i) && !(TLEN(i) <= 2 && tok_eq(d, i, "st", 2))) {
        size_t k = i + 1;
        if (is_p(d, k, '.') && glued(d, k)) k++;
        int title_word = tok_eq(d, i, "sister", 6) || tok_eq(d, i, "brother", 7) || tok_eq(d, i, "nurse", 5) ||
                         tok_eq(d, i, "doctor", 6);
        /* "Dr" after a street number is a street: "12 Oak Dr" */
        if (!(tok_eq(d, i, "dr", 2) && i >= 2 && cap(d, i - 1) && (TK(i - 2).shape & T_DIGIT)) && !TK(k < d->n ? k : i).nl)
            name_list(d, nm, k, title_word ? 1 : 2);
    }
    if ((w & W_CUE) && (c = cue_at(d, i, CUE_LABEL, &e)) && is_p(d, e, ':') &&
        (line_start(d, i) || (strcmp(c->words, "to") && strcmp(c->words, "from") && strcmp(c->words, "re")))) {
        size_t k = e + 1;
        if (k < d->n && !TK(k).nl && label_name_ok(d, c, k)) name_list(d, nm, k, 1);
    }
    if ((w & W_CUE) && (c = cue_at(d, i, CUE_PHRASE, &e))) {
        size_t k = e;
        if (is_p(d, k, ':') || is_p(d, k, ',')) k++;
        if (k < d->n && !TK(k).nl && !((TK(k).w & W_TITLE) && cap(d, k))) {
            size_t r = name_run(d, k, 1, 4);
            int ok = r > k;
            if (ok && weak_phrase(c)) {
                size_t nwords = 0, listed = 0;
                for (size_t q = k; q < r; q++)
                    if (TLEN(q) > 1 && cap(d, q)) nwords++, listed += (TK(q).w & (W_FIRST | W_LAST)) != 0;
                ok = listed || nwords >= 2 || (TK(r < d->n ? r : k).w & W_CRED);
            }
            if (ok) name_list(d, nm, k, 1);
        }
    }
    if (tok_eq(d, i, "hi", 2) || tok_eq(d, i, "hello", 5) || tok_eq(d, i, "hey", 3) || tok_eq(d, i, "bye", 3) ||
        tok_eq(d, i, "thanks", 6) || tok_eq(d, i, "goodbye", 7)) {              /* "Hi, Carol, good to see you" */
        size_t k = i + 1;
        if (is_p(d, k, ',')) k++;
        size_t r = k < d->n && !TK(k).nl ? name_run(d, k, 1, 2) : k;
        if (r > k && r < d->n && (is_p(d, r, ',') || is_p(d, r, '.') || is_p(d, r, '!'))) take_name(d, nm, k, r);
    }
    if ((w & W_RELATIVE) && i >= 2 && is_p(d, i - 1, ',') && (TK(i).shape & T_ALPHA) && !(TK(i).shape & T_CAP) &&
        (is_p(d, i + 1, ')') || is_p(d, i + 1, ',') || is_p(d, i + 1, ';')))
        name_before(d, nm, i - 1);                     /* "(Jane Roe, sister)" */
    if (w & W_RELATIVE) {
        size_t k = i + 1;
        if (is_p(d, k, ',') || is_p(d, k, ':') || is_p(d, k, '(')) k++;
        if (k < d->n && !TK(k).nl && name_word(d, k, 1)) {
            size_t r = name_run(d, k, 1, 3);
            /* a relative's name: listed, or not an everyday word */
            if (r > k && (!(TK(k).w & W_COMMON) || r > k + 1 || (TK(k).w & (W_FIRST | W_LAST)))) take_name(d, nm, k, r);
        }
    }
    if ((w & W_CRED) && (TK(i).shape & T_UPPER) && i > 0 && !TK(i).nl) {
        /* "John Smith, MD", "Smith MD": walk back over the name */
        int ambiguous = tok_eq(d, i, "do", 2) || tok_eq(d, i, "ms", 2) || tok_eq(d, i, "pt", 2) ||
                        tok_eq(d, i, "ot", 2) || tok_eq(d, i, "pa", 2) || tok_eq(d, i, "ma", 2) ||
                        tok_eq(d, i, "slp", 3) || tok_eq(d, i, "atc", 3) || tok_eq(d, i, "emt", 3);
        size_t b = i;
        if (is_p(d, b - 1, ',')) b--;
        else if (ambiguous) return;
        name_before(d, nm, b);
    }
}

/* The name that ends right before token b: "John Smith, MD", "(Jane Roe, sister)". */
static void name_before(deid_doc *d, names *nm, size_t b)
{
    size_t a = b;
    while (a > 0 && b - a < 6 && !TK(a).nl) {
        size_t p = a - 1;
        if (name_word(d, p, 1) || is_initial(d, p) || (is_p(d, p, '.') && p > 0 && is_initial(d, p - 1)) ||
            (is_p(d, p, '-') && glued(d, p) && p > 0 && cap(d, p - 1)) || particle(d, p) ||
            ((TK(p).shape & T_ALPHA) && TLEN(p) <= 5 && p >= 2 && glued(d, p) && is_p(d, p - 1, '-') &&
             glued(d, p - 1) && cap(d, p - 2)))
            a = p;
        else
            break;
    }
    while (a < b && !cap(d, a)) a++;
    int real = 0;
    for (size_t q = a; q < b; q++)
        real |= cap(d, q) && TLEN(q) > 1 && (!(TK(q).shape & T_UPPER) || (TK(q).w & (W_FIRST | W_LAST)));
    if (a < b && b - a <= 6 && real) {
        size_t r = name_run(d, a, 1, 6);
        if (r > a) take_name(d, nm, a, r > b ? b : r);
    }
}

/* Names from the lists alone: "Maria Okafor", "Garcia", "J. Smith". */
static void listed_names(deid_doc *d, names *nm, size_t i)
{
    if (!cap(d, i) || !(TK(i).shape & T_ALPHA)) return;
    uint32_t w = TK(i).w;
    int upper = (TK(i).shape & T_UPPER) != 0;
    if (is_initial(d, i) && is_p(d, i + 1, '.') && glued(d, i + 1) && name_word(d, i + 2, 1) &&
        (TK(i + 2).w & W_LAST) && !TK(i + 2).nl) {
        size_t r = name_run(d, i, 1, 4);
        take_name(d, nm, i, r);
        return;
    }
    /* a header line "Littlewolf, Nayeli | MRN ..." */
    size_t r0 = line_start(d, i) && name_word(d, i, 1) && !(TK(i).shape & T_UPPER) ? name_run(d, i, 1, 3) : i;
    if (r0 > i && is_p(d, r0, ',') && name_word(d, r0 + 1, 1) && !TK(r0 + 1).nl && !(TK(r0 + 1).shape & T_UPPER)) {
        size_t r = name_run(d, r0 + 1, 1, 3);
        if (r >= d->n || TK(r).nl || is_p(d, r, '|') || is_p(d, r, '(') || (TK(r).w & W_CUE)) {
            take_name(d, nm, i, r0);
            take_name(d, nm, r0 + 1, r);
            return;
        }
    }
    if (!(w & (W_FIRST | W_LAST)) || TLEN(i) < 2) return;
    if (upper) {                          /* JOHN SMITH: only a first+last pair */
        if ((w & W_FIRST) && !(w & (W_COMMON | W_KEEP)) && i + 1 < d->n && (TK(i + 1).shape & T_UPPER) &&
            (TK(i + 1).w & W_LAST) && !(TK(i + 1).w & (W_KEEP)) && !TK(i + 1).nl)
            take_name(d, nm, i, i + 2);
        return;
    }
    if (name_word(d, i, 0)) {
        size_t r = name_run(d, i, 0, 4);
        /* a following capitalized word that is not listed joins a first name: "Maria Okafor" */
        if ((w & W_FIRST) && r == i + 1 && name_word(d, r, 1) && !TK(r).nl && !sentence_start(d, r) &&
            !(TK(r).w & (W_COMMON | W_CUE)) && !(TK(r).shape & T_UPPER) && !(cap(d, r + 1) && !TK(r + 1).nl))
            r++;
        take_name(d, nm, i, r);
        return;
    }
    /* everyday-word names ("Rose", "Grant") only next to a listed name */
    if (!(w & W_KEEP) && name_word(d, i, 1) && !eponym(d, i) && i + 1 < d->n && !TK(i + 1).nl &&
        name_word(d, i + 1, 0) && (TK(i + 1).w & W_LAST) && (w & W_FIRST))
        take_name(d, nm, i, name_run(d, i + 1, 0, 3));
}

/* Transcript speakers: the same capitalized word opening two or more lines
 * as "Name:" that is not a section header or a clinical word ("José: Yes."). */
static void speakers(deid_doc *d, names *nm)
{
    ward_lex *seen = NULL;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < d->n; i++) {
            if (!line_start(d, i) || !name_word(d, i, 1) || (TK(i).shape & T_UPPER)) continue;
            size_t r = name_run(d, i, 1, 3);
            if (r == i || !is_p(d, r, ':') || r + 1 >= d->n || TK(r + 1).nl) continue;
            if (ward_funnel_section_canonical(d->t + TK(i).a, TK(r - 1).b - TK(i).a)) continue;
            const char *key = d->t + TK(i).a;
            size_t kn = TK(r - 1).b - TK(i).a;
            if (!seen) seen = ward_lex_new();
            if (pass == 0) {
                const char *v = ward_lex_get(seen, key, kn);
                ward_lex_put(seen, key, kn, v ? "2" : "1");
            } else if (!strcmp(ward_lex_get(seen, key, kn), "2")) {
                take_name(d, nm, i, r);
            }
        }
    ward_lex_free(seen);
}

/* ---- the pass ---- */

void ward_deid_detect(deid_doc *d)
{
    ward_deid_words();
    tokenize(d);
    names nm = {ward_lex_new()};
    speakers(d, &nm);
    size_t last_date_end = 0;
    for (size_t i = 0; i < d->n;) {
        dtok *k = &TK(i);
        size_t next = i + 1, e;
        if (k->shape & T_PUNCT) {
            if (is_p(d, i, '@')) next = web(d, i);
            else if (is_p(d, i, '+') || is_p(d, i, '(')) {
                if ((e = phone_end(d, i, 0))) {
                    add_toks(d, i, e, cue_before(d, i, CUE_FAX, 4) ? WARD_PHI_FAX : WARD_PHI_PHONE, 8);
                    next = e;
                }
            }
            i = next;
            continue;
        }
        if (k->shape & (T_DIGIT | T_MIXED)) {
            int fax = cue_before(d, i, CUE_FAX, 4) != NULL;
            int phone_cue = fax || cue_before(d, i, CUE_PHONE, 4);
            if ((e = ssn_end(d, i))) add_toks(d, i, e, WARD_PHI_SSN, 9), next = e;
            else if ((e = ip_end(d, i))) add_toks(d, i, e, WARD_PHI_IP, 9), next = e;
            else if ((e = phone_end(d, i, phone_cue))) add_toks(d, i, e, fax ? WARD_PHI_FAX : WARD_PHI_PHONE, 8), next = e;
            else if ((e = num_date(d, i, last_date_end))) add_toks(d, i, e, WARD_PHI_DATE, 7), next = e, last_date_end = e;
            else if ((e = word_date(d, i))) next = e, last_date_end = e;
            else if ((e = street(d, i))) next = e;
            else if ((e = zip(d, i))) next = e;
            else if ((e = age(d, i))) next = e;
            else if (digits(d, i, 10, 10) && phone_cue) add_toks(d, i, i + 1, fax ? WARD_PHI_FAX : WARD_PHI_PHONE, 8);
            else bare_id(d, i);
            i = next;
            continue;
        }
        /* words */
        if ((e = web(d, i)) > i + 1) {
            i = e;
            continue;
        }
        if ((e = cued_id(d, i))) {
            i = e;
            continue;
        }
        if ((k->w & W_MONTH) && (e = word_date(d, i))) {
            last_date_end = e;
            i = e;
            continue;
        }
        if (tok_eq(d, i, "po", 2) || tok_eq(d, i, "p", 1)) street(d, i);
        if ((tok_eq(d, i, "ninety", 6) || tok_eq(d, i, "hundred", 7)) && i + 1 < d->n) {
            size_t a = i, b = i + 1;
            if (tok_eq(d, i, "hundred", 7) && i > 0 && tok_eq(d, i - 1, "one", 3)) a = i - 1;
            if (is_p(d, b, '-') && b + 1 < d->n && (TK(b + 1).shape & T_ALPHA) && !tok_eq(d, b + 1, "year", 4)) b += 2;
            size_t u = b;
            if (is_p(d, u, '-')) u++;
            if (tok_eq(d, u, "year", 4) || tok_eq(d, u, "years", 5)) add_toks(d, a, b, WARD_PHI_AGE, 7);
        }
        facility(d, i);
        if (k->shape & T_CAP) city(d, i, 0);
        cue_names(d, &nm, i);
        listed_names(d, &nm, i);
        opening_name(d, &nm, i);
        i = next;
    }
    /* a name found once is a name everywhere in the document */
    if (ward_lex_count(nm.seen)) {
        for (size_t i = 0; i < d->n; i++) {
            if (!cap(d, i) || !(TK(i).shape & T_ALPHA) || TLEN(i) < 2 || TLEN(i) >= 40) continue;
            char key[40];
            memcpy(key, d->t + TK(i).a, TLEN(i));
            size_t kn = lower_key(key, TLEN(i));
            if (ward_lex_flags(nm.seen, key, kn) && !eponym(d, i) && !(TK(i).w & (W_KEEP | W_MONTH)) &&
                !((TK(i).w & W_TITLE) && is_p(d, i + 1, '.')))
                add_toks(d, i, i + 1, WARD_PHI_NAME, 4);
        }
    }
    ward_lex_free(nm.seen);
}
