//! English plurals and singulars of single lowercase words.
//!
//! The rules are those of the widely used `pluralize` library (irregular
//! words, uncountable words, then suffix rules where the most specific
//! rule wins), written as plain suffix tests: nothing is compiled at
//! start-up, and a word costs a few string comparisons. Words are the
//! `[a-z0-9]` words of snake_case names; [`super::inflection`] splits a
//! name and inflects its last word.

/// Irregular singular/plural pairs. When a plural has several singulars
/// (`they`), the later pair wins.
const IRREGULAR: &[(&str, &str)] = &[
    ("i", "we"),
    ("me", "us"),
    ("he", "they"),
    ("she", "they"),
    ("them", "them"),
    ("myself", "ourselves"),
    ("yourself", "yourselves"),
    ("itself", "themselves"),
    ("herself", "themselves"),
    ("himself", "themselves"),
    ("themself", "themselves"),
    ("is", "are"),
    ("was", "were"),
    ("has", "have"),
    ("this", "these"),
    ("that", "those"),
    ("my", "our"),
    ("its", "their"),
    ("his", "their"),
    ("her", "their"),
    ("echo", "echoes"),
    ("dingo", "dingoes"),
    ("volcano", "volcanoes"),
    ("tornado", "tornadoes"),
    ("torpedo", "torpedoes"),
    ("genus", "genera"),
    ("viscus", "viscera"),
    ("stigma", "stigmata"),
    ("stoma", "stomata"),
    ("dogma", "dogmata"),
    ("lemma", "lemmata"),
    ("schema", "schemata"),
    ("anathema", "anathemata"),
    ("ox", "oxen"),
    ("axe", "axes"),
    ("die", "dice"),
    ("yes", "yeses"),
    ("foot", "feet"),
    ("eave", "eaves"),
    ("goose", "geese"),
    ("tooth", "teeth"),
    ("quiz", "quizzes"),
    ("human", "humans"),
    ("proof", "proofs"),
    ("carve", "carves"),
    ("valve", "valves"),
    ("looey", "looies"),
    ("thief", "thieves"),
    ("groove", "grooves"),
    ("pickaxe", "pickaxes"),
    ("passerby", "passersby"),
    ("canvas", "canvases"),
];

/// Words with one form for singular and plural.
const UNCOUNTABLE: &[&str] = &[
    "adulthood",
    "advice",
    "agenda",
    "aid",
    "aircraft",
    "alcohol",
    "ammo",
    "analytics",
    "anime",
    "athletics",
    "audio",
    "bison",
    "blood",
    "bream",
    "buffalo",
    "butter",
    "carp",
    "cash",
    "chassis",
    "chess",
    "clothing",
    "cod",
    "commerce",
    "cooperation",
    "corps",
    "debris",
    "diabetes",
    "digestion",
    "elk",
    "energy",
    "equipment",
    "excretion",
    "expertise",
    "firmware",
    "flounder",
    "fun",
    "gallows",
    "garbage",
    "graffiti",
    "hardware",
    "headquarters",
    "health",
    "herpes",
    "highjinks",
    "homework",
    "housework",
    "information",
    "jeans",
    "justice",
    "kudos",
    "labour",
    "literature",
    "machinery",
    "mackerel",
    "mail",
    "media",
    "mews",
    "moose",
    "music",
    "mud",
    "manga",
    "news",
    "only",
    "personnel",
    "pike",
    "plankton",
    "pliers",
    "police",
    "pollution",
    "premises",
    "rain",
    "research",
    "rice",
    "salmon",
    "scissors",
    "series",
    "sewage",
    "shambles",
    "shrimp",
    "software",
    "staff",
    "swine",
    "tennis",
    "traffic",
    "transportation",
    "trout",
    "tuna",
    "wealth",
    "welfare",
    "whiting",
    "wildebeest",
    "wildlife",
    "you",
];

/// Latin and Greek stems that take `-i` for `-us`.
const US_I: &[&str] = &[
    "alumn", "syllab", "vir", "radi", "nucle", "fung", "cact", "stimul", "termin", "bacill", "foc",
    "uter", "loc", "strat",
];
/// Stems that take `-ae` for `-a`.
const A_AE: &[&str] = &["alumn", "alg", "vertebr"];
/// Stems that take `-a` for `-um`.
const UM_A: &[&str] = &[
    "agend",
    "addend",
    "millenni",
    "dat",
    "extrem",
    "bacteri",
    "desiderat",
    "strat",
    "candelabr",
    "errat",
    "ov",
    "symposi",
    "curricul",
    "automat",
    "quor",
];
/// Stems that take `-a` for `-on`.
const ON_A: &[&str] = &[
    "apheli",
    "hyperbat",
    "periheli",
    "asyndet",
    "noumen",
    "phenomen",
    "criteri",
    "organ",
    "prolegomen",
    "hedr",
    "automat",
];

