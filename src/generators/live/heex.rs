//! HEEx laid out the way `Phoenix.LiveView.HTMLFormatter` lays it out.
//!
//! Generated `~H` templates are built as a small tree of [`Node`]s and
//! printed here, so the result is what `mix format` (with the HEEx plugin)
//! leaves unchanged:
//!
//! - two spaces per nesting level; the line width (98) is measured from
//!   the start of the template, not from the `~H` sigil's column, because
//!   the formatter formats the template on its own and indents it after;
//! - an opening tag with several attributes stays on one line when it
//!   fits, otherwise every attribute goes on its own line and `>` (or
//!   `/>`) on a line of its own; a tag with one attribute never breaks;
//! - `:let`, `:for` and `:if` come first, other attributes keep their
//!   order;
//! - an element whose only child is a short text or `{expression}` stays
//!   on one line when the whole element fits; an element printed with its
//!   children on separate lines stays that way (the formatter keeps
//!   intentional line breaks).

/// The formatter's default line width.
pub const WIDTH: usize = 98;

/// An attribute of a tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attr {
    /// `name="value"` (the value must not contain `"`).
    Str(String, String),
    /// `name={expression}`
    Expr(String, String),
    /// A bare attribute: `hidden`.
    Bare(String),
    /// `{@rest}`: attributes spread from an expression.
    Spread(String),
}

impl Attr {
    /// `name="value"`
    pub fn str(name: impl Into<String>, value: impl Into<String>) -> Attr {
        Attr::Str(name.into(), value.into())
    }

    /// `name={expression}`
    pub fn expr(name: impl Into<String>, expr: impl Into<String>) -> Attr {
        Attr::Expr(name.into(), expr.into())
    }

    fn name(&self) -> &str {
        match self {
            Attr::Str(n, _) | Attr::Expr(n, _) | Attr::Bare(n) => n,
            Attr::Spread(_) => "",
        }
    }

    fn order(&self) -> u8 {
        match self.name() {
            ":let" => 1,
            ":for" => 2,
            ":if" => 3,
            _ => 4,
        }
    }

    fn flat(&self) -> String {
        match self {
            Attr::Str(n, v) => format!("{n}=\"{v}\""),
            Attr::Expr(n, e) => format!("{n}={{{e}}}"),
            Attr::Bare(n) => n.clone(),
            Attr::Spread(e) => format!("{{{e}}}"),
        }
    }

    /// The attribute on its own line at `col` (relative) with `pad`
    /// leading spaces: an expression that does not fit moves inside the
    /// braces, one level deeper.
    fn broken(&self, col: usize, pad: &str) -> String {
        let flat = self.flat();
        match self {
            Attr::Expr(n, e) if col + flat.len() > WIDTH => {
                format!("{pad}{n}={{\n{pad}  {e}\n{pad}}}")
            }
            _ => format!("{pad}{flat}"),
        }
    }
}

fn sorted(attrs: &[Attr]) -> Vec<Attr> {
    let mut out = attrs.to_vec();
    out.sort_by_key(Attr::order);
    out
}

/// A piece of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// `<name attrs>children</name>`
    Element {
        /// Tag name: `div`, `.input`, `:col`, `Layouts.app`.
        name: String,
        /// Attributes.
        attrs: Vec<Attr>,
        /// Children.
        children: Vec<Node>,
        /// Whether a single short child may share the tag's line.
        inline: bool,
    },
    /// `<name attrs />`
    SelfClosing {
        /// Tag name.
        name: String,
        /// Attributes.
        attrs: Vec<Attr>,
    },
    /// A line of text or a `{expression}`.
    Text(String),
    /// A blank line between two siblings.
    Blank,
}

impl Node {
    /// An element with children.
    pub fn el(name: impl Into<String>, attrs: Vec<Attr>, children: Vec<Node>) -> Node {
        Node::Element {
            name: name.into(),
            attrs,
            children,
            inline: true,
        }
    }

    /// An element whose children always go on their own lines.
    pub fn block(name: impl Into<String>, attrs: Vec<Attr>, children: Vec<Node>) -> Node {
        Node::Element {
            name: name.into(),
            attrs,
            children,
            inline: false,
        }
    }

    /// A self-closing tag.
    pub fn void(name: impl Into<String>, attrs: Vec<Attr>) -> Node {
        Node::SelfClosing {
            name: name.into(),
            attrs,
        }
    }

    /// A line of text (or `{expression}`).
    pub fn text(text: impl Into<String>) -> Node {
        Node::Text(text.into())
    }
}

/// Prints `nodes` at nesting level 0 with `base` extra spaces of
/// indentation on every line (the column of the `~H` content in the Elixir
/// file). Every line ends with a newline.
pub fn render(nodes: &[Node], base: usize) -> String {
    let mut out = String::new();
    for node in nodes {
        print_node(node, 0, base, &mut out);
    }
    out
}

