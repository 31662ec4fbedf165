//! The built-in English rules give the same plural and singular as the
//! `pluralize` rule set they are written from (the `pluralizer` crate),
//! for every word built from the rules' own stems and endings and for
//! random words.

use proptest::prelude::*;
use scaffold::spec::english;

const PREFIXES: &[&str] = &[
    "", "a", "b", "c", "e", "h", "i", "l", "o", "q", "r", "s", "t", "u", "w", "y", "z", "x", "2",
    "st", "bl", "qu", "wo", "pre", "blog", "user", "ti", "tit", "neck", "pork", "after", "night",
];

const FRAGMENTS: &[&str] = &[
    "", "man", "men", "eau", "child", "pe", "rson", "ople", "mouse", "mice", "louse", "lice",
    "matr", "cod", "mur", "sil", "vert", "ind", "append", "x", "ch", "ss", "sh", "zz", "iley",
    "oney", "ley", "ney", "chey", "hey", "qu", "ay", "by", "yy", "kni", "wi", "li", "ar", "l",
    "ea", "eo", "oa", "hoo", "wo", "si", "apheli", "hedr", "automat", "organ", "criteri",
    "phenomen", "agend", "dat", "strat", "ov", "quor", "curricul", "seraph", "cherub", "her", "at",
    "gr", "alumn", "alg", "vertebr", "syllab", "vir", "radi", "foc", "loc", "termin", "ias",
    "lias", "las", "elas", "ejas", "iam", "uam", "em", "en", "ali", "tl", "tm", "ga", "ri", "ax",
    "test", "ese", "nese", "deer", "fish", "sheep", "pox", "measles", "o", "oi", "ou", "pokemon",
    "thou", "tto", "go", "cho", "analy", "diagno", "the", "ne", "cri", "movie", "twelve", "abuse",
    "dg", "ois", "lk", "ok", "wn", "mb", "th", "ec", "oal", "ck", "ix", "sser", "ts", "wb", "mon",
    "smil", "t", "aun", "coll", "cut", "calor", "p", "half", "mid", "status", "person", "categor",
    "box", "addr", "virus", "schema", "german", "new", "data", "media", "e", "u",
];

const ENDINGS: &[&str] = &[
    "", "s", "es", "i", "a", "ae", "um", "us", "on", "y", "ey", "ies", "ves", "ren", "im", "x",
    "ix", "ex", "ices", "e", "f", "fe", "is", "sis", "ses", "o", "oes", "ris", "as", "am", "eaux",
];

const WORDS: &[&str] = &[
    "account",
    "address",
    "agenda",
    "alias",
    "analysis",
    "answer",
    "appendix",
    "article",
    "asset",
    "attachment",
    "audit",
    "author",
    "axis",
    "badge",
    "batch",
    "bio",
    "boss",
    "branch",
    "bus",
    "business",
    "cactus",
    "calf",
    "campus",
    "canvas",
    "cart",
    "category",
    "child",
    "city",
    "class",
    "comment",
    "company",
    "country",
    "crisis",
    "criterion",
    "currency",
    "datum",
    "day",
    "deer",
    "delivery",
    "device",
    "diagnosis",
    "dish",
    "echo",
    "elf",
    "email",
    "entry",
    "event",
    "fax",
    "focus",
    "foot",
    "fungus",
    "glass",
    "half",
    "hero",
    "hypothesis",
    "index",
    "inquiry",
    "invoice",
    "issue",
    "item",
    "key",
    "knife",
    "leaf",
    "library",
    "life",
    "loaf",
    "lunch",
    "matrix",
    "medium",
    "memo",
    "menu",
    "money",
    "monkey",
    "movie",
    "news",
    "octopus",
    "order",
    "ox",
    "party",
    "person",
    "phenomenon",
    "photo",
    "piano",
    "policy",
    "post",
    "potato",
    "process",
    "property",
    "quiz",
    "radius",
    "reply",
    "role",
    "roof",
    "safe",
    "scarf",
    "series",
    "sheep",
    "shelf",
    "species",
    "status",
    "stimulus",
    "story",
    "studio",
    "survey",
    "syllabus",
    "tag",
    "tax",
    "thesis",
    "tooth",
    "toy",
    "user",
    "vertex",
    "video",
    "virus",
    "volcano",
    "vortex",
    "wharf",
    "wife",
    "wolf",
    "woman",
    "zoo",
];

fn check(word: &str) -> Result<(), String> {
    let plural = pluralizer::pluralize(word, 2, false);
    let singular = pluralizer::pluralize(word, 1, false);
    if english::plural(word) != plural {
        return Err(format!(
            "plural of `{word}`: `{}`, the reference says `{plural}`",
            english::plural(word)
        ));
    }
    if english::singular(word) != singular {
        return Err(format!(
            "singular of `{word}`: `{}`, the reference says `{singular}`",
            english::singular(word)
        ));
    }
    Ok(())
}

#[test]
fn same_as_the_reference_on_every_rule_shaped_word() {
    let mut failures = Vec::new();
    let mut checked = 0;
    let words = PREFIXES.iter().flat_map(|p| {
        FRAGMENTS
            .iter()
            .flat_map(move |f| ENDINGS.iter().map(move |e| format!("{p}{f}{e}")))
    });
    for word in words.chain(WORDS.iter().map(|w| w.to_string())) {
        checked += 1;
        if let Err(e) = check(&word) {
            failures.push(e);
        }
    }
    assert!(checked > 100_000, "only {checked} words");
    assert!(
        failures.is_empty(),
        "{} of {checked} words differ:\n{}",
        failures.len(),
        failures[..failures.len().min(40)].join("\n")
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    #[test]
    fn same_as_the_reference_on_random_words(word in "[a-z][a-z0-9]{0,11}") {
        check(&word).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn same_as_the_reference_on_random_endings(word in "[a-z]{0,3}[aeiouyslmnrtchx]{1,6}") {
        check(&word).map_err(TestCaseError::fail)?;
    }
}
