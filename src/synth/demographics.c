/* demographics.c — who a synthetic patient is: names from many origins,
 * address, phone, email, identifiers, next of kin and care team.
 *
 * Names come from pools by origin; a patient's origin is drawn from weights
 * that depend on race and ethnicity (docs/synth.md), and a share of
 * patients get a given name and a family name of different origins, as
 * real people do. Identifiers use ranges that no real person holds: SSNs
 * start with 9 (never issued), phones use the fictional 555-01xx block.
 */
#include "synth_int.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

enum { O_ANGLO, O_HISPANIC, O_AFRAM, O_CHINESE, O_INDIAN, O_VIETNAMESE, O_KOREAN, O_ARABIC,
       O_WESTAFRICAN, O_SLAVIC, O_IRISH, O_ITALIAN, O_FILIPINO, O_NATIVE, O_PACIFIC, O_JAPANESE, O_PERSIAN,
       O_EASTAFRICAN, O_LUSOPHONE, NORIGIN };

/* Origin labels, as `ward synth` writes them (patients.jsonl "name_origin")
 * and `ward eval fairness` groups de-identification recall by them. */
static const char *const origin_label[NORIGIN] = {"anglo", "hispanic", "african_american", "chinese", "indian",
    "vietnamese", "korean", "arabic", "west_african", "slavic", "irish", "italian", "filipino", "native_american",
    "pacific_islander", "japanese", "persian", "east_african", "lusophone"};

#define L(...) {__VA_ARGS__, NULL}
typedef struct origin_names {
    const char *female[24], *male[24], *family[28];
} origin_names;