fn line(out: &mut String, base: usize, col: usize, text: &str) {
    for l in text.split('\n') {
        if l.is_empty() {
            out.push('\n');
            continue;
        }
        out.push_str(&" ".repeat(base));
        if !l.starts_with(' ') {
            out.push_str(&" ".repeat(col));
        }
        out.push_str(l);
        out.push('\n');
    }
}

/// The opening tag on one line.
fn flat_open(name: &str, attrs: &[Attr], close: &str) -> String {
    let mut s = format!("<{name}");
    for a in sorted(attrs) {
        s.push(' ');
        s.push_str(&a.flat());
    }
    s.push_str(close);
    s
}

/// The opening tag at relative column `col`, as lines already padded for
/// `col` (continuation lines carry their own indentation).
fn open_tag(name: &str, attrs: &[Attr], col: usize, self_close: bool) -> String {
    let close = if self_close { " />" } else { ">" };
    let flat = flat_open(name, attrs, close);
    if attrs.len() <= 1 {
        return match attrs.first() {
            Some(Attr::Expr(n, e)) if col + flat.len() > WIDTH => {
                let pad = " ".repeat(col);
                format!("<{name} {n}={{\n{pad}  {e}\n{pad}}}{close}")
            }
            _ => flat,
        };
    }
    if col + flat.len() <= WIDTH {
        return flat;
    }
    let pad = " ".repeat(col + 2);
    let mut s = format!("<{name}");
    for a in sorted(attrs) {
        s.push('\n');
        s.push_str(&a.broken(col + 2, &pad));
    }
    s.push('\n');
    s.push_str(&" ".repeat(col));
    s.push_str(if self_close { "/>" } else { ">" });
    s
}

/// The single-line form of a node, when it has one.
fn flat_node(node: &Node) -> Option<String> {
    match node {
        Node::Text(t) => Some(t.clone()),
        Node::SelfClosing { name, attrs } => Some(flat_open(name, attrs, " />")),
        Node::Element { .. } | Node::Blank => None,
    }
}

fn print_node(node: &Node, depth: usize, base: usize, out: &mut String) {
    let col = depth * 2;
    match node {
        Node::Blank => out.push('\n'),
        Node::Text(t) => line(out, base, col, t),
        Node::SelfClosing { name, attrs } => {
            let tag = open_tag(name, attrs, col, true);
            line(out, base, col, &tag);
        }
        Node::Element {
            name,
            attrs,
            children,
            inline,
        } => {
            // A single short child stays on the tag's line when it all fits.
            if let (true, [only]) = (*inline, children.as_slice()) {
                if let Some(child) = flat_node(only) {
                    let open = flat_open(name, attrs, ">");
                    let whole = format!("{open}{child}</{name}>");
                    if col + whole.len() <= WIDTH {
                        line(out, base, col, &whole);
                        return;
                    }
                }
            }
            if children.is_empty() {
                let open = open_tag(name, attrs, col, false);
                line(out, base, col, &format!("{open}</{name}>"));
                return;
            }
            let open = open_tag(name, attrs, col, false);
            line(out, base, col, &open);
            for child in children {
                print_node(child, depth + 1, base, out);
            }
            line(out, base, col, &format!("</{name}>"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_leaf_stays_inline() {
        let n = Node::el(
            ":col",
            vec![
                Attr::str("label", "Title"),
                Attr::expr(":let", "{_id, post}"),
            ],
            vec![Node::text("{post.title}")],
        );
        assert_eq!(
            render(&[n], 4),
            "    <:col :let={{_id, post}} label=\"Title\">{post.title}</:col>\n"
        );
    }

    #[test]
    fn long_tag_breaks_attributes() {
        let n = Node::void(
            ".input",
            vec![
                Attr::expr("field", "@form[:a_rather_long_field_name_for_testing]"),
                Attr::str("type", "datetime-local"),
                Attr::str("label", "A rather long field name for testing layout"),
            ],
        );
        let text = render(&[n], 0);
        assert_eq!(
            text,
            "<.input\n  field={@form[:a_rather_long_field_name_for_testing]}\n  type=\"datetime-local\"\n  label=\"A rather long field name for testing layout\"\n/>\n"
        );
    }

    #[test]
    fn containers_break_children() {
        let n = Node::el(
            "div",
            vec![Attr::str("class", "x")],
            vec![
                Node::text("{@title}"),
                Node::Blank,
                Node::void(".icon", vec![Attr::str("name", "hero-plus")]),
            ],
        );
        assert_eq!(
            render(&[n], 2),
            "  <div class=\"x\">\n    {@title}\n\n    <.icon name=\"hero-plus\" />\n  </div>\n"
        );
    }

    #[test]
    fn long_leaf_breaks() {
        let text = "Use this form to manage product category assignment records in your database.";
        let n = Node::el(
            "div",
            vec![],
            vec![Node::el(":subtitle", vec![], vec![Node::text(text)])],
        );
        let out = render(&[n], 0);
        assert!(
            out.contains(&format!("<:subtitle>\n    {text}\n  </:subtitle>")),
            "{out}"
        );
    }
}
