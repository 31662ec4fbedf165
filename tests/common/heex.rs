//! A HEEx well-formedness checker for tests.
//!
//! Checks a `~H` template the way compiling it would fail, without
//! Phoenix: tags are balanced (void elements and self-closing tags need no
//! end tag; `<.component>`, `<Remote.component>` and `<:slot>` tags are
//! tags like any other), `{...}` expressions and `"..."` values are closed,
//! every `@assign` read in an expression is declared, and every use of a
//! known component passes only attributes and slots it declares (or that
//! its `:global` attribute accepts) and every required one.
//!
//! Components are learned from Elixir source (`attr`/`slot` declarations
//! before `def name(assigns)`), e.g. the fixture's `core_components.ex`
//! and `layouts.ex`. Each problem is one string; an empty result means the
//! template is well formed as far as the checker can tell.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};

/// Elements that never have an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Attributes every HTML element (and a `:global` component attribute) takes.
const GLOBALS: &[&str] = &[
    "accesskey",
    "alt",
    "autocapitalize",
    "autofocus",
    "class",
    "contenteditable",
    "contextmenu",
    "dir",
    "draggable",
    "enterkeyhint",
    "exportparts",
    "height",
    "hidden",
    "id",
    "inputmode",
    "is",
    "itemid",
    "itemprop",
    "itemref",
    "itemscope",
    "itemtype",
    "lang",
    "nonce",
    "part",
    "placeholder",
    "rel",
    "role",
    "slot",
    "spellcheck",
    "style",
    "tabindex",
    "target",
    "title",
    "translate",
    "type",
    "width",
];

/// Components of `Phoenix.Component` itself: any attribute is accepted.
const BUILTIN: &[&str] = &[
    "link",
    "form",
    "inputs_for",
    "live_component",
    "live_title",
    "live_file_input",
    "live_img_preview",
    "focus_wrap",
    "dynamic_tag",
    "intersperse",
    "async_result",
    "portal",
];

/// What a component declares.
#[derive(Debug, Clone, Default)]
pub struct Component {
    /// Attribute name → required.
    pub attrs: BTreeMap<String, bool>,
    /// `include:` of the global attribute, when it has one.
    pub global: Option<Vec<String>>,
    /// Slot name → (required, declared slot attributes).
    pub slots: BTreeMap<String, (bool, Vec<String>)>,
}

/// Components by the name used in templates: `header` for `<.header>`,
/// `Layouts.app` for `<Layouts.app>`.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    pub components: BTreeMap<String, Component>,
}

impl Registry {
    /// Learns the components declared in `source`. Local names are
    /// registered as is; with `remote`, also as `remote.name`.
    pub fn learn(&mut self, source: &str, remote: Option<&str>) {
        for (name, component) in declared_components(source) {
            if let Some(r) = remote {
                self.components
                    .insert(format!("{r}.{name}"), component.clone());
            }
            self.components.insert(name, component);
        }
    }
}

/// `attr`/`slot` declarations grouped by the function they precede.
pub fn declared_components(source: &str) -> Vec<(String, Component)> {
    let mut out = Vec::new();
    let mut current = Component::default();
    let mut pending = false;
    let mut slot_open: Option<String> = None;
    let lines: Vec<&str> = source.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        // Join continuation lines of a declaration (options one per line).
        let mut decl = line.to_string();
        if line.starts_with("attr ") || line.starts_with("slot ") {
            let open = |d: &str| d.matches(['(', '[']).count() > d.matches([')', ']']).count();
            while decl.ends_with(',') || decl.ends_with(':') || open(&decl) {
                i += 1;
                if i >= lines.len() {
                    break;
                }
                decl.push(' ');
                decl.push_str(lines[i].trim());
            }
        }
        if let Some(rest) = decl.strip_prefix("attr :") {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '?')
                .collect();
            let required = decl.contains("required: true");
            match &slot_open {
                Some(slot) => {
                    if let Some(s) = current.slots.get_mut(slot) {
                        s.1.push(name);
                    }
                }
                None => {
                    if decl.contains(", :global") {
                        let include = decl
                            .split("include: ~w(")
                            .nth(1)
                            .and_then(|r| r.split(')').next())
                            .map(|w| w.split_whitespace().map(str::to_string).collect())
                            .unwrap_or_default();
                        current.global = Some(include);
                    }
                    current.attrs.insert(name, required);
                }
            }
            pending = true;
        } else if let Some(rest) = decl.strip_prefix("slot :") {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            current
                .slots
                .insert(name.clone(), (decl.contains("required: true"), Vec::new()));
            if decl.ends_with(" do") {
                slot_open = Some(name);
            }
            pending = true;
        } else if line == "end" && slot_open.is_some() {
            slot_open = None;
        } else if let Some(rest) = line
            .strip_prefix("def ")
            .or_else(|| line.strip_prefix("defp "))
        {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if pending {
                out.push((name, std::mem::take(&mut current)));
                pending = false;
            } else if !out.iter().any(|(n, _)| *n == name)
                && rest[name.len()..].starts_with("(assigns)")
            {
                out.push((name, Component::default()));
            }
        }
        i += 1;
    }
    out
}