static const origin_names names[NORIGIN] = {
    [O_ANGLO] = {L("Emily", "Sarah", "Margaret", "Hannah", "Olivia", "Abigail", "Elizabeth", "Judith", "Carol", "Dorothy", "Megan", "Heather"),
                 L("James", "William", "Robert", "Thomas", "Charles", "George", "Henry", "Walter", "Harold", "Kenneth", "Tyler", "Dylan"),
                 L("Smith", "Johnson", "Miller", "Davis", "Taylor", "Anderson", "Thompson", "Clark", "Whitfield", "Hargrove", "Pennington", "Ashby", "Caldwell", "Lindqvist", "Brandt", "Hoffmann")},
    [O_HISPANIC] = {L("Maria", "Guadalupe", "Lucia", "Sofia", "Valentina", "Carmen", "Rosa", "Ximena", "Isabel", "Mariana", "Yesenia", "Dolores"),
                    L("José", "Luis", "Carlos", "Juan", "Miguel", "Alejandro", "Javier", "Santiago", "Mateo", "Jesús", "Ramón", "Héctor"),
                    L("García", "Rodríguez", "Martínez", "Hernández", "López", "González", "Pérez", "Sánchez", "Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Castillo", "Ortega")},
    [O_AFRAM] = {L("Keisha", "Latoya", "Imani", "Aaliyah", "Ebony", "Tamika", "Jasmine", "Denise", "Gloria", "Shanice", "Brianna", "Monique"),
                 L("DeShawn", "Marcus", "Jamal", "Terrence", "Darnell", "Andre", "Malik", "Tyrone", "Cedric", "Reginald", "Jaylen", "Curtis"),
                 L("Washington", "Jefferson", "Jackson", "Robinson", "Harris", "Brooks", "Coleman", "Banks", "Freeman", "Simmons", "Mosley", "Gaines", "Dixon", "Baptiste")},
    [O_CHINESE] = {L("Mei", "Xiu Ying", "Li Na", "Jing", "Yan", "Hui", "Fang", "Xin", "Ling", "Qian"),
                   L("Wei", "Jian", "Hao", "Jun", "Ming", "Lei", "Qiang", "Tao", "Zhiwei", "Bo"),
                   L("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Lin", "Guo")},
    [O_INDIAN] = {L("Priya", "Ananya", "Lakshmi", "Deepika", "Sunita", "Kavya", "Meera", "Aishwarya", "Nisha", "Radha"),
                  L("Rahul", "Arjun", "Vikram", "Sanjay", "Rajesh", "Aditya", "Suresh", "Anil", "Karthik", "Rohan"),
                  L("Patel", "Sharma", "Singh", "Reddy", "Iyer", "Gupta", "Nair", "Desai", "Mehta", "Krishnan", "Chatterjee", "Rao")},
    [O_VIETNAMESE] = {L("Linh", "Thao", "Huong", "Mai", "Ngoc", "Trang", "Lan", "Phuong"),
                      L("Minh", "Tuan", "Duc", "Quang", "Hieu", "Thanh", "Khanh", "Long"),
                      L("Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui", "Do", "Ngo")},
    [O_KOREAN] = {L("Ji-woo", "Seo-yeon", "Min-ji", "Soo-jin", "Eun-ji", "Hye-jin", "Yuna"),
                  L("Min-jun", "Seo-jun", "Ji-hoon", "Dong-hyun", "Sung-min", "Hyun-woo", "Jae-won"),
                  L("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim")},
    [O_ARABIC] = {L("Fatima", "Aisha", "Layla", "Noor", "Mariam", "Yasmin", "Huda", "Salma"),
                  L("Mohammed", "Ahmed", "Omar", "Youssef", "Khalid", "Hassan", "Tariq", "Karim"),
                  L("Haddad", "Khoury", "Mansour", "Saleh", "Aziz", "Nasser", "Hamdan", "Rahman", "Al-Sayed", "Farouk")},
    [O_WESTAFRICAN] = {L("Adaeze", "Chiamaka", "Ngozi", "Folake", "Abena", "Efua", "Amara", "Yetunde"),
                       L("Chinedu", "Oluwaseun", "Kwame", "Emeka", "Kofi", "Tunde", "Obinna", "Kwabena"),
                       L("Okafor", "Adeyemi", "Mensah", "Okonkwo", "Balogun", "Asante", "Eze", "Owusu", "Nwosu", "Boateng")},
    [O_SLAVIC] = {L("Olga", "Natalia", "Katarzyna", "Svetlana", "Irina", "Agnieszka", "Milena", "Daria"),
                  L("Dmitri", "Piotr", "Aleksander", "Ivan", "Tomasz", "Sergei", "Marek", "Nikolai"),
                  L("Kowalski", "Nowak", "Ivanova", "Petrov", "Wiśniewski", "Novák", "Horváth", "Kuznetsov", "Zielinski", "Popescu")},
    [O_IRISH] = {L("Siobhan", "Aoife", "Maeve", "Niamh", "Bridget", "Kathleen", "Colleen", "Eileen"),
                 L("Patrick", "Sean", "Declan", "Cormac", "Liam", "Brendan", "Kieran", "Dermot"),
                 L("O'Brien", "O'Connor", "Murphy", "Kelly", "Sullivan", "McCarthy", "Byrne", "Fitzgerald", "Gallagher", "Doyle")},
    [O_ITALIAN] = {L("Giulia", "Francesca", "Chiara", "Rosalia", "Antonella", "Lucia", "Gianna", "Teresa"),
                   L("Giuseppe", "Salvatore", "Antonio", "Marco", "Vincenzo", "Paolo", "Luca", "Dominic"),
                   L("Rossi", "Russo", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "DeLuca", "Ferrara")},
    [O_FILIPINO] = {L("Maricel", "Rowena", "Jocelyn", "Analyn", "Rhea", "Cristina", "Liezl"),
                    L("Rodrigo", "Jericho", "Ramil", "Arnel", "Rommel", "Efren", "Noel"),
                    L("Santos", "Reyes", "Cruz", "Bautista", "Dela Cruz", "Mendoza", "Villanueva", "Aquino", "Manalo")},
    [O_NATIVE] = {L("Winona", "Aiyana", "Tallulah", "Nayeli", "Halona", "Dyani"),
                  L("Ahiga", "Chayton", "Hotah", "Takoda", "Elsu", "Kele"),
                  L("Begay", "Yazzie", "Tsosie", "Benally", "Redhorse", "Whitehorse", "Littlewolf", "Manuelito")},
    [O_PACIFIC] = {L("Leilani", "Malia", "Kalani", "Moana", "Noelani", "Sina"),
                   L("Keoni", "Kainoa", "Makoa", "Sione", "Tevita", "Kekoa"),
                   L("Kahale", "Akana", "Fonoti", "Tupou", "Kealoha", "Mahoe", "Faleolo")},
    [O_JAPANESE] = {L("Yuki", "Haruka", "Aiko", "Sakura", "Emiko", "Naoko", "Keiko", "Misaki"),
                    L("Hiroshi", "Takeshi", "Kenji", "Haruto", "Daiki", "Satoshi", "Yoshiro", "Kaito"),
                    L("Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Yamamoto", "Nakamura", "Kobayashi", "Yoshida", "Matsumoto")},
    [O_PERSIAN] = {L("Shirin", "Parisa", "Nasrin", "Roya", "Azadeh", "Mahnaz", "Golnar", "Farnaz"),
                   L("Dariush", "Reza", "Babak", "Kourosh", "Farhad", "Arash", "Mehdi", "Behrouz"),
                   L("Hosseini", "Tehrani", "Karimi", "Moradi", "Jafari", "Rostami", "Sadeghi", "Ahmadi", "Shirazi", "Esfahani")},
    [O_EASTAFRICAN] = {L("Hiwot", "Selam", "Meron", "Tigist", "Hodan", "Ayaan", "Fardowsa", "Bethlehem"),
                       L("Abebe", "Tesfaye", "Dawit", "Yonas", "Abdirahman", "Mohamud", "Bereket", "Getachew"),
                       L("Tadesse", "Bekele", "Gebremedhin", "Haile", "Warsame", "Abdi", "Mengistu", "Ali", "Hussein", "Wolde")},
    [O_LUSOPHONE] = {L("Ana", "Beatriz", "Joana", "Fernanda", "Leticia", "Conceicao", "Ines", "Raquel"),
                     L("João", "Paulo", "Thiago", "Rafael", "Gustavo", "Rodrigo", "Duarte", "Vinicius"),
                     L("Silva", "Santos", "Oliveira", "Souza", "Pereira", "Ferreira", "Almeida", "Carvalho", "Costa", "Gonçalves")},
};

