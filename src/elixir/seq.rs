//! Insertion into sequences (list elements, keyword pairs of a call) and
//! into `do` blocks (statements), in the layout of the neighbours.
//!
//! Multi-line sequences get one new line per element, after the end of the
//! last element's line so that a trailing `# comment` stays with its
//! element; the comma that was missing goes right after the element. A
//! one-line sequence gets `, new` inline and asks for a reflow, which
//! breaks it like `mix format` if the line gets too long.

use tree_sitter::Node;

use super::document::{Anchor, Document, Plan, Splice};
use super::syntax::{self, block_end, block_items, kids};
use super::text::{deeper, first_on_line, indent_at, indent_rest, line_end, line_start};

/// What follows the last element of a sequence on its line.
struct Tail {
    /// A comma directly follows the element (trailing-comma style).
    comma: bool,
    /// Byte just after that comma (or the element's end).
    after: usize,
    /// Only a line break or a comment follows.
    eol: bool,
}

fn tail(src: &str, end: usize) -> Tail {
    let skip_ws = |p: usize| p + (src[p..].len() - src[p..].trim_start_matches([' ', '\t']).len());
    let p = skip_ws(end);
    let comma = src[p..].starts_with(',');
    let after = if comma { p + 1 } else { end };
    let q = skip_ws(if comma { p + 1 } else { p });
    let rest = &src[q..];
    let eol = rest.is_empty()
        || rest.starts_with('\n')
        || rest.starts_with("\r\n")
        || rest.starts_with('#');
    Tail { comma, after, eol }
}

/// Appends `items` (code) after `last`, the last element of a sequence
/// whose opening (bracket or call) is on row `head_row`. `container` is
/// where the sequence starts, for the one-line reflow.
pub(crate) fn append_after(
    doc: &Document,
    last: Node<'_>,
    head_row: usize,
    items: &[String],
    container: usize,
) -> Plan {
    let src = doc.text();
    let t = tail(src, last.end_byte());
    let multiline = last.start_position().row > head_row;
    if !multiline {
        let text: String = items
            .iter()
            .map(|i| format!(", {}", indent_rest(i, "")))
            .collect();
        return Plan::Edit {
            splices: vec![Splice::insert(last.end_byte(), text)],
            reflow: Some(Anchor::Old(container)),
        };
    }
    let indent = indent_at(src, last.start_byte()).to_string();
    let mut body = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            body.push(',');
        }
        body.push('\n');
        body.push_str(&indent);
        body.push_str(&indent_rest(item, &indent));
    }
    if t.comma {
        body.push(',');
    }
    let splices = if t.eol {
        let eol = line_end(src, t.after);
        let mut s = Vec::new();
        if !t.comma {
            s.push(Splice::insert(last.end_byte(), ","));
        }
        s.push(Splice::insert(eol, body));
        s
    } else if t.comma {
        vec![Splice::insert(t.after, body)]
    } else {
        vec![Splice::insert(last.end_byte(), format!(",{body}"))]
    };
    Plan::Edit {
        splices,
        reflow: None,
    }
}

/// Appends `items` to a list literal.
pub(crate) fn list_append(doc: &Document, list: Node<'_>, items: &[String]) -> Plan {
    let elems = syntax::list_elems(list);
    match elems.last() {
        Some(last) => append_after(
            doc,
            *last,
            list.start_position().row,
            items,
            list.start_byte(),
        ),
        None => fill_empty_list(doc, list, items),
    }
}

fn fill_empty_list(doc: &Document, list: Node<'_>, items: &[String]) -> Plan {
    let src = doc.text();
    let open = list.start_byte() + 1;
    let close = list.end_byte() - 1;
    let multiline = list.end_position().row > list.start_position().row;
    if multiline && first_on_line(src, close) {
        // `[\n  # comment\n]`: new lines just above the bracket.
        let comment = kids_with_comments(list)
            .into_iter()
            .find(|n| n.kind() == "comment");
        let indent = match comment {
            Some(c) => indent_at(src, c.start_byte()).to_string(),
            None => deeper(indent_at(src, close)),
        };
        let mut text = String::new();
        for (i, item) in items.iter().enumerate() {
            text.push_str(&indent);
            text.push_str(&indent_rest(item, &indent));
            if i + 1 < items.len() {
                text.push(',');
            }
            text.push('\n');
        }
        return Plan::insert(line_start(src, close), text);
    }
    let text = items
        .iter()
        .map(|i| indent_rest(i, ""))
        .collect::<Vec<_>>()
        .join(", ");
    Plan::Edit {
        splices: vec![Splice::replace(open, close, text)],
        reflow: Some(Anchor::Old(list.start_byte())),
    }
}

fn kids_with_comments(node: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).collect()
}

/// Inserts `items` before element number `index` (> 0 or not) of a list.
pub(crate) fn list_insert_before(
    doc: &Document,
    list: Node<'_>,
    index: usize,
    items: &[String],
) -> Plan {
    let src = doc.text();
    let elems = syntax::list_elems(list);
    let target = elems[index];
    let indent = indent_at(src, target.start_byte()).to_string();
    let prev_row = if index == 0 {
        list.start_position().row
    } else {
        elems[index - 1].end_position().row
    };
    if target.start_position().row == prev_row {
        let text: String = items
            .iter()
            .map(|i| format!("{}, ", indent_rest(i, "")))
            .collect();
        return Plan::Edit {
            splices: vec![Splice::insert(target.start_byte(), text)],
            reflow: Some(Anchor::Old(list.start_byte())),
        };
    }
    if index == 0 {
        let at = leading_comments_start(doc, target);
        let text: String = items
            .iter()
            .map(|i| format!("{indent}{},\n", indent_rest(i, &indent)))
            .collect();
        return Plan::insert(at, text);
    }
    let prev = elems[index - 1];
    let eol = line_end(src, prev.end_byte());
    let text: String = items
        .iter()
        .map(|i| format!("\n{indent}{},", indent_rest(i, &indent)))
        .collect();
    Plan::insert(eol, text)
}

