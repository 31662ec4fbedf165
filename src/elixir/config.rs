//! `config/*.exs`: read config values, make sure a list contains items or
//! a key is set, add whole `config` calls.
//!
//! Only top-level `config` calls are considered (not those inside
//! `if config_env() == :prod do`). New calls go before
//! `import_config "#{config_env()}.exs"` so environment files still
//! override them, right after the last `config` call above it, separated
//! by a blank line; without `import_config`, at the end of the file.

use serde::{Deserialize, Serialize};
use tree_sitter::Node;

use super::document::{Anchor, Document, Plan};
use super::seq;
use super::syntax::{self, call_args, canon, canon_code, is_call, kids, text, Fragment};
use super::text::{indent_rest, line_end};
use super::{EditError, Outcome};

/// The value of a config key as written in a config file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigValue {
    /// 1-based line of the value.
    pub line: usize,
    /// The value's code: `[Shop.Blog, Shop.Accounts]`, `false`.
    pub code: String,
    /// For a literal list, the code of each element.
    pub items: Option<Vec<String>>,
}

/// A `config` call to add when none exists for its app (and second
/// argument), for [`Document::ensure_config_call`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewConfig {
    /// The whole call: `config :spark, :formatter, remove_parens?: true`.
    pub code: String,
}

/// One top-level `config` call, understood.
struct ConfigCall<'t> {
    node: Node<'t>,
    app: String,
    /// Fingerprint of the second argument when the call has three
    /// (`config :app, Mod, k: v` or `config :app, :key, value`).
    sub: Option<String>,
    /// The keyword list of `config :app, k: v` / `config :app, Sub, k: v`.
    keywords: Option<Node<'t>>,
    /// `config :app, :key, value`: the key's name and the value.
    key_value: Option<(String, Node<'t>)>,
}

fn config_call<'t>(node: Node<'t>, src: &str) -> Option<ConfigCall<'t>> {
    if !is_call(node, src, "config") || syntax::do_block(node).is_some() {
        return None;
    }
    let args = call_args(node);
    let app = syntax::atom_name(*args.first()?, src)?;
    let mut call = ConfigCall {
        node,
        app,
        sub: None,
        keywords: None,
        key_value: None,
    };
    match args.len() {
        2 if args[1].kind() == "keywords" => call.keywords = Some(args[1]),
        3 => {
            call.sub = Some(canon(args[1], src));
            if args[2].kind() == "keywords" {
                call.keywords = Some(args[2]);
            } else if let Some(key) = syntax::atom_name(args[1], src) {
                call.key_value = Some((key, args[2]));
            }
        }
        _ => {}
    }
    Some(call)
}

fn config_calls<'t>(doc: &'t Document) -> Vec<ConfigCall<'t>> {
    let src = doc.text();
    kids(doc.root())
        .into_iter()
        .filter_map(|n| config_call(n, src))
        .collect()
}

/// Fingerprint of a caller-given second argument (`:policies`,
/// `ShopWeb.Endpoint`).
fn sub_canon(sub: Option<&str>) -> Result<Option<String>, EditError> {
    match sub {
        None => Ok(None),
        Some(s) => canon_code(s).map(Some).ok_or_else(|| {
            EditError::manual(1, format!("invalid config argument `{s}`"), String::new())
        }),
    }
}

/// A keyword key as written before a value: `ash_domains: ` or
/// `"Ash.Resource": `.
pub(crate) fn key_code(key: &str) -> String {
    let plain = key.char_indices().all(|(i, c)| {
        c.is_ascii_alphanumeric() || c == '_' || ((c == '?' || c == '!') && i + 1 == key.len())
    }) && key
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if plain {
        format!("{key}:")
    } else {
        format!("{}:", super::deps::quote(key))
    }
}

fn head(app: &str, sub: Option<&str>) -> String {
    match sub {
        Some(s) => format!("config :{app}, {s}, "),
        None => format!("config :{app}, "),
    }
}