/* Origin weights by race (non-Hispanic), and for Hispanic patients. */
static const double origin_w[NRACE + 1][NORIGIN] = {
    [RACE_WHITE] = {52, 1, 0, 0, 0, 0, 0, 4, 0, 12, 13, 13, 0, 0, 0, 0, 2, 0, 3},
    [RACE_BLACK] = {20, 1, 58, 0, 0, 0, 0, 2, 12, 0, 0, 0, 0, 0, 0, 0, 0, 7, 0},
    [RACE_ASIAN] = {4, 0, 0, 27, 24, 13, 9, 0, 0, 0, 0, 0, 15, 0, 0, 8, 0, 0, 0},
    [RACE_NATIVE] = {30, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 65, 0, 0, 0, 0, 0},
    [RACE_PACIFIC] = {18, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 0, 67, 5, 0, 0, 0},
    [RACE_OTHER] = {20, 17, 8, 5, 8, 5, 0, 12, 5, 5, 0, 0, 0, 0, 0, 0, 5, 5, 5},
    [NRACE] = {8, 85, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 3},
};

static const char *pick_list(srng *r, const char *const *list)
{
    int n = 0;
    while (list[n]) n++;
    return list[srng_int(r, 0, n - 1)];
}

static int origin_of(srng *r, int race, int hispanic)
{
    return (int)srng_weighted(r, origin_w[hispanic ? NRACE : race], NORIGIN);
}

