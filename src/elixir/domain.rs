//! Ash domains: `resource Mod` entries of `resources do ... end`.

use tree_sitter::Node;

use super::document::{Document, Plan};
use super::seq;
use super::syntax::{self, alias_name, block_items, call_args, call_name, do_block};
use super::text::{dedent, indent_rest, line_end, next_line_start};
use super::{EditError, Outcome};

/// The module body that `use`s `module`, and that `use` call.
pub(crate) fn module_using<'t>(doc: &'t Document, module: &str) -> Option<(Node<'t>, Node<'t>)> {
    let src = doc.text();
    let mut modules = Vec::new();
    syntax::modules(doc.root(), src, &mut modules);
    modules.into_iter().find_map(|m| {
        let body = do_block(m)?;
        let (use_call, _) = syntax::uses(body, src)
            .into_iter()
            .find(|(_, u)| u == module)?;
        Some((body, use_call))
    })
}

/// Inserts a section block right after a `use` call: blank line before,
/// and after when the next line is not already blank or the module end.
pub(crate) fn after_use(doc: &Document, body: Node<'_>, use_call: Node<'_>, code: &str) -> Plan {
    let src = doc.text();
    let mut splice = seq::statement_after(doc, use_call, code, true);
    let next = next_line_start(src, line_end(src, use_call.end_byte()));
    let next_items = block_items(body)
        .into_iter()
        .find(|n| n.start_byte() > use_call.end_byte());
    if let Some(n) = next_items {
        if seq::leading_comments_start(doc, n) == next {
            splice.text.push('\n');
        }
    }
    Plan::Edit {
        splices: vec![splice],
        reflow: None,
    }
}

impl Document {
    /// Adds `resource Shop.Blog.Post` (with a `do` block made of `body`,
    /// e.g. `define` lines, when given) to `resources do ... end` of the
    /// module that `use Ash.Domain`, creating the block right after the
    /// `use` line when missing. Unchanged when the resource is listed
    /// (also when it is listed without the given body: the note says so).
    pub fn add_domain_resource(
        &mut self,
        resource: &str,
        body: Option<&str>,
    ) -> Result<Outcome, EditError> {
        self.edit(|doc| Ok({
            let src = doc.text();
            let resource = resource.trim();
            let code = match body.map(dedent).filter(|b| !b.is_empty()) {
                Some(b) => format!("resource {resource} do\n  {}\nend", indent_rest(&b, "  ")),
                None => format!("resource {resource}"),
            };
            let multiline = code.contains('\n');
            let Some((mbody, use_call)) = module_using(doc, "Ash.Domain") else {
                return Err(EditError::manual(
                    1,
                    "no module with `use Ash.Domain` found",
                    format!("resources do\n  {}\nend", indent_rest(&code, "  ")),
                ));
            };
            let resources = block_items(mbody)
                .into_iter()
                .find(|n| call_name(*n, src) == Some("resources") && do_block(*n).is_some());
            match resources {
                Some(section) => {
                    let block = do_block(section).expect("checked above");
                    let items = block_items(block);
                    let is_entry = |n: &Node<'_>| call_name(*n, src) == Some("resource");
                    let wanted: String = resource.split_whitespace().collect();
                    // A module whose last segment appears nowhere in the
                    // file is not listed: no need to look at each entry
                    // (domains of large projects list hundreds). Newer
                    // entries are at the end, so the search runs backwards.
                    let last_segment = wanted.rsplit('.').next().unwrap_or(&wanted);
                    let existing = if src.contains(last_segment) {
                        items.iter().rev().filter(|n| is_entry(n)).find(|n| {
                            call_args(**n)
                                .first()
                                .and_then(|a| alias_name(*a, src))
                                .as_deref()
                                == Some(wanted.as_str())
                        })
                    } else {
                        None
                    };
                    if let Some(e) = existing {
                        let note = if multiline && do_block(*e).is_none() {
                            format!(
                                "{resource} already in resources (without a body; add by hand:\n{code})"
                            )
                        } else {
                            format!("{resource} already in resources")
                        };
                        Plan::Unchanged(note)
                    } else if let Some(last) =
                        items.iter().rev().find(|n| is_entry(n)).or(items.last())
                    {
                        let blank = multiline || do_block(*last).is_some();
                        Plan::Edit {
                            splices: vec![seq::statement_after(doc, *last, &code, blank)],
                            reflow: None,
                        }
                    } else {
                        match seq::statement_into_empty(doc, block, &code) {
                            Some(s) => Plan::Edit {
                                splices: vec![s],
                                reflow: None,
                            },
                            None => {
                                return Err(EditError::manual(
                                    section.start_position().row + 1,
                                    "unexpected `resources` block shape",
                                    code,
                                ))
                            }
                        }
                    }
                }
                None => {
                    let section = format!("resources do\n  {}\nend", indent_rest(&code, "  "));
                    after_use(doc, mbody, use_call, &section)
                }
            }
        }))
    }
}
