//! Module body edits for Ash resources (and Ecto repos): `use` options,
//! DSL sections in a conventional order, entries of a section, replacing
//! a `use` line, and appending function definitions.

use serde::{Deserialize, Serialize};
use tree_sitter::Node;

use super::config::key_code;
use super::document::{Document, Plan, Splice};
use super::domain::module_using;
use super::seq;
use super::syntax::{
    self, block_items, call_args, call_name, canon, canon_code, def_signature, do_block, Fragment,
};
use super::text::{dedent, indent_at, indent_rest, line_is_blank, line_start};
use super::{EditError, Outcome};

/// The conventional order of `Ash.Resource` sections. Data-layer sections
/// (`postgres`, `sqlite`) count as coming before all of these.
pub const RESOURCE_SECTION_ORDER: &[&str] = &[
    "resource",
    "code_interface",
    "actions",
    "policies",
    "pub_sub",
    "preparations",
    "changes",
    "validations",
    "multitenancy",
    "attributes",
    "relationships",
    "calculations",
    "aggregates",
    "identities",
];

const DATA_LAYER_SECTIONS: &[&str] = &["postgres", "sqlite", "ets", "mnesia"];

/// The value of a `use` option to ensure with
/// [`Document::ensure_use_option`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UseValue {
    /// A list that must contain these items (code):
    /// `authorizers: [Ash.Policy.Authorizer]`.
    List(Vec<String>),
    /// A value set only when the key is absent: `data_layer:
    /// AshPostgres.DataLayer`.
    Code(String),
}

fn first_module_body(doc: &Document) -> Option<Node<'_>> {
    let mut modules = Vec::new();
    syntax::modules(doc.root(), doc.text(), &mut modules);
    modules.first().and_then(|m| do_block(*m))
}

fn section_rank(name: &str, order: &[String]) -> Option<isize> {
    if DATA_LAYER_SECTIONS.contains(&name) {
        return Some(-1);
    }
    order.iter().position(|o| o == name).map(|i| i as isize)
}

/// Sections of a module body: (name, call node).
fn sections<'t>(body: Node<'t>, src: &str) -> Vec<(String, Node<'t>)> {
    block_items(body)
        .into_iter()
        .filter(|n| do_block(*n).is_some() && call_args(*n).is_empty())
        .filter_map(|n| Some((call_name(n, src)?.to_string(), n)))
        .collect()
}

/// A block statement inserted after `anchor` with a blank line before,
/// and one after when the next statement follows directly.
fn block_after(doc: &Document, body: Node<'_>, anchor: Node<'_>, code: &str) -> Splice {
    let src = doc.text();
    let mut splice = seq::statement_after(doc, anchor, code, true);
    let next = block_items(body)
        .into_iter()
        .find(|n| n.start_byte() >= anchor.end_byte());
    if let Some(n) = next {
        let at = seq::leading_comments_start(doc, n);
        if at > 0
            && !line_is_blank(src, at - 1)
            && line_start(src, at - 1) >= line_start(src, anchor.end_byte())
        {
            splice.text.push('\n');
        }
    }
    splice
}

/// A block statement inserted before `anchor` with a blank line after,
/// and one before when the previous line is code.
fn block_before(doc: &Document, body: Node<'_>, anchor: Node<'_>, code: &str) -> Splice {
    let src = doc.text();
    let mut splice = seq::statement_before(doc, anchor, code, true);
    let at = splice.start;
    let do_line = line_start(src, body.start_byte());
    if at > 0 && !line_is_blank(src, at - 1) && line_start(src, at - 1) != do_line {
        splice.text.insert(0, '\n');
    }
    splice
}