void synth_name(srng *r, sname *n, int female, int race, int hispanic)
{
    int o = origin_of(r, race, hispanic);
    /* About one in six carries a given name from another origin. */
    int og = srng_chance(r, 0.16) ? (int)srng_int(r, 0, NORIGIN - 1) : o;
    snprintf(n->given, sizeof n->given, "%s", pick_list(r, female ? names[og].female : names[og].male));
    snprintf(n->family, sizeof n->family, "%s", pick_list(r, names[o].family));
    n->origin = origin_label[o];
    if (srng_chance(r, 0.06)) {  /* hyphenated family names */
        const char *second = pick_list(r, names[origin_of(r, race, hispanic)].family);
        if (strcmp(second, n->family))
            snprintf(n->family + strlen(n->family), sizeof n->family - strlen(n->family), "-%s", second);
    }
    n->middle[0] = 0;
    if (srng_chance(r, 0.55))
        snprintf(n->middle, sizeof n->middle, "%s", pick_list(r, female ? names[o].female : names[o].male));
    if (!strcmp(n->middle, n->given)) n->middle[0] = 0;
}

static const struct {
    const char *city, *state, *zip, *area;
} places[] = {
    {"Springfield", "IL", "62704", "217"}, {"Riverton", "WY", "82501", "307"}, {"Fairview", "OR", "97024", "503"},
    {"Madison", "WI", "53703", "608"}, {"Georgetown", "TX", "78626", "512"}, {"Salem", "MA", "01970", "978"},
    {"Clinton", "IA", "52732", "563"}, {"Franklin", "TN", "37064", "615"}, {"Greenville", "SC", "29601", "864"},
    {"Bristol", "CT", "06010", "860"}, {"Dover", "DE", "19901", "302"}, {"Arlington", "VA", "22201", "703"},
    {"Oakland", "CA", "94607", "510"}, {"Fresno", "CA", "93721", "559"}, {"El Paso", "TX", "79901", "915"},
    {"Albuquerque", "NM", "87102", "505"}, {"Tucson", "AZ", "85701", "520"}, {"Aurora", "CO", "80010", "303"},
    {"Duluth", "MN", "55802", "218"}, {"Toledo", "OH", "43604", "419"}, {"Lowell", "MA", "01852", "978"},
    {"Paterson", "NJ", "07505", "973"}, {"Yonkers", "NY", "10701", "914"}, {"Savannah", "GA", "31401", "912"},
    {"Mobile", "AL", "36602", "251"}, {"Shreveport", "LA", "71101", "318"}, {"Honolulu", "HI", "96813", "808"},
    {"Anchorage", "AK", "99501", "907"}, {"Boise", "ID", "83702", "208"}, {"Spokane", "WA", "99201", "509"},
    {"Flagstaff", "AZ", "86001", "928"}, {"Gallup", "NM", "87301", "505"}, {"Brockton", "MA", "02301", "508"},
    {"Dearborn", "MI", "48126", "313"}, {"Hialeah", "FL", "33010", "305"}, {"Stockton", "CA", "95202", "209"},
};
static const char *const streets[] = {"Maple", "Oak", "Cedar", "Elm", "Washington", "Lincoln", "Church", "Mill",
    "Highland", "Lakeview", "Sunset", "Park", "River", "Hillcrest", "Willow", "Chestnut", "Franklin", "Jackson",
    "Pleasant", "Prospect", "Union", "Magnolia", "Cypress", "Juniper", "Orchard", "Meadow", "Ridge", "Harbor"};
static const char *const suffixes[] = {"Street", "St", "Avenue", "Ave", "Road", "Rd", "Lane", "Drive", "Dr",
    "Court", "Way", "Boulevard", "Terrace", "Place"};
static const char *const domains[] = {"example.com", "example.org", "example.net", "mail.example", "inbox.test"};
static const char *const clinics[] = {"Lakeview Family Practice", "Riverside Primary Care", "Northgate Internal Medicine",
    "Maple Street Health Center", "Cedar Hills Medical Group", "Harborview Community Clinic", "Pinecrest Family Medicine",
    "Westbrook Health Associates", "Sunrise Medical Clinic", "Valley Oak Primary Care"};