/// Appends keyword pairs (`key: value` code) to a call whose arguments
/// end with `keywords`, or adds them after the last positional argument.
pub(crate) fn call_keywords_append(
    doc: &Document,
    call: Node<'_>,
    pairs: &[String],
) -> Option<Plan> {
    let args_node = syntax::arguments_node(call)?;
    let args = kids(args_node);
    let last = *args.last()?;
    let head_row = call.start_position().row;
    if last.kind() == "keywords" {
        let last_pair = *syntax::pairs(last).last()?;
        Some(append_after(
            doc,
            last_pair,
            head_row,
            pairs,
            args_node.start_byte(),
        ))
    } else {
        let text: String = pairs
            .iter()
            .map(|p| format!(", {}", indent_rest(p, "")))
            .collect();
        Some(Plan::Edit {
            splices: vec![Splice::insert(last.end_byte(), text)],
            reflow: Some(Anchor::Old(args_node.start_byte())),
        })
    }
}

/// Start of the line of the first comment line directly above `node`
/// (no blank line between), or of `node`'s own line.
pub(crate) fn leading_comments_start(doc: &Document, node: Node<'_>) -> usize {
    let src = doc.text();
    let root = doc.root();
    let mut start = line_start(src, node.start_byte());
    while start > 0 {
        let prev = line_start(src, start - 1);
        let line = &src[prev..start];
        let trimmed = line.trim_start_matches([' ', '\t']);
        if !trimmed.starts_with('#') {
            break;
        }
        let hash = prev + (line.len() - trimmed.len());
        let is_comment = root
            .descendant_for_byte_range(hash, hash + 1)
            .is_some_and(|n| n.kind() == "comment");
        if !is_comment {
            break;
        }
        start = prev;
    }
    start
}

/// A statement inserted after `after` (an item of a block or of the file),
/// at the end of its last line, with a blank line before when `blank`.
pub(crate) fn statement_after(doc: &Document, after: Node<'_>, code: &str, blank: bool) -> Splice {
    let src = doc.text();
    let indent = indent_at(src, after.start_byte()).to_string();
    let eol = line_end(src, after.end_byte());
    let rest = src[after.end_byte()..eol].trim_start();
    // After a trailing comment; but right after the statement when more
    // code follows on its line (`end end`, `a; b`).
    let pos = if rest.is_empty() || rest.starts_with('#') {
        eol
    } else {
        after.end_byte()
    };
    let gap = if blank { "\n\n" } else { "\n" };
    Splice::insert(pos, format!("{gap}{indent}{}", indent_rest(code, &indent)))
}

/// A statement inserted before `before` and the comments directly above
/// it, followed by a blank line when `blank`.
pub(crate) fn statement_before(
    doc: &Document,
    before: Node<'_>,
    code: &str,
    blank: bool,
) -> Splice {
    let src = doc.text();
    let indent = indent_at(src, before.start_byte()).to_string();
    if !first_on_line(src, before.start_byte()) {
        let gap = if blank { "\n\n" } else { "\n" };
        return Splice::insert(
            before.start_byte(),
            format!("{}{gap}{indent}", indent_rest(code, &indent)),
        );
    }
    let pos = leading_comments_start(doc, before);
    let gap = if blank { "\n\n" } else { "\n" };
    Splice::insert(pos, format!("{indent}{}{gap}", indent_rest(code, &indent)))
}

/// A statement inserted into a `do` block with no expressions (comments
/// allowed), one level deeper than its `end`.
pub(crate) fn statement_into_empty(doc: &Document, block: Node<'_>, code: &str) -> Option<Splice> {
    let src = doc.text();
    let end = block_end(block)?;
    if first_on_line(src, end.start_byte()) && end.start_position().row > block.start_position().row
    {
        let comment = kids_with_comments(block)
            .into_iter()
            .find(|n| n.kind() == "comment");
        let indent = match comment {
            Some(c) => indent_at(src, c.start_byte()).to_string(),
            None => deeper(indent_at(src, end.start_byte())),
        };
        Some(Splice::insert(
            line_start(src, end.start_byte()),
            format!("{indent}{}\n", indent_rest(code, &indent)),
        ))
    } else {
        // `do end` on one line: open it up.
        let do_tok = syntax::block_do(block)?;
        if !src[do_tok.end_byte()..end.start_byte()].trim().is_empty() {
            return None;
        }
        let outer = indent_at(src, end.start_byte()).to_string();
        let indent = deeper(&outer);
        Some(Splice::replace(
            do_tok.end_byte(),
            end.start_byte(),
            format!("\n{indent}{}\n{outer}", indent_rest(code, &indent)),
        ))
    }
}

/// Appends a statement at the end of a `do` block: after its last
/// expression (blank line before when `blank`), or into the empty block.
pub(crate) fn statement_at_end(
    doc: &Document,
    block: Node<'_>,
    code: &str,
    blank: bool,
) -> Option<Splice> {
    match block_items(block).last() {
        Some(last) => Some(statement_after(doc, *last, code, blank)),
        None => statement_into_empty(doc, block, code),
    }
}