impl Document {
    /// Makes sure `use module, key: ...` has the option: for
    /// [`UseValue::List`], adds `key: [items]` or appends the missing items
    /// to the existing list; for [`UseValue::Code`], adds `key: value` when
    /// the key is absent (an existing value is never overridden).
    /// `use Ash.Resource` without options gets `, key: value`.
    pub fn ensure_use_option(
        &mut self,
        module: &str,
        key: &str,
        value: &UseValue,
    ) -> Result<Outcome, EditError> {
        self.edit(|doc| {
            Ok({
                let src = doc.text();
                let value_code = match value {
                    UseValue::List(items) => format!("[{}]", items.join(", ")),
                    UseValue::Code(c) => c.trim().to_string(),
                };
                let pair_code = format!("{} {value_code}", key_code(key));
                let Some((_, use_call)) = module_using(doc, module) else {
                    return Err(EditError::manual(
                        1,
                        format!("no `use {module}` found"),
                        format!("use {module}, {pair_code}"),
                    ));
                };
                let args = call_args(use_call);
                let keywords = args.last().filter(|a| a.kind() == "keywords").copied();
                let existing = keywords
                    .and_then(|k| syntax::find_pair(k, src, key))
                    .and_then(syntax::pair_value);
                let line = use_call.start_position().row + 1;
                match (existing, value) {
                    (Some(v), UseValue::List(items)) if v.kind() == "list" => {
                        let present: Vec<String> = syntax::list_elems(v)
                            .into_iter()
                            .map(|e| canon(e, src))
                            .collect();
                        let missing: Vec<String> = items
                            .iter()
                            .map(|i| i.trim().to_string())
                            .filter(|i| canon_code(i).is_none_or(|c| !present.contains(&c)))
                            .collect();
                        if missing.is_empty() {
                            Plan::Unchanged(format!(
                                "{key} of use {module} already contains {}",
                                items.join(", ")
                            ))
                        } else {
                            seq::list_append(doc, v, &missing)
                        }
                    }
                    (Some(v), UseValue::List(items)) => {
                        if items.len() == 1
                            && canon_code(&items[0]).is_some_and(|c| c == canon(v, src))
                        {
                            Plan::Unchanged(format!(
                                "{key} of use {module} already {}",
                                syntax::text(v, src)
                            ))
                        } else {
                            return Err(EditError::manual(
                                line,
                                format!("`{key}:` of `use {module}` is not a literal list"),
                                format!(
                                    "{} [{}, {}]",
                                    key_code(key),
                                    syntax::text(v, src),
                                    items.join(", ")
                                ),
                            ));
                        }
                    }
                    (Some(v), UseValue::Code(_)) => Plan::Unchanged(format!(
                        "{key} of use {module} already set ({})",
                        syntax::text(v, src)
                    )),
                    (None, _) => {
                        seq::call_keywords_append(doc, use_call, std::slice::from_ref(&pair_code))
                            .ok_or_else(|| {
                            EditError::manual(
                                line,
                                "unexpected `use` shape",
                                format!("use {module}, {pair_code}"),
                            )
                        })?
                    }
                }
            })
        })
    }

    /// Inserts a DSL section (code: `policies do ... end`) into the body of
    /// the file's first module, after the last present section that comes
    /// before it in `order` (else before the first that comes after it,
    /// else at the end), separated by blank lines. Unchanged when a section
    /// with that name exists.
    pub fn insert_section(&mut self, code: &str, order: &[String]) -> Result<Outcome, EditError> {
        self.edit(|doc| doc.plan_section(code, order))
    }

