#!/usr/bin/env python3
"""deid_names_gen.py — writes data/deid_names.tsv, the given names and
surnames of many origins that de-identification looks up beside
data/deid_words.tsv.

Source: the person-name lists of the locales of @faker-js/faker (MIT
License, Copyright (c) 2022-2025 Faker contributors; see
data/deid_names.NOTICE), read from an unpacked npm package
(`npm pack @faker-js/faker && tar xzf faker-js-faker-*.tgz`, then
`node` dumps the lists: see dump_js below). Names written in Greek,
Cyrillic, Georgian, Armenian and Hangul are transliterated to Latin letters
(Korean given names also as "Seo-yeon" halves joined by a hyphen); names in
other scripts are left out.

A name is written with C (a name only with a cue) when it is also an English
word (a lower-case entry of the system word list, /usr/share/dict/words),
has three letters or fewer, or occurs in the mtsamples reports given as
MTSAMPLES_CSV in lower case or capitalized in two reports or more;
words already in data/deid_words.tsv keep their classes there and are not
repeated. Not needed by the build or the tests: run by hand when the lists
change.

    scripts/deid_names_gen.py NAMES_JSON MTSAMPLES_CSV > data/deid_names.tsv
"""
import csv, json, re, sys, unicodedata

dump_js = r"""
import fs from 'fs';
const out = {};
for (const f of fs.readdirSync('./package/dist/locale').filter(f => f.endsWith('.js'))) {
  const l = f.replace('.js', ''), m = await import('./package/dist/locale/' + f);
  const def = Object.values(m).find(v => v && v.rawDefinitions);
  const p = def?.rawDefinitions?.person; if (!p) continue;
  const flat = v => !v ? [] : Array.isArray(v) ? v : Object.values(v).flat();
  out[l] = {first: [...new Set(flat(p.first_name))], last: [...new Set(flat(p.last_name))]};
}
fs.writeFileSync('names.json', JSON.stringify(out));
"""

GREEK = {'α':'a','β':'v','γ':'g','δ':'d','ε':'e','ζ':'z','η':'i','θ':'th','ι':'i','κ':'k','λ':'l','μ':'m',
         'ν':'n','ξ':'x','ο':'o','π':'p','ρ':'r','σ':'s','ς':'s','τ':'t','υ':'y','φ':'f','χ':'ch','ψ':'ps','ω':'o'}
GREEK2 = {'ου':'ou','αι':'ai','ει':'ei','οι':'oi','μπ':'b','ντ':'d','γγ':'ng','γκ':'gk','αυ':'av','ευ':'ev'}
CYR = {'а':'a','б':'b','в':'v','г':'g','ґ':'g','д':'d','е':'e','ё':'yo','є':'ye','ж':'zh','з':'z','и':'i','і':'i',
       'ї':'yi','й':'y','к':'k','л':'l','м':'m','н':'n','о':'o','ө':'o','п':'p','р':'r','с':'s','т':'t','у':'u',
       'ү':'u','ф':'f','х':'kh','ц':'ts','ч':'ch','ш':'sh','щ':'shch','ъ':'','ы':'y','ь':'','э':'e','ю':'yu',
       'я':'ya','ѓ':'gj','ќ':'kj','ѕ':'dz','џ':'dzh','љ':'lj','њ':'nj','ј':'j'}
GEO = dict(zip('აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ',
               ['a','b','g','d','e','v','z','t','i','k','l','m','n','o','p','zh','r','s','t','u','p','k','gh','q',
                'sh','ch','ts','dz','ts','ch','kh','j','h']))
ARM = dict(zip('աբգդեզէըթժիլխծկհձղճմյնշոչպջռսվտրցւփքօֆ',
               ['a','b','g','d','e','z','e','y','t','zh','i','l','kh','ts','k','h','dz','gh','ch','m','y','n','sh',
                'o','ch','p','j','r','s','v','t','r','ts','v','p','k','o','f']))
# Hangul: Revised Romanization of the initial, vowel and final of a syllable
KO_I = ['g','kk','n','d','tt','r','m','b','pp','s','ss','','j','jj','ch','k','t','p','h']
KO_V = ['a','ae','ya','yae','eo','e','yeo','ye','o','wa','wae','oe','yo','u','wo','we','wi','yu','eu','ui','i']
KO_F = ['','k','k','k','n','n','n','t','l','k','m','l','l','l','p','l','m','p','p','t','t','ng','t','t','k','t','p','t']