/// A `~H"""` template found in Elixir source.
#[derive(Debug, Clone)]
pub struct Template {
    /// The function it is in (`render`, `card`, `test`...).
    pub function: String,
    /// 1-based line of the `~H"""`.
    pub line: usize,
    /// The template text, without the common indentation.
    pub text: String,
}

/// Every `~H"""..."""` template in `source`.
pub fn templates(source: &str) -> Vec<Template> {
    let lines: Vec<&str> = source.lines().collect();
    let mut out = Vec::new();
    let mut function = String::new();
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].trim_start();
        if let Some(rest) = t.strip_prefix("def ").or_else(|| t.strip_prefix("defp ")) {
            function = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
        } else if let Some(rest) = t.strip_prefix("test \"") {
            function = format!("test {}", rest.split('"').next().unwrap_or(""));
        }
        if lines[i].contains("~H\"\"\"") {
            let start = i + 1;
            let mut j = start;
            while j < lines.len() && !lines[j].trim_start().starts_with("\"\"\"") {
                j += 1;
            }
            let indent = lines
                .get(j)
                .map(|l| l.len() - l.trim_start().len())
                .unwrap_or(0);
            let text: Vec<&str> = lines[start..j.min(lines.len())]
                .iter()
                .map(|l| {
                    if l.len() >= indent {
                        &l[indent..]
                    } else {
                        l.trim_start()
                    }
                })
                .collect();
            out.push(Template {
                function: function.clone(),
                line: i + 1,
                text: text.join("\n"),
            });
            i = j;
        }
        i += 1;
    }
    out
}