/// The plural of one lowercase word.
pub fn plural(word: &str) -> String {
    if word.is_empty() || IRREGULAR.iter().any(|(_, p)| *p == word) {
        return word.to_string();
    }
    if let Some((_, p)) = IRREGULAR.iter().rev().find(|(s, _)| *s == word) {
        return p.to_string();
    }
    if UNCOUNTABLE.contains(&word) || uncountable_suffix(word) {
        return word.to_string();
    }
    plural_by_rule(word).unwrap_or_else(|| word.to_string())
}

/// The singular of one lowercase word.
pub fn singular(word: &str) -> String {
    if word.is_empty() || IRREGULAR.iter().any(|(s, _)| *s == word) {
        return word.to_string();
    }
    if let Some((s, _)) = IRREGULAR.iter().rev().find(|(_, p)| *p == word) {
        return s.to_string();
    }
    if UNCOUNTABLE.contains(&word) || uncountable_suffix(word) {
        return word.to_string();
    }
    singular_by_rule(word).unwrap_or_else(|| word.to_string())
}

/// Endings that mark a word as uncountable (`reindeer`, `blowfish`,
/// `japanese`, `carnivorous`, …).
fn uncountable_suffix(w: &str) -> bool {
    ends_any(
        w,
        &[
            "sheep", "pox", "measles", "fish", "deer", "pokemon", "pokémon",
        ],
    ) || ends_any(w, &["ois", "ous"])
        || ends_with_after(w, "ese", |c| !is_vowel(c))
}

/// The most specific plural rule that applies, if any.
fn plural_by_rule(w: &str) -> Option<String> {
    let n = w.len();
    let cut = |k: usize, tail: &str| format!("{}{tail}", &w[..n - k]);
    if w == "thou" {
        return Some("you".into());
    }
    if ends_any(w, &["man", "men"]) {
        return Some(cut(3, "men"));
    }
    if w.ends_with("eaux") || w.ends_with("children") || w.ends_with("people") {
        return Some(w.into());
    }
    if w.ends_with("child") {
        return Some(cut(0, "ren"));
    }
    if w.ends_with("person") {
        return Some(cut(4, "ople"));
    }
    if matches!(w, "mouse" | "louse" | "titmouse") {
        return Some(cut(4, "ice"));
    }
    if matches!(w, "mice" | "lice" | "titmice") {
        return Some(w.into());
    }
    for stem in ["matr", "cod", "mur", "sil", "vert", "ind", "append"] {
        if ends_with_stem(w, stem, &["ix", "ex"]) {
            return Some(cut(2, "ices"));
        }
    }
    if ends_any(w, &["x", "ch", "ss", "sh", "zz"]) {
        return Some(cut(0, "es"));
    }
    // `([^ch][ieo][ln])ey`: `monkey` → `monkies` is the library's rule.
    if w.ends_with("ey") && n >= 5 {
        let b = w.as_bytes();
        if !matches!(b[n - 5], b'c' | b'h')
            && matches!(b[n - 4], b'i' | b'e' | b'o')
            && matches!(b[n - 3], b'l' | b'n')
        {
            return Some(cut(2, "ies"));
        }
    }
    if w.ends_with("quy") || ends_with_after(w, "y", |c| !is_vowel(c) && c != b'y') {
        return Some(cut(1, "ies"));
    }
    if ends_any(w, &["knife", "wife", "life"]) {
        return Some(cut(2, "ves"));
    }
    if ends_any(w, &["arf", "lf", "eaf", "eof", "oaf", "hoof"]) {
        return Some(cut(1, "ves"));
    }
    if w.ends_with("sis") {
        return Some(cut(3, "ses"));
    }
    for stem in ON_A {
        if ends_with_stem(w, stem, &["on"]) {
            return Some(cut(2, "a"));
        }
        if ends_with_stem(w, stem, &["a"]) {
            return Some(w.into());
        }
    }
    for stem in UM_A {
        if ends_with_stem(w, stem, &["um"]) {
            return Some(cut(2, "a"));
        }
        if ends_with_stem(w, stem, &["a"]) {
            return Some(w.into());
        }
    }
    if ends_any(w, &["seraphim", "cherubim"]) {
        return Some(w.into());
    }
    if ends_any(w, &["seraph", "cherub"]) {
        return Some(cut(0, "im"));
    }
    if ends_any(w, &["hero", "ato", "gro"]) {
        return Some(cut(0, "es"));
    }
    for stem in A_AE {
        if ends_with_stem(w, stem, &["ae"]) {
            return Some(w.into());
        }
        if ends_with_stem(w, stem, &["a"]) {
            return Some(cut(0, "e"));
        }
    }
    for stem in US_I {
        if ends_with_stem(w, stem, &["us"]) {
            return Some(cut(2, "i"));
        }
        if ends_with_stem(w, stem, &["i"]) {
            return Some(w.into());
        }
    }
    if ends_with_after(w, "ias", |c| c != b'l')
        || ends_with_after(w, "las", is_vowel)
        || ends_with_after(w, "as", |c| matches!(c, b'e' | b'j' | b'z' | b'r'))
        || ends_with_after(w, "am", |c| matches!(c, b'i' | b'u'))
    {
        return Some(w.into());
    }
    if ends_any(w, &["emus", "enus"]) {
        return Some(w.into());
    }
    if ends_any(w, &["emu", "enu"]) {
        return Some(cut(0, "s"));
    }
    if ends_any(w, &["alias", "tlas", "tmas", "gas", "ris"])
        || ends_with_after(w, "us", |c| !matches!(c, b'a' | b'o' | b'u'))
        || ends_any(w, &["axis", "testis"])
    {
        return Some(if w.ends_with("is") && !w.ends_with("ris") {
            cut(2, "es")
        } else {
            cut(0, "es")
        });
    }
    if !w.is_ascii() && w.chars().last().is_some_and(|c| !c.is_ascii()) {
        return Some(w.into());
    }
    if w.ends_with('s') {
        Some(w.into())
    } else {
        Some(cut(0, "s"))
    }
}

