//! Naming and quoting filters available to every template.

use heck::{ToSnakeCase, ToTitleCase, ToUpperCamelCase};
use minijinja::Environment;

use crate::spec::english;

/// Registers the filters: `camelize`, `underscore`, `human`, `plural`,
/// `singular`, `elixir_string`, `atom`, `indent_by`.
pub fn register(env: &mut Environment<'static>) {
    env.add_filter("camelize", |s: String| camelize(&s));
    env.add_filter("underscore", |s: String| underscore(&s));
    env.add_filter("human", |s: String| human(&s));
    env.add_filter("plural", |s: String| plural(&s));
    env.add_filter("singular", |s: String| singular(&s));
    env.add_filter("elixir_string", |s: String| elixir_string(&s));
    env.add_filter("atom", |s: String| atom(&s));
}

/// `blog_post` → `BlogPost`; dotted paths camelize per segment.
pub fn camelize(s: &str) -> String {
    s.split('.')
        .map(|seg| seg.to_upper_camel_case())
        .collect::<Vec<_>>()
        .join(".")
}

/// `Blog.BlogPost` → `blog/blog_post`.
pub fn underscore(s: &str) -> String {
    s.split('.')
        .map(|seg| seg.to_snake_case())
        .collect::<Vec<_>>()
        .join("/")
}

/// `published_at` → `Published at` (as Phoenix's `humanize`).
pub fn human(s: &str) -> String {
    let s = s.strip_suffix("_id").unwrap_or(s);
    let words = s.to_title_case();
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

/// English plural of the last word (`category` → `categories`,
/// `blog_person` → `blog_people`, `BlogPost` → `BlogPosts`).
pub fn plural(s: &str) -> String {
    inflect_last_word(s, english::plural)
}

/// English singular of the last word (`people` → `person`).
pub fn singular(s: &str) -> String {
    inflect_last_word(s, english::singular)
}

/// Applies `inflect` to the last word of `s`: the trailing run of
/// lowercase letters and digits with the capital that starts it, keeping
/// the word's capital (and an all-capitals text in capitals).
fn inflect_last_word(s: &str, inflect: fn(&str) -> String) -> String {
    if s.chars().any(|c| c.is_ascii_uppercase()) && !s.chars().any(|c| c.is_ascii_lowercase()) {
        return inflect_last_word(&s.to_ascii_lowercase(), inflect).to_ascii_uppercase();
    }
    let bytes = s.as_bytes();
    let mut start = s.len();
    while start > 0 && (bytes[start - 1].is_ascii_lowercase() || bytes[start - 1].is_ascii_digit())
    {
        start -= 1;
    }
    let capital = start > 0 && bytes[start - 1].is_ascii_uppercase();
    if capital {
        start -= 1;
    }
    let word = s[start..].to_ascii_lowercase();
    if word.is_empty() {
        return s.to_string();
    }
    let mut inflected = inflect(&word);
    if capital {
        inflected[..1].make_ascii_uppercase();
    }
    format!("{}{inflected}", &s[..start])
}

/// An Elixir double-quoted string literal with everything escaped that
/// could end the string, start an interpolation or hide code.
pub fn elixir_string(s: &str) -> String {
    crate::spec::literal::string(s)
}

/// An Elixir atom literal: `:name` for plain identifiers, else the quoted
/// form `:"some name"`.
pub fn atom(s: &str) -> String {
    crate::spec::literal::atom(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn naming() {
        assert_eq!(camelize("blog.blog_post"), "Blog.BlogPost");
        assert_eq!(underscore("Blog.BlogPost"), "blog/blog_post");
        assert_eq!(human("published_at"), "Published at");
        assert_eq!(human("author_id"), "Author");
        assert_eq!(plural("category"), "categories");
        assert_eq!(plural("person"), "people");
        assert_eq!(singular("statuses"), "status");
        assert_eq!(plural("blog_person"), "blog_people");
        assert_eq!(plural("BlogPost"), "BlogPosts");
        assert_eq!(plural("Category"), "Categories");
        assert_eq!(plural("CATEGORY"), "CATEGORIES");
        assert_eq!(singular("blog posts"), "blog post");
        assert_eq!(plural(""), "");
        assert_eq!(plural("a-b"), "a-bs");
    }

    #[test]
    fn quoting() {
        assert_eq!(elixir_string("a\"b#{x}\\"), r#""a\"b\#{x}\\""#);
        assert_eq!(atom("draft"), ":draft");
        assert_eq!(atom("valid?"), ":valid?");
        assert_eq!(atom("with space"), ":\"with space\"");
    }
}