static const char *const hospitals[] = {"St. Agnes Medical Center", "Riverside Community Hospital", "Mercy General Hospital",
    "Lakeshore Regional Medical Center", "Good Samaritan Hospital", "University Hospital", "Northwest Memorial Hospital",
    "Sacred Heart Medical Center", "Bayview General Hospital", "Providence Valley Hospital"};
static const char *const plans[] = {"Blue Cross PPO", "Aetna HMO", "UnitedHealthcare Choice", "Cigna Open Access",
    "Medicare Part B", "Medicaid", "Humana Gold Plus", "Kaiser Permanente HMO", "Tricare Select"};
static const char *const specialties[NSPEC] = {"Internal Medicine", "Cardiology", "Nephrology", "Endocrinology",
    "Pulmonology", "Psychiatry", "Hospital Medicine", "Orthopedics"};

static void digits(srng *r, char *out, int n)
{
    for (int i = 0; i < n; i++) out[i] = (char)('0' + srng_int(r, 0, 9));
    out[n] = 0;
}

static void phone(srng *r, const char *area, char out[16])
{
    snprintf(out, 16, "%s5550%03d", area, srng_int(r, 100, 199));
}

const char *synth_phone_fmt(srng *r, const char *d, char out[24])
{
    switch (srng_int(r, 0, 4)) {
    case 0: snprintf(out, 24, "(%.3s) %.3s-%.4s", d, d + 3, d + 6); break;
    case 1: snprintf(out, 24, "%.3s-%.3s-%.4s", d, d + 3, d + 6); break;
    case 2: snprintf(out, 24, "%.3s.%.3s.%.4s", d, d + 3, d + 6); break;
    case 3: snprintf(out, 24, "+1 %.3s %.3s %.4s", d, d + 3, d + 6); break;
    default: snprintf(out, 24, "%.3s %.3s %.4s", d, d + 3, d + 6); break;
    }
    return out;
}

static void lower_ascii(char *dst, size_t cap, const char *src)
{
    size_t j = 0;
    for (size_t i = 0; src[i] && j + 1 < cap; i++) {
        unsigned char c = (unsigned char)src[i];
        if (isalpha(c)) dst[j++] = (char)tolower(c);
    }
    dst[j] = 0;
}

