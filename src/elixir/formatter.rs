//! `.formatter.exs`: `import_deps: [...]`, `plugins: [...]` and other
//! list-valued keys of the top-level keyword list.

use super::config::key_code;
use super::document::{Document, Plan};
use super::seq;
use super::syntax::{self, canon, canon_code, kids, text};
use super::{EditError, Outcome};

impl Document {
    /// Makes sure the list under `key` of the formatter's keyword list
    /// contains `items` (code: `:ash`, `Spark.Formatter`), appending the
    /// missing ones, or adding `key: [items]` at the end of the keyword
    /// list when the key is absent.
    pub fn ensure_formatter_list(
        &mut self,
        key: &str,
        items: &[String],
    ) -> Result<Outcome, EditError> {
        self.edit(|doc| {
            Ok({
                let src = doc.text();
                let items: Vec<String> = items.iter().map(|i| i.trim().to_string()).collect();
                let pair_code = format!("{} [{}]", key_code(key), items.join(", "));
                let top = kids(doc.root())
                    .into_iter()
                    .rev()
                    .find(|n| n.kind() == "list");
                let Some(list) = top else {
                    return Err(EditError::manual(
                        1,
                        "no keyword list found in the formatter file",
                        pair_code,
                    ));
                };
                let elems = syntax::list_elems(list);
                let pair = elems
                    .iter()
                    .find(|e| e.kind() == "pair" && syntax::pair_key(**e, src) == key);
                match pair.and_then(|p| syntax::pair_value(*p)) {
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
                            Plan::Unchanged(format!("{key} already contains {}", items.join(", ")))
                        } else {
                            seq::list_append(doc, v, &missing)
                        }
                    }
                    Some(v) => {
                        return Err(EditError::manual(
                            v.start_position().row + 1,
                            format!(
                                "`{key}` is set to an expression (`{}`), not a literal list",
                                text(v, src)
                            ),
                            format!("add {} to `{key}`", items.join(", ")),
                        ))
                    }
                    None => {
                        if elems.iter().any(|e| e.kind() != "pair") {
                            return Err(EditError::manual(
                                list.start_position().row + 1,
                                "the formatter list is not a keyword list",
                                pair_code,
                            ));
                        }
                        seq::list_append(doc, list, &[pair_code])
                    }
                }
            })
        })
    }
}