/// Where the value of `key` is set for (`app`, `sub`), last occurrence.
fn find_value<'t>(
    calls: &[ConfigCall<'t>],
    src: &str,
    app: &str,
    sub: &Option<String>,
    key: &str,
) -> Option<Node<'t>> {
    let mut found = None;
    for c in calls.iter().filter(|c| c.app == app) {
        if c.sub == *sub {
            if let Some(v) = c
                .keywords
                .and_then(|k| syntax::find_pair(k, src, key))
                .and_then(syntax::pair_value)
            {
                found = Some(v);
            }
        }
        if sub.is_none() {
            if let Some((k, v)) = &c.key_value {
                if k == key {
                    found = Some(*v);
                }
            }
        }
    }
    found
}

/// Plans the insertion of a new top-level call; `reflow` is the offset in
/// `code` of the container to keep within the line length.
fn insert_call(doc: &Document, code: &str, reflow: Option<usize>) -> Plan {
    let src = doc.text();
    let items = kids(doc.root());
    let import = items
        .iter()
        .rposition(|n| is_call(*n, src, "import_config"));
    let splice = match import {
        Some(i) => {
            let before = &items[..i];
            let anchor = before
                .iter()
                .rev()
                .find(|n| is_call(**n, src, "config"))
                .or(before.last());
            match anchor {
                Some(a) => seq::statement_after(doc, *a, code, true),
                None => seq::statement_before(doc, items[i], code, true),
            }
        }
        None => match items.last() {
            Some(last) => seq::statement_after(doc, *last, code, true),
            None => {
                let at = src.len();
                let lead = if src.trim().is_empty() {
                    ""
                } else if src.ends_with('\n') {
                    "\n"
                } else {
                    "\n\n"
                };
                // Only comments (or nothing) so far: append at the end.
                let at_end = line_end(src, at);
                super::document::Splice::insert(at_end, format!("{lead}{code}\n"))
            }
        },
    };
    let reflow = reflow.and_then(|off| {
        let base = splice.text.find(code)?;
        Some(Anchor::Inserted {
            splice: 0,
            offset: base + off,
        })
    });
    Plan::Edit {
        splices: vec![splice],
        reflow,
    }
}

impl Document {
    /// The value set for `key` of `app` (and `sub`, the second argument of
    /// `config :app, Sub, key: value`, as code such as `:policies` or
    /// `ShopWeb.Endpoint`), from the last top-level `config` call that sets
    /// it. Also reads `config :app, :key, value`.
    pub fn config_value(&self, app: &str, sub: Option<&str>, key: &str) -> Option<ConfigValue> {
        let src = self.text();
        let sub = sub_canon(sub).ok()?;
        let calls = config_calls(self);
        let v = find_value(&calls, src, app, &sub, key)?;
        let items = (v.kind() == "list").then(|| {
            syntax::list_elems(v)
                .into_iter()
                .map(|e| text(e, src).to_string())
                .collect()
        });
        Some(ConfigValue {
            line: v.start_position().row + 1,
            code: text(v, src).to_string(),
            items,
        })
    }