def translit(name):
    s = name.lower()
    if re.search('[α-ω]', unicodedata.normalize('NFD', s)):
        s = ''.join(c for c in unicodedata.normalize('NFD', s) if not unicodedata.combining(c))
        for k, v in GREEK2.items():
            s = s.replace(k, v)
        return [''.join(GREEK.get(c, c) for c in s)]
    if re.search('[а-яёєіїґөүѓќѕџљњј]', s):
        return [''.join(CYR.get(c, c) for c in s)]
    if re.search('[ა-ჰ]', s):
        return [''.join(GEO.get(c, c) for c in s)]
    if re.search('[ա-ֆ]', s):
        return [''.join(ARM.get(c, c) for c in s)]
    if re.search('[가-힣]', s):
        parts = []
        for c in s:
            o = ord(c) - 0xAC00
            if 0 <= o < 11172:
                parts.append(KO_I[o // 588] + KO_V[(o % 588) // 28] + KO_F[o % 28])
        if len(parts) == 2:
            return [parts[0] + parts[1], parts[0] + '-' + parts[1]]
        return [''.join(parts)]
    return [s]


FOLD = str.maketrans({'đ': 'd', 'ł': 'l', 'ø': 'o', 'ı': 'i', 'ß': 'ss', 'æ': 'ae', 'œ': 'oe', 'ð': 'd', 'þ': 'th',
                      'ħ': 'h', 'ŀ': 'l', 'ŧ': 't'})


# seen capitalized in one report only, but not people there: "da Vinci" ports, "Christ's head"
ALSO_COMMON = {'christ', 'vinci'}


def fold(w):
    """The ASCII key a lookup uses: accents dropped, "Đura" is "dura"."""
    return ''.join(c for c in unicodedata.normalize('NFD', w.translate(FOLD)) if not unicodedata.combining(c))


def latin(w):
    return all(c.isalpha() and (ord(c) < 0x250 or 0x1E00 <= ord(c) <= 0x1EFF) or c in "-'" for c in w)


def main():
    names = json.load(open(sys.argv[1]))
    english = set()
    for line in open('/usr/share/dict/words', encoding='utf-8', errors='replace'):
        w = line.strip()
        if w and w.islower():
            english.add(w.replace("'s", ''))
    csv.field_size_limit(1 << 30)
    lower, capfiles = {}, {}
    with open(sys.argv[2], newline='', encoding='utf-8', errors='replace') as f:
        for row in csv.DictReader(f):
            seen = set()
            for w in re.findall(r"[^\W\d_]+", row.get('transcription') or ''):
                if w.islower():
                    lower[w] = lower.get(w, 0) + 1
                elif w[0].isupper():
                    seen.add(w.lower())
            for w in seen:
                capfiles[w] = capfiles.get(w, 0) + 1
    known = set()
    for line in open('data/deid_words.tsv', encoding='utf-8'):
        if line.strip() and not line.startswith('#'):
            known.add(line.split('\t')[0])
    flags = {}
    for loc, v in names.items():
        if loc.startswith('en_BORK'):
            continue
        for kind, letter in (('first', 'F'), ('last', 'L')):
            for n in v[kind]:
                for part in re.split(r'[\s]+', n):
                    for w in translit(part):
                        w = w.strip("'").lower()
                        base = fold(w)
                        if len(w) < 2 or not latin(w) or w in known or base in known:
                            continue
                        flags.setdefault(w, set()).add(letter)
    print('# deid_names.tsv — given names (F) and surnames (L) of many origins, beside')
    print('# data/deid_words.tsv (which wins where both list a word); C: also an')
    print('# everyday word. Written by scripts/deid_names_gen.py from the person-name')
    print('# lists of @faker-js/faker (MIT License; see data/deid_names.NOTICE).')
    for w in sorted(flags):
        base = fold(w)
        # an everyday word, a short one ("Na", "Vit"), or a capitalized word
        # in two reports or more (mtsamples has few real names left: such
        # words are eponyms, devices and places: "Achilles", "Zimmer")
        common = (w in english or base in english or lower.get(w, 0) + lower.get(base, 0) >= 2 or len(base) <= 3 or
                  capfiles.get(w, 0) + (capfiles.get(base, 0) if base != w else 0) >= 2 or base in ALSO_COMMON)
        f = ''.join(sorted(flags[w], key='FL'.index))
        print(f"{w}\t{'C' if common else ''}{f}")


if __name__ == '__main__':
    main()