void synth_demographics(srng *r, sdemo *d, int female, int race, int hispanic)
{
    memset(d, 0, sizeof *d);
    d->female = female, d->race = race, d->hispanic = hispanic;
    synth_name(r, &d->n, female, race, hispanic);
    int pl = srng_int(r, 0, (int)NELEM(places) - 1);
    snprintf(d->street, sizeof d->street, "%d %s %s%s", srng_int(r, 2, 9899), PICK(r, streets), PICK(r, suffixes),
             srng_chance(r, 0.15) ? (srng_chance(r, 0.5) ? " Apt 4B" : " Unit 12") : "");
    snprintf(d->city, sizeof d->city, "%s", places[pl].city);
    snprintf(d->state, sizeof d->state, "%s", places[pl].state);
    snprintf(d->zip, sizeof d->zip, "%s", places[pl].zip);
    phone(r, places[pl].area, d->phone);
    char g[24], f[32];
    lower_ascii(g, sizeof g, d->n.given);
    lower_ascii(f, sizeof f, d->n.family);
    snprintf(d->email, sizeof d->email, "%s%s%s%d@%s", g, srng_chance(r, 0.5) ? "." : "", f, srng_int(r, 1, 99),
             PICK(r, domains));
    snprintf(d->mrn, sizeof d->mrn, "%d", srng_int(r, 10000000, 99999999));
    snprintf(d->ssn, sizeof d->ssn, "9%02d-%02d-%04d", srng_int(r, 0, 99), srng_int(r, 1, 99), srng_int(r, 1, 9999));
    char tmp[12];
    digits(r, tmp, 9);
    snprintf(d->member_id, sizeof d->member_id, "%c%c%c%s", 'A' + srng_int(r, 0, 25), 'A' + srng_int(r, 0, 25),
             'A' + srng_int(r, 0, 25), tmp);
    digits(r, d->account, 9);
    snprintf(d->license, sizeof d->license, "S%d", srng_int(r, 10000000, 99999999));
    snprintf(d->plan, sizeof d->plan, "%s", PICK(r, plans));
    static const char *const rel[] = {"wife", "husband", "daughter", "son", "sister", "brother", "mother", "friend"};
    for (int i = 0; i < 2; i++) {
        d->kin[i].relation = PICK(r, rel);
        int kf = !strcmp(d->kin[i].relation, "wife") || !strcmp(d->kin[i].relation, "daughter") ||
                 !strcmp(d->kin[i].relation, "sister") || !strcmp(d->kin[i].relation, "mother") ||
                 (!strcmp(d->kin[i].relation, "friend") && srng_chance(r, 0.5));
        synth_name(r, &d->kin[i].n, kf, race, hispanic);
        if (strcmp(d->kin[i].relation, "friend") && srng_chance(r, 0.7))
            snprintf(d->kin[i].n.family, sizeof d->kin[i].n.family, "%s", d->n.family);
        phone(r, places[srng_int(r, 0, (int)NELEM(places) - 1)].area, d->kin[i].phone);
    }
    for (int s = 0; s < NSPEC; s++) {
        sclinician *c = &d->staff[s];
        synth_name(r, &c->n, srng_chance(r, 0.5), srng_int(r, 0, NRACE - 1), srng_chance(r, 0.15));
        static const char *const cred[] = {"MD", "MD", "MD", "DO", "NP", "PA"};
        snprintf(c->credential, sizeof c->credential, "%s", s == SPEC_PCP ? PICK(r, cred) : (srng_chance(r, 0.8) ? "MD" : "DO"));
        c->specialty = specialties[s];
    }
    d->clinic = PICK(r, clinics);
    d->hospital = PICK(r, hospitals);
    static const char *const lang_hisp[] = {"English", "Spanish", "Spanish"};
    d->language = hispanic ? PICK(r, lang_hisp) : "English";
}

/* Is s[0..n) an entry of list (parts = 0), or a word of one ("Cruz" of
 * "Dela Cruz", "Brien" of "O'Brien": parts = 1)? */
static int list_has(const char *const *list, const char *s, size_t n, int parts)
{
    for (int i = 0; list[i]; i++) {
        if (!parts) {
            if (strlen(list[i]) == n && !strncasecmp(list[i], s, n)) return 1;
            continue;
        }
        for (const char *p = list[i]; *p;) {
            size_t w = strcspn(p, " -'");
            if (w == n && !strncasecmp(p, s, n)) return 1;
            p += w;
            p += strspn(p, " -'");
        }
    }
    return 0;
}

/* A name token's origin: the first pool (in origin order) holding it as a
 * family name, else as a given name ("Lucia" is Hispanic and Italian: the
 * first wins); then words of compound names. NULL: no pool has it. */
const char *ward_synth_name_origin(const char *s, size_t n)
{
    for (int parts = 0; parts < 2; parts++)
        for (int pass = 0; pass < 3; pass++)
            for (int o = 0; o < NORIGIN; o++) {
                const char *const *list = pass == 0 ? names[o].family : pass == 1 ? names[o].female : names[o].male;
                if (list_has(list, s, n, parts)) return origin_label[o];
            }
    return NULL;
}

const char *synth_race_name(int race)
{
    static const char *const n[NRACE] = {"White", "Black or African American", "Asian",
        "American Indian or Alaska Native", "Native Hawaiian or Other Pacific Islander", "Other"};
    return n[race];
}

const char *synth_race_code(int race)
{
    static const char *const c[NRACE] = {"2106-3", "2054-5", "2028-9", "1002-5", "2076-8", "2131-1"};
    return c[race];
}