    /// Makes sure the list set for `key` of `app` (and `sub`) contains
    /// `items` (code such as `Shop.Blog`): appends the missing ones to the
    /// existing list (2-argument keyword form, among other keys or alone,
    /// or `config :app, :key, [...]`), or adds a new `config` call.
    /// Unchanged when all are present. A value that is not a literal list
    /// yields [`EditError::Manual`].
    pub fn ensure_config_list(
        &mut self,
        app: &str,
        sub: Option<&str>,
        key: &str,
        items: &[String],
    ) -> Result<Outcome, EditError> {
        self.edit(|doc| {
            Ok({
                let src = doc.text();
                let sub_c = sub_canon(sub)?;
                let calls = config_calls(doc);
                let items: Vec<String> = items.iter().map(|i| i.trim().to_string()).collect();
                let new_list = format!("[{}]", items.join(", "));
                let snippet = format!("{}{} {new_list}", head(app, sub), key_code(key));
                match find_value(&calls, src, app, &sub_c, key) {
                    Some(v) if v.kind() == "list" => {
                        let present: Vec<String> = syntax::list_elems(v)
                            .into_iter()
                            .map(|e| canon(e, src))
                            .collect();
                        let missing: Vec<String> = items
                            .iter()
                            .filter(|i| canon_code(i).is_none_or(|c| !present.contains(&c)))
                            .cloned()
                            .collect();
                        if missing.is_empty() {
                            Plan::Unchanged(format!(
                                "{key} of :{app} already contains {}",
                                items.join(", ")
                            ))
                        } else {
                            seq::list_append(doc, v, &missing)
                        }
                    }
                    Some(v) => {
                        return Err(EditError::manual(
                            v.start_position().row + 1,
                            format!(
                                "`{key}` of :{app} is set to an expression, not a literal list"
                            ),
                            format!("add {} to `{}`", items.join(", "), text(v, src)),
                        ))
                    }
                    None => {
                        let offset = snippet.len() - new_list.len();
                        insert_call(doc, &snippet, Some(offset))
                    }
                }
            })
        })
    }

    /// Makes sure `key` of `app` (and `sub`) is set: unchanged when it is,
    /// whatever the value (the user's choice wins); otherwise appends
    /// `key: value` to the last `config` call for that app (and `sub`), or
    /// adds a new call.
    pub fn ensure_config_keyword(
        &mut self,
        app: &str,
        sub: Option<&str>,
        key: &str,
        value: &str,
    ) -> Result<Outcome, EditError> {
        self.edit(|doc| {
            Ok({
                let src = doc.text();
                let sub_c = sub_canon(sub)?;
                let calls = config_calls(doc);
                let pair = format!("{} {}", key_code(key), value.trim());
                if let Some(v) = find_value(&calls, src, app, &sub_c, key) {
                    Plan::Unchanged(format!("{key} of :{app} already set ({})", text(v, src)))
                } else if let Some(call) = calls
                    .iter()
                    .rev()
                    .find(|c| c.app == app && c.sub == sub_c && c.keywords.is_some())
                {
                    seq::call_keywords_append(doc, call.node, &[pair]).ok_or_else(|| {
                        EditError::manual(
                            call.node.start_position().row + 1,
                            "unexpected config call shape",
                            String::new(),
                        )
                    })?
                } else {
                    let code = format!("{}{pair}", head(app, sub));
                    let args = head(app, sub).find(':').unwrap_or(0);
                    insert_call(doc, &code, Some(args))
                }
            })
        })
    }

    /// Adds a whole `config` call (given as code) unless a call for the
    /// same app and second argument already exists (then unchanged, never
    /// merged).
    pub fn ensure_config_call(&mut self, code: &str) -> Result<Outcome, EditError> {
        self.edit(|doc| {
            Ok({
                let src = doc.text();
                let code = super::text::dedent(code);
                let frag = Fragment::parse(&code);
                let ident = frag.as_ref().and_then(|f| {
                    let items = f.items();
                    if items.len() != 1 {
                        return None;
                    }
                    config_call(items[0], &f.src).map(|c| (c.app, c.sub))
                });
                let Some((app, sub)) = ident else {
                    return Err(EditError::manual(
                        1,
                        "the given code is not one `config` call",
                        code,
                    ));
                };
                let calls = config_calls(doc);
                if let Some(c) = calls.iter().find(|c| c.app == app && c.sub == sub) {
                    let what = text(c.node, src)
                        .lines()
                        .next()
                        .unwrap_or("")
                        .trim_end_matches(',');
                    Plan::Unchanged(format!("config for :{app} already present (`{what}`)"))
                } else {
                    let code = indent_rest(&code, "");
                    let args = code.find(':').unwrap_or(0);
                    insert_call(doc, &code, Some(args))
                }
            })
        })
    }
}