/// Assigns a LiveView module sets: `assign(:x, ...)`, `assign(socket, :x,
/// ...)`, `assign(x: ...)`, `assign_new(:x, ...)`, `stream(:x, ...)`
/// (which provides `@streams`), plus `flash` and `live_action`, which every
/// LiveView has.
pub fn liveview_assigns(source: &str) -> Vec<String> {
    let mut out: BTreeSet<String> = ["flash", "live_action"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let bytes = source;
    for (pat, streams) in [
        ("assign(:", false),
        ("assign(socket, :", false),
        ("assign_new(:", false),
        ("stream(:", true),
        ("stream(socket, :", true),
    ] {
        for (pos, _) in bytes.match_indices(pat) {
            if streams {
                out.insert("streams".into());
                continue;
            }
            let name: String = bytes[pos + pat.len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    for (pos, _) in bytes.match_indices("assign(socket, ") {
        let rest = &bytes[pos + "assign(socket, ".len()..];
        if rest.starts_with(':') {
            continue;
        }
        for part in rest.split(')').next().unwrap_or("").split(',') {
            if let Some((k, _)) = part.split_once(':') {
                let k = k.trim();
                if !k.is_empty() && k.chars().all(|c| c.is_alphanumeric() || c == '_') {
                    out.insert(k.to_string());
                }
            }
        }
    }
    out.into_iter().collect()
}

#[derive(Debug)]
struct OpenTag {
    name: String,
    line: usize,
    slots: Vec<String>,
    has_content: bool,
}

/// Checks one template. `assigns` are the assigns the template may read.
pub fn check(template: &str, assigns: &[String], registry: &Registry) -> Vec<String> {
    let mut problems = Vec::new();
    let chars: Vec<char> = template.chars().collect();
    let mut i = 0;
    let mut line = 1;
    let mut stack: Vec<OpenTag> = Vec::new();
    let declared: BTreeSet<&str> = assigns.iter().map(String::as_str).collect();
    let mut used: Vec<(String, usize)> = Vec::new();

    let mark_content = |stack: &mut Vec<OpenTag>| {
        if let Some(top) = stack.last_mut() {
            top.has_content = true;
        }
    };

    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
            continue;
        }
        if c == '{' {
            match expression(&chars, i) {
                Ok((end, expr)) => {
                    collect_assigns(&expr, line, &mut used);
                    line += expr.matches('\n').count();
                    mark_content(&mut stack);
                    i = end;
                }
                Err(e) => {
                    problems.push(format!("line {line}: {e}"));
                    return problems;
                }
            }
            continue;
        }
        if c == '<' && chars.get(i + 1) == Some(&'%') {
            let rest: String = chars[i..].iter().collect();
            let Some(end) = rest.find("%>") else {
                problems.push(format!("line {line}: `<%` is never closed"));
                return problems;
            };
            let inner = &rest[2..end];
            collect_assigns(inner, line, &mut used);
            line += inner.matches('\n').count();
            mark_content(&mut stack);
            i += end + 2;
            continue;
        }
        if c == '<' && chars[i..].starts_with(&['<', '!', '-', '-']) {
            let rest: String = chars[i..].iter().collect();
            let Some(end) = rest.find("-->") else {
                problems.push(format!("line {line}: HTML comment is never closed"));
                return problems;
            };
            line += rest[..end].matches('\n').count();
            i += end + 3;
            continue;
        }
        if c == '<' {
            // A tag.
            let closing = chars.get(i + 1) == Some(&'/');
            let mut j = i + if closing { 2 } else { 1 };
            let name: String = chars[j..]
                .iter()
                .take_while(|c| c.is_alphanumeric() || matches!(c, '.' | ':' | '-' | '_'))
                .collect();
            if name.is_empty() {
                problems.push(format!(
                    "line {line}: `<` that does not start a tag (write &lt;)"
                ));
                i += 1;
                continue;
            }
            j += name.chars().count();
            if closing {
                while j < chars.len() && chars[j].is_whitespace() {
                    j += 1;
                }
                if chars.get(j) != Some(&'>') {
                    problems.push(format!("line {line}: malformed closing tag </{name}"));
                    return problems;
                }
                match stack.pop() {
                    Some(open) if open.name == name => {
                        finish_component(&open, registry, &mut problems);
                        mark_content(&mut stack);
                    }
                    Some(open) => {
                        problems.push(format!(
                            "line {line}: </{name}> closes <{}> opened on line {}",
                            open.name, open.line
                        ));
                        return problems;
                    }
                    None => {
                        problems.push(format!("line {line}: </{name}> has no opening tag"));
                        return problems;
                    }
                }
                i = j + 1;
                continue;
            }
            // Attributes.
            let start_line = line;
            let mut attrs: Vec<String> = Vec::new();
            let mut spread = false;
            let mut self_close = false;
            loop {
                while j < chars.len() && chars[j].is_whitespace() {
                    if chars[j] == '\n' {
                        line += 1;
                    }
                    j += 1;
                }
                if j >= chars.len() {
                    problems.push(format!(
                        "line {start_line}: <{name} is never closed with `>`"
                    ));
                    return problems;
                }
                if chars[j] == '>' {
                    j += 1;
                    break;
                }
                if chars[j] == '/' && chars.get(j + 1) == Some(&'>') {
                    self_close = true;
                    j += 2;
                    break;
                }
                if chars[j] == '{' {
                    match expression(&chars, j) {
                        Ok((end, expr)) => {
                            collect_assigns(&expr, line, &mut used);
                            line += expr.matches('\n').count();
                            spread = true;
                            j = end;
                        }
                        Err(e) => {
                            problems.push(format!("line {line}: {e}"));
                            return problems;
                        }
                    }
                    continue;
                }
                let attr: String = chars[j..]
                    .iter()
                    .take_while(|c| !c.is_whitespace() && !matches!(c, '=' | '>' | '/' | '{' | '"'))
                    .collect();
                if attr.is_empty() {
                    problems.push(format!(
                        "line {line}: unexpected `{}` in <{name}>",
                        chars[j]
                    ));
                    return problems;
                }
                j += attr.chars().count();
                if chars.get(j) == Some(&'=') {
                    j += 1;
                    match chars.get(j) {
                        Some('"') => {
                            let Some(end) = chars[j + 1..].iter().position(|c| *c == '"') else {
                                problems.push(format!(
                                    "line {line}: the value of {attr} is never closed"
                                ));
                                return problems;
                            };
                            j += end + 2;
                        }
                        Some('{') => match expression(&chars, j) {
                            Ok((end, expr)) => {
                                collect_assigns(&expr, line, &mut used);
                                line += expr.matches('\n').count();
                                j = end;
                            }
                            Err(e) => {
                                problems.push(format!("line {line}: {e}"));
                                return problems;
                            }
                        },
                        _ => {
                            problems.push(format!(
                                "line {line}: {attr}= needs a \"value\" or a {{expression}}"
                            ));
                            return problems;
                        }
                    }
                }
                if attrs.contains(&attr) {
                    problems.push(format!("line {line}: <{name}> has {attr} twice"));
                }
                attrs.push(attr);
            }
            check_attrs(&name, &attrs, spread, registry, start_line, &mut problems);
            if let Some(slot) = name.strip_prefix(':') {
                match stack.last_mut() {
                    Some(parent) if is_component(&parent.name) => {
                        parent.slots.push(slot.to_string())
                    }
                    _ => problems.push(format!(
                        "line {start_line}: <:{slot}> is not directly inside a component"
                    )),
                }
            } else {
                mark_content(&mut stack);
            }
            let void = VOID.contains(&name.as_str());
            if !(self_close || void) {
                stack.push(OpenTag {
                    name: name.clone(),
                    line: start_line,
                    slots: Vec::new(),
                    has_content: false,
                });
            } else if self_close && is_component(&name) {
                finish_component(
                    &OpenTag {
                        name: name.clone(),
                        line: start_line,
                        slots: Vec::new(),
                        has_content: false,
                    },
                    registry,
                    &mut problems,
                );
            }
            i = j;
            continue;
        }
        if !c.is_whitespace() {
            mark_content(&mut stack);
        }
        i += 1;
    }
    for open in &stack {
        problems.push(format!(
            "line {}: <{}> is never closed",
            open.line, open.name
        ));
    }
    for (assign, at) in used {
        if !declared.contains(assign.as_str()) {
            problems.push(format!(
                "line {at}: @{assign} is not a declared attr, slot or assign"
            ));
        }
    }
    problems
}

fn is_component(name: &str) -> bool {
    name.starts_with('.') || name.starts_with(|c: char| c.is_ascii_uppercase())
}

fn component_key(name: &str) -> &str {
    name.strip_prefix('.').unwrap_or(name)
}

fn global_ok(attr: &str, include: &[String]) -> bool {
    attr.starts_with("phx-")
        || attr.starts_with("aria-")
        || attr.starts_with("data-")
        || GLOBALS.contains(&attr)
        || attr.starts_with("on")
        || include.iter().any(|i| i == attr)
}

fn check_attrs(
    name: &str,
    attrs: &[String],
    spread: bool,
    registry: &Registry,
    line: usize,
    problems: &mut Vec<String>,
) {
    if !is_component(name) {
        return;
    }
    let key = component_key(name);
    if BUILTIN.contains(&key) {
        return;
    }
    let Some(component) = registry.components.get(key) else {
        return;
    };
    for attr in attrs {
        if matches!(attr.as_str(), ":if" | ":for" | ":key" | ":let") {
            continue;
        }
        if component.attrs.contains_key(attr) {
            continue;
        }
        match &component.global {
            Some(include) if global_ok(attr, include) => {}
            _ => problems.push(format!(
                "line {line}: <{name}> does not declare attr {attr}"
            )),
        }
    }
    if !spread {
        for (attr, required) in &component.attrs {
            if *required && !attrs.contains(attr) {
                problems.push(format!(
                    "line {line}: <{name}> misses the required attr {attr}"
                ));
            }
        }
    }
}

fn finish_component(open: &OpenTag, registry: &Registry, problems: &mut Vec<String>) {
    if !is_component(&open.name) {
        return;
    }
    let key = component_key(&open.name);
    if BUILTIN.contains(&key) {
        return;
    }
    let Some(component) = registry.components.get(key) else {
        return;
    };
    for slot in &open.slots {
        if !component.slots.contains_key(slot) {
            problems.push(format!(
                "line {}: <{}> has no slot :{slot}",
                open.line, open.name
            ));
        }
    }
    for (slot, (required, _)) in &component.slots {
        if !*required {
            continue;
        }
        let given = if slot == "inner_block" {
            open.has_content
        } else {
            open.slots.contains(slot)
        };
        if !given {
            problems.push(format!(
                "line {}: <{}> misses the required slot :{slot}",
                open.line, open.name
            ));
        }
    }
}

/// Reads a `{...}` expression starting at `start`; returns the index after
/// the closing brace and the expression text.
fn expression(chars: &[char], start: usize) -> Result<(usize, String), String> {
    let mut depth = 0usize;
    let mut i = start;
    let mut in_string: Option<char> = None;
    let mut interp_depth: Vec<usize> = Vec::new();
    while i < chars.len() {
        let c = chars[i];
        if let Some(q) = in_string {
            if c == '\\' {
                i += 2;
                continue;
            }
            if c == '#' && chars.get(i + 1) == Some(&'{') {
                interp_depth.push(depth);
                in_string = None;
                depth += 1;
                i += 2;
                continue;
            }
            if c == q {
                in_string = None;
            }
            i += 1;
            continue;
        }
        match c {
            '"' => in_string = Some('"'),
            '{' | '[' | '(' => depth += 1,
            '}' | ']' | ')' => {
                if depth == 0 {
                    return Err(format!("unbalanced `{c}` in an expression"));
                }
                depth -= 1;
                if c == '}' && interp_depth.last() == Some(&depth) {
                    interp_depth.pop();
                    in_string = Some('"');
                } else if depth == 0 {
                    let text: String = chars[start + 1..i].iter().collect();
                    return Ok((i + 1, text));
                }
            }
            _ => {}
        }
        i += 1;
    }
    Err("an expression `{...}` is never closed".to_string())
}

/// `@name` reads in an expression, outside string literals.
fn collect_assigns(expr: &str, line: usize, out: &mut Vec<(String, usize)>) {
    let chars: Vec<char> = expr.chars().collect();
    let mut in_string = false;
    let mut i = 0;
    let mut l = line;
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            l += 1;
        }
        if in_string {
            if c == '\\' {
                i += 2;
                continue;
            }
            if c == '#' && chars.get(i + 1) == Some(&'{') {
                // Interpolation: code again, up to the matching brace.
                let mut depth = 0;
                let mut j = i + 1;
                while j < chars.len() {
                    match chars[j] {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                let inner: String = chars[i + 2..j.min(chars.len())].iter().collect();
                collect_assigns(&inner, l, out);
                i = j + 1;
                continue;
            }
            if c == '"' {
                in_string = false;
            }
            i += 1;
            continue;
        }
        if c == '"' {
            in_string = true;
        } else if c == '@' {
            let name: String = chars[i + 1..]
                .iter()
                .take_while(|c| c.is_alphanumeric() || **c == '_')
                .collect();
            if !name.is_empty() && name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_') {
                out.push((name, l));
            }
        }
        i += 1;
    }
}

/// Checks every template of an Elixir source file: function components
/// against their own declarations, `render/1` against `assigns`.
pub fn check_source(source: &str, render_assigns: &[String], registry: &Registry) -> Vec<String> {
    let own = declared_components(source);
    let mut problems = Vec::new();
    for t in templates(source) {
        let assigns: Vec<String> = match own.iter().find(|(n, _)| *n == t.function) {
            Some((_, c)) if t.function != "render" => {
                c.attrs.keys().chain(c.slots.keys()).cloned().collect()
            }
            _ => render_assigns.to_vec(),
        };
        for p in check(&t.text, &assigns, registry) {
            problems.push(format!("~H at line {} ({}): {p}", t.line, t.function));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry() -> Registry {
        let mut r = Registry::default();
        r.learn(
            "attr :title, :string, required: true\nattr :rest, :global\nslot :inner_block, required: true\nslot :actions\ndef card(assigns) do\n",
            None,
        );
        r
    }

    #[test]
    fn accepts_a_well_formed_template() {
        let t = "<.card title={@title} data-x=\"1\">\n  <img src={@src} />\n  <br>\n  Text {@n}\n  <:actions>{render_slot(@actions)}</:actions>\n</.card>";
        let assigns: Vec<String> = ["title", "src", "n", "actions"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(check(t, &assigns, &registry()), Vec::<String>::new());
    }

    #[test]
    fn finds_the_problems() {
        let assigns = vec!["title".to_string()];
        let cases = [
            ("<div><p></div>", "closes <p>"),
            ("<div>", "never closed"),
            ("</div>", "no opening tag"),
            ("<p>{@title</p>", "never closed"),
            ("<p>{@other}</p>", "@other is not"),
            ("<.card>x</.card>", "required attr title"),
            (
                "<.card title=\"x\" bogus=\"1\">x</.card>",
                "does not declare attr bogus",
            ),
            (
                "<.card title=\"x\"><:nope>y</:nope>z</.card>",
                "no slot :nope",
            ),
            ("<.card title=\"x\" />", "required slot :inner_block"),
            ("<p class=\"x>y</p>", "never closed"),
            ("<:actions>x</:actions>", "not directly inside a component"),
        ];
        for (t, want) in cases {
            let problems = check(t, &assigns, &registry());
            assert!(
                problems.iter().any(|p| p.contains(want)),
                "{t}: {problems:?}"
            );
        }
    }

    #[test]
    fn strings_and_interpolation_do_not_confuse_it() {
        let t = "<p phx-click={JS.push(\"x\", value: %{id: \"}\"}) |> hide(\"##{@id}\")}>{\"@not_an_assign\"}</p>";
        assert_eq!(
            check(t, &["id".to_string()], &Registry::default()),
            Vec::<String>::new()
        );
    }
}