    fn plan_section(&self, code: &str, order: &[String]) -> Result<Plan, EditError> {
        let src = self.text();
        let code = dedent(code);
        let name = Fragment::parse(&code).and_then(|f| {
            let items = f.items();
            (items.len() == 1 && do_block(items[0]).is_some())
                .then(|| call_name(items[0], &f.src).map(str::to_string))
                .flatten()
        });
        let Some(name) = name else {
            return Err(EditError::manual(
                1,
                "the given code is not one `section do ... end` block",
                code,
            ));
        };
        let Some(body) = first_module_body(self) else {
            return Err(EditError::manual(1, "no module found", code));
        };
        let present = sections(body, src);
        if present.iter().any(|(n, _)| *n == name) {
            return Ok(Plan::Unchanged(format!("{name} section already present")));
        }
        let rank = section_rank(&name, order);
        let ranked: Vec<(isize, Node<'_>)> = present
            .iter()
            .filter_map(|(n, node)| Some((section_rank(n, order)?, *node)))
            .collect();
        let splice = match rank {
            Some(r) => {
                if let Some((_, anchor)) = ranked.iter().rev().find(|(sr, _)| *sr < r) {
                    block_after(self, body, *anchor, &code)
                } else if let Some((_, anchor)) = ranked.iter().find(|(sr, _)| *sr > r) {
                    block_before(self, body, *anchor, &code)
                } else {
                    self.at_body_end(body, &code)?
                }
            }
            None => self.at_body_end(body, &code)?,
        };
        Ok(Plan::Edit {
            splices: vec![splice],
            reflow: None,
        })
    }

    fn at_body_end(&self, body: Node<'_>, code: &str) -> Result<Splice, EditError> {
        seq::statement_at_end(self, body, code, true).ok_or_else(|| {
            EditError::manual(
                body.start_position().row + 1,
                "unexpected module body shape",
                code,
            )
        })
    }

    /// Appends `entry` (code, e.g. a `policy ... do ... end`) at the end of
    /// the `section` block of the file's first module; unchanged when an
    /// identical entry is there. Without the section, inserts
    /// `section do entry end` as [`Document::insert_section`] does.
    pub fn add_to_section(
        &mut self,
        section: &str,
        entry: &str,
        order: &[String],
    ) -> Result<Outcome, EditError> {
        self.edit(|doc| {
            Ok({
                let src = doc.text();
                let entry = dedent(entry);
                let Some(wanted) = Fragment::parse(&entry).map(|f| {
                    f.items()
                        .iter()
                        .map(|n| canon(*n, &f.src))
                        .collect::<Vec<_>>()
                }) else {
                    return Err(EditError::manual(
                        1,
                        "the given entry is not valid Elixir",
                        entry,
                    ));
                };
                let Some(body) = first_module_body(doc) else {
                    return Err(EditError::manual(1, "no module found", entry));
                };
                let found = sections(body, src).into_iter().find(|(n, _)| n == section);
                match found {
                    None => doc.plan_section(
                        &format!("{section} do\n  {}\nend", indent_rest(&entry, "  ")),
                        order,
                    )?,
                    Some((_, node)) => {
                        let block = do_block(node).expect("sections have a do block");
                        let items = block_items(block);
                        let present: Vec<String> = items.iter().map(|n| canon(*n, src)).collect();
                        if !wanted.is_empty() && wanted.iter().all(|w| present.contains(w)) {
                            Plan::Unchanged(format!("entry already in {section}"))
                        } else {
                            let multi = entry.contains('\n');
                            let blank = multi
                                || items
                                    .last()
                                    .is_some_and(|l| l.end_position().row > l.start_position().row)
                                || items.windows(2).last().is_some_and(|w| {
                                    w[1].start_position().row > w[0].end_position().row + 1
                                });
                            let splice = seq::statement_at_end(doc, block, &entry, blank)
                                .ok_or_else(|| {
                                    EditError::manual(
                                        node.start_position().row + 1,
                                        "unexpected section shape",
                                        entry.clone(),
                                    )
                                })?;
                            Plan::Edit {
                                splices: vec![splice],
                                reflow: None,
                            }
                        }
                    }
                }
            })
        })
    }

    /// Replaces the `use from` call (e.g. `use Ecto.Repo, otp_app: :shop,
    /// adapter: Ecto.Adapters.Postgres`) by `code` (e.g. `use
    /// AshPostgres.Repo, otp_app: :shop`). Unchanged when the module in
    /// `code` is already used.
    pub fn replace_use(&mut self, from: &str, code: &str) -> Result<Outcome, EditError> {
        self.edit(|doc| {
            Ok({
                let code = dedent(code);
                let new_module = Fragment::parse(&code).and_then(|f| {
                    let items = f.items();
                    (items.len() == 1 && call_name(items[0], &f.src) == Some("use"))
                        .then(|| {
                            call_args(items[0])
                                .first()
                                .map(|a| syntax::text(*a, &f.src).to_string())
                        })
                        .flatten()
                });
                let Some(new_module) = new_module else {
                    return Err(EditError::manual(
                        1,
                        "the given code is not one `use` call",
                        code,
                    ));
                };
                if module_using(doc, &new_module).is_some() {
                    Plan::Unchanged(format!("already uses {new_module}"))
                } else if let Some((_, old)) = module_using(doc, from) {
                    let indent = indent_at(doc.text(), old.start_byte()).to_string();
                    Plan::Edit {
                        splices: vec![Splice::replace(
                            old.start_byte(),
                            old.end_byte(),
                            indent_rest(&code, &indent),
                        )],
                        reflow: None,
                    }
                } else {
                    return Err(EditError::manual(1, format!("no `use {from}` found"), code));
                }
            })
        })
    }

    /// Appends function definitions (code; `@doc`/`@impl` lines and
    /// comments above a definition travel with it) at the end of the
    /// file's first module, skipping those whose name/arity is defined.
    pub fn add_functions(&mut self, code: &str) -> Result<Outcome, EditError> {
        self.edit(|doc| {
            Ok({
                let src = doc.text();
                let code = dedent(code);
                let Some(frag) = Fragment::parse(&code) else {
                    return Err(EditError::manual(
                        1,
                        "the given functions are not valid Elixir",
                        code,
                    ));
                };
                let Some(body) = first_module_body(doc) else {
                    return Err(EditError::manual(1, "no module found", code));
                };
                let defined: Vec<(String, usize)> = block_items(body)
                    .into_iter()
                    .filter_map(|n| def_signature(n, src))
                    .collect();
                let mut groups = Vec::new();
                let mut prev_end = 0;
                let mut names = Vec::new();
                for item in frag.items() {
                    let Some(sig) = def_signature(item, &frag.src) else {
                        continue;
                    };
                    let group = frag.src[prev_end..item.end_byte()].trim().to_string();
                    prev_end = item.end_byte();
                    if !defined.contains(&sig) {
                        groups.push(group);
                    }
                    names.push(sig);
                }
                if names.is_empty() {
                    return Err(EditError::manual(
                        1,
                        "the given code has no function definitions",
                        code,
                    ));
                }
                if groups.is_empty() {
                    let list: Vec<String> = names.iter().map(|(n, a)| format!("{n}/{a}")).collect();
                    Plan::Unchanged(format!("{} already defined", list.join(", ")))
                } else {
                    let code = groups.join("\n\n");
                    Plan::Edit {
                        splices: vec![doc.at_body_end(body, &code)?],
                        reflow: None,
                    }
                }
            })
        })
    }
}