/// The most specific singular rule that applies, if any.
fn singular_by_rule(w: &str) -> Option<String> {
    let n = w.len();
    let cut = |k: usize, tail: &str| format!("{}{tail}", &w[..n - k]);
    if w.ends_with("men") {
        return Some(cut(3, "man"));
    }
    if w.ends_with("eaux") {
        return Some(cut(1, ""));
    }
    if w.ends_with("eau") {
        return Some(w.into());
    }
    if w.ends_with("children") {
        return Some(cut(3, ""));
    }
    if w.ends_with("people") {
        return Some(cut(4, "rson"));
    }
    if w.ends_with("person") {
        return Some(w.into());
    }
    if ends_any(w, &["matrices", "appendices"]) {
        return Some(cut(4, "ix"));
    }
    if ends_any(w, &["codices", "murices", "silices", "vertices", "indices"]) {
        return Some(cut(4, "ex"));
    }
    for stem in A_AE {
        if ends_with_stem(w, stem, &["ae"]) {
            return Some(cut(1, ""));
        }
    }
    for stem in ON_A {
        if ends_with_stem(w, stem, &["a"]) {
            return Some(cut(1, "on"));
        }
    }
    // `automat` is an `-on` word when singularized (handled above).
    for stem in UM_A.iter().filter(|s| **s != "automat") {
        if ends_with_stem(w, stem, &["a"]) {
            return Some(cut(1, "um"));
        }
    }
    for stem in US_I {
        if ends_with_stem(w, stem, &["us"]) {
            return Some(w.into());
        }
        if ends_with_stem(w, stem, &["i"]) {
            return Some(cut(1, "us"));
        }
    }
    if ends_any(w, &["testis", "testes"]) {
        return Some(cut(2, "is"));
    }
    if ends_any(w, &["movies", "twelves", "abuses", "emus", "enus"]) {
        return Some(cut(1, ""));
    }
    for stem in [
        "analy", "diagno", "parenthe", "progno", "synop", "the", "empha", "cri", "ne",
    ] {
        if ends_with_stem(w, stem, &["sis", "ses"]) {
            return Some(cut(3, "sis"));
        }
    }
    if let Some(stem) = w.strip_suffix("es").filter(|s| sibilant_stem(s)) {
        return Some(stem.into());
    }
    if sibilant_stem(w) {
        return Some(w.into());
    }
    if ends_any(w, &["seraphim", "cherubim"]) {
        return Some(cut(2, ""));
    }
    if matches!(w, "mice" | "lice" | "titmice") {
        return Some(cut(3, "ouse"));
    }
    if matches!(w, "monies" | "smilies") {
        return Some(cut(3, "ey"));
    }
    if matches!(
        w,
        "lies"
            | "ties"
            | "neckties"
            | "crossties"
            | "hogties"
            | "aunties"
            | "collies"
            | "faeries"
            | "foodies"
            | "genies"
            | "goonies"
            | "groupies"
            | "hippies"
            | "junkies"
            | "veggies"
            | "pies"
            | "porkpies"
            | "charlies"
            | "calories"
            | "cuties"
    ) {
        return Some(cut(1, ""));
    }
    if let Some(stem) = w.strip_suffix("ies") {
        let keeps_ie = ends_any(
            stem,
            &[
                "dg", "ss", "ois", "lk", "ok", "wn", "mb", "th", "ch", "ec", "oal", "is", "ck",
                "ix", "sser", "ts", "wb",
            ],
        );
        return Some(if keeps_ie { cut(1, "") } else { cut(3, "y") });
    }
    if ends_any(
        w,
        &[
            "arves", "wolves", "alves", "elves", "eaves", "eoves", "oaves", "ooves",
        ],
    ) {
        return Some(cut(3, "f"));
    }
    let li_ves = ["after", "half", "high", "low", "mid", "non", "night"]
        .iter()
        .any(|p| w.ends_with(&format!("{p}lives")))
        || w == "lives"
        || (w.ends_with("lives")
            && !w[..n - 5].ends_with(|c: char| c.is_alphanumeric() || c == '_'));
    if ends_any(w, &["wives", "knives"]) || li_ves {
        return Some(cut(3, "fe"));
    }
    if w.ends_with("ss") {
        return Some(w.into());
    }
    if w.ends_with('s') {
        return Some(cut(1, ""));
    }
    None
}

