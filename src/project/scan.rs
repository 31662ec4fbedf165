//! Read-only look-ups in Elixir project files (mix.exs, config.exs) used to
//! build the project model. Located on the syntax tree, never by regex.

use tree_sitter::{Node, Parser, Tree};

/// A parsed file for read-only queries.
pub(crate) struct Parsed<'a> {
    pub src: &'a str,
    pub tree: Tree,
}

impl<'a> Parsed<'a> {
    pub fn new(src: &'a str) -> Option<Parsed<'a>> {
        let mut parser = Parser::new();
        parser
            .set_language(&tree_sitter_elixir::LANGUAGE.into())
            .ok()?;
        let tree = parser.parse(src, None)?;
        Some(Parsed { src, tree })
    }

    pub fn has_errors(&self) -> bool {
        self.tree.root_node().has_error()
    }

    /// 1-based line of the first syntax error, if any.
    pub fn first_error_line(&self) -> Option<usize> {
        fn find(n: Node) -> Option<usize> {
            if n.is_error() || n.is_missing() {
                return Some(n.start_position().row + 1);
            }
            let mut c = n.walk();
            for child in n.children(&mut c) {
                if child.has_error() {
                    if let Some(l) = find(child) {
                        return Some(l);
                    }
                }
            }
            None
        }
        find(self.tree.root_node())
    }

    pub fn text(&self, n: Node) -> &'a str {
        &self.src[n.byte_range()]
    }

    /// Every `key: value` pair whose key is `key`, anywhere in `scope`.
    pub fn pairs<'t>(&self, scope: Node<'t>, key: &str) -> Vec<Node<'t>> {
        let mut out = Vec::new();
        self.walk(scope, &mut |n| {
            if n.kind() == "pair" {
                if let Some(k) = n.child_by_field_name("key") {
                    if self.text(k).trim_end().trim_end_matches(':') == key {
                        if let Some(v) = n.child_by_field_name("value") {
                            out.push(v);
                        }
                    }
                }
            }
        });
        out
    }

    /// The body of `def NAME do ... end` / `defp NAME do ... end` (or the
    /// `do:` value of the one-line form).
    pub fn function_body(&self, name: &str) -> Option<Node<'_>> {
        let mut found = None;
        self.walk(self.tree.root_node(), &mut |n| {
            if found.is_some() || n.kind() != "call" {
                return;
            }
            let Some(target) = n.child_by_field_name("target") else {
                return;
            };
            if !matches!(self.text(target), "def" | "defp") {
                return;
            }
            let Some(args) = (0..n.child_count())
                .filter_map(|i| n.child(i))
                .find(|c| c.kind() == "arguments")
            else {
                return;
            };
            let Some(first) = args.named_child(0) else {
                return;
            };
            let fname = match first.kind() {
                "identifier" => self.text(first),
                "call" => first
                    .child_by_field_name("target")
                    .map(|t| self.text(t))
                    .unwrap_or(""),
                _ => "",
            };
            if fname != name {
                return;
            }
            let block = (0..n.child_count())
                .filter_map(|i| n.child(i))
                .find(|c| c.kind() == "do_block");
            found = Some(block.unwrap_or(args));
        });
        found
    }

    pub fn walk<'t>(&self, n: Node<'t>, f: &mut dyn FnMut(Node<'t>)) {
        f(n);
        let mut c = n.walk();
        for child in n.named_children(&mut c) {
            self.walk(child, f);
        }
    }
}

/// The atom text without its colon (`:shop` → `shop`).
pub(crate) fn atom_name(text: &str) -> Option<&str> {
    let t = text.strip_prefix(':')?;
    (!t.is_empty() && !t.starts_with('"')).then_some(t)
}

/// The content of a simple string literal (`"~> 3.0"` → `~> 3.0`).
pub(crate) fn string_content(text: &str) -> Option<&str> {
    text.strip_prefix('"')?.strip_suffix('"')
}
