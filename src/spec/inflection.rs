//! Every name derived from a resource module, computed once.
//!
//! `Shop.Blog.Post` gives `post`, `posts`, `/posts`, `PostLive`,
//! `lib/shop/blog/post.ex`, `create_post`, … Templates interpolate these
//! fields and never re-derive a casing or a plural themselves.

use heck::ToUpperCamelCase;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::spec::english;
use crate::spec::names::{humanize, macro_underscore, ModuleName, SnakeName, TableName};

/// English plurals the general rules get wrong for resource names.
const PLURAL_OVERRIDES: &[(&str, &str)] = &[
    ("virus", "viruses"),
    ("schema", "schemas"),
    ("german", "germans"),
];

/// The plural of a snake_case name; only the last word is inflected
/// (`blog_person` → `blog_people`, `user_status` → `user_statuses`).
pub fn pluralize(snake: &str) -> String {
    let (head, last) = split_last_word(snake);
    let plural = PLURAL_OVERRIDES
        .iter()
        .find(|(s, _)| *s == last)
        .map(|(_, p)| p.to_string())
        .unwrap_or_else(|| english::plural(last));
    format!("{head}{plural}")
}

/// The singular of a snake_case name; only the last word is inflected.
pub fn singularize(snake: &str) -> String {
    let (head, last) = split_last_word(snake);
    let singular = PLURAL_OVERRIDES
        .iter()
        .find(|(_, p)| *p == last)
        .map(|(s, _)| s.to_string())
        .unwrap_or_else(|| english::singular(last));
    format!("{head}{singular}")
}

fn split_last_word(snake: &str) -> (&str, &str) {
    match snake.rfind('_') {
        Some(i) if i + 1 < snake.len() => snake.split_at(i + 1),
        _ => ("", snake),
    }
}

/// The code-interface function names of a resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InterfaceNames {
    /// `create_post`
    pub create: String,
    /// `list_posts`
    pub list: String,
    /// `get_post`
    pub get: String,
    /// `update_post`
    pub update: String,
    /// `destroy_post`
    pub destroy: String,
}

/// Names derived from a resource module and the application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResourceNames {
    /// `Shop.Blog.Post`
    pub module: ModuleName,
    /// `Post`
    pub alias: String,
    /// `post`
    pub singular: SnakeName,
    /// `posts` (or the `--plural` override)
    pub plural: SnakeName,
    /// `posts`: the plural unless overridden with `--table`.
    pub table: TableName,
    /// `Post`; `Blog post` for `BlogPost`.
    pub human_singular: String,
    /// `Posts`; `Blog posts` for `BlogPost`.
    pub human_plural: String,
    /// `/posts`
    pub route_path: String,
    /// `PostLive`
    pub live_alias: String,
    /// `ShopWeb.PostLive`
    pub live_module: String,
    /// `lib/shop_web/live/post_live`
    pub live_dir: String,
    /// `ShopWeb.PostLiveTest`
    pub live_test_module: String,
    /// `test/shop_web/live/post_live_test.exs`
    pub live_test_path: String,
    /// `Shop.Blog.PostTest`
    pub test_module: String,
    /// `lib/shop/blog/post.ex`
    pub file_path: String,
    /// `test/shop/blog/post_test.exs`
    pub test_path: String,
    /// `create_post`, `list_posts`, …
    pub interface: InterfaceNames,
}

impl ResourceNames {
    /// Derives every name of the resource `module`.
    ///
    /// `plural` overrides the computed plural (for uncountable or unusual
    /// words). Fails when the alias turns into a reserved word (`End` →
    /// `end`) or when singular and plural coincide (`News`), because the
    /// generated code needs two distinct variable names.
    pub fn new(
        module: &ModuleName,
        web: &ModuleName,
        plural: Option<&SnakeName>,
    ) -> Result<ResourceNames> {
        let alias = module.last().to_string();
        let singular = SnakeName::parse(&macro_underscore(&alias)).map_err(|e| {
            Error::input_hint(
                format!("resource `{module}` cannot be used: its snake_case name is invalid ({e})"),
                "rename the resource",
            )
        })?;
        let plural = match plural {
            Some(p) => p.clone(),
            None => {
                let computed = pluralize(singular.as_str());
                SnakeName::parse(&computed).map_err(|e| {
                    Error::input_hint(
                        format!("the plural of `{alias}` is not usable ({e})"),
                        "pass --plural NAME",
                    )
                })?
            }
        };
        if plural == singular {
            let as_singular = singularize(singular.as_str());
            let hint = if as_singular != singular.as_str() {
                let suggestion = match module.parent() {
                    Some(parent) => format!("{parent}.{}", as_singular.to_upper_camel_case()),
                    None => as_singular.to_upper_camel_case(),
                };
                format!("resource names are singular: did you mean `{suggestion}`? (or pass --plural NAME)")
            } else {
                format!("pass --plural NAME, e.g. --plural {singular}_items")
            };
            return Err(Error::input_hint(
                format!(
                    "resource `{module}` has the same singular and plural (`{singular}`); \
                     the generated code needs two distinct names"
                ),
                hint,
            ));
        }
        let table = TableName::parse(plural.as_str())?;
        let path = module.underscore_path();
        let web_path = web.underscore_path();
        let live_alias = format!("{alias}Live");
        Ok(ResourceNames {
            module: module.clone(),
            human_singular: humanize(singular.as_str()),
            human_plural: humanize(plural.as_str()),
            route_path: format!("/{plural}"),
            live_module: format!("{web}.{live_alias}"),
            live_dir: format!("lib/{web_path}/live/{singular}_live"),
            live_test_module: format!("{web}.{live_alias}Test"),
            live_test_path: format!("test/{web_path}/live/{singular}_live_test.exs"),
            live_alias,
            test_module: format!("{module}Test"),
            file_path: format!("lib/{path}.ex"),
            test_path: format!("test/{path}_test.exs"),
            interface: InterfaceNames {
                create: format!("create_{singular}"),
                list: format!("list_{plural}"),
                get: format!("get_{singular}"),
                update: format!("update_{singular}"),
                destroy: format!("destroy_{singular}"),
            },
            alias,
            singular,
            plural,
            table,
        })
    }
}

/// Names derived from a domain module.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DomainNames {
    /// `Shop.Blog`
    pub module: ModuleName,
    /// `Blog`
    pub alias: String,
    /// `Blog`; `Content management` for `ContentManagement`.
    pub human: String,
    /// `lib/shop/blog.ex`
    pub file_path: String,
}

impl DomainNames {
    /// Derives the names of the domain `module`.
    pub fn new(module: &ModuleName) -> DomainNames {
        DomainNames {
            module: module.clone(),
            alias: module.last().to_string(),
            human: humanize(&module.underscore_last()),
            file_path: format!("lib/{}.ex", module.underscore_path()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_of_last_word_only() {
        assert_eq!(pluralize("blog_person"), "blog_people");
        assert_eq!(pluralize("user_status"), "user_statuses");
        assert_eq!(pluralize("virus"), "viruses");
        assert_eq!(singularize("blog_posts"), "blog_post");
    }
}