/// The endings after which `-es` is a suffix of its own (`boxes`,
/// `statuses`, `heroes`, `irises`), as the singular rules see them.
fn sibilant_stem(w: &str) -> bool {
    ends_any(
        w,
        &[
            "x", "ch", "ss", "sh", "zz", "tto", "go", "cho", "alias", "tlas", "tmas", "gas",
            "hero", "ato", "gro",
        ],
    ) || ends_with_after(w, "us", |c| !matches!(c, b'a' | b'o' | b'u'))
        || ends_with_after(w, "ris", is_vowel)
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

fn ends_any(w: &str, suffixes: &[&str]) -> bool {
    suffixes.iter().any(|s| w.ends_with(s))
}

/// Whether `w` ends with `stem` followed by one of `endings`.
fn ends_with_stem(w: &str, stem: &str, endings: &[&str]) -> bool {
    endings
        .iter()
        .any(|e| w.strip_suffix(e).is_some_and(|s| s.ends_with(stem)))
}

/// Whether `w` ends with `suffix` preceded by a byte `before` accepts.
fn ends_with_after(w: &str, suffix: &str, before: impl Fn(u8) -> bool) -> bool {
    w.strip_suffix(suffix)
        .and_then(|s| s.as_bytes().last().copied())
        .is_some_and(before)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_names() {
        let pairs = [
            ("post", "posts"),
            ("category", "categories"),
            ("person", "people"),
            ("status", "statuses"),
            ("address", "addresses"),
            ("box", "boxes"),
            ("match", "matches"),
            ("wish", "wishes"),
            ("day", "days"),
            ("key", "keys"),
            ("leaf", "leaves"),
            ("wife", "wives"),
            ("analysis", "analyses"),
            ("index", "indices"),
            ("matrix", "matrices"),
            ("datum", "data"),
            ("criterion", "criteria"),
            ("hero", "heroes"),
            ("potato", "potatoes"),
            ("photo", "photos"),
            ("child", "children"),
            ("woman", "women"),
            ("mouse", "mice"),
            ("quiz", "quizzes"),
            ("alias", "aliases"),
            ("bus", "buses"),
            ("menu", "menus"),
            ("invoice", "invoices"),
            ("user2", "user2s"),
        ];
        for (s, p) in pairs {
            assert_eq!(plural(s), p, "plural of {s}");
            assert_eq!(singular(p), s, "singular of {p}");
            assert_eq!(plural(p), p, "{p} is plural already");
            assert_eq!(singular(s), s, "{s} is singular already");
        }
        for w in ["sheep", "news", "equipment", "japanese", "deer", "series"] {
            assert_eq!(plural(w), w);
            assert_eq!(singular(w), w);
        }
    }
}
