//! `scaffold live-component`: a function component (`Phoenix.Component`
//! with `attr`/`slot` declarations) or, with `--stateful`, a
//! `Phoenix.LiveComponent`, each with a test.
//!
//! The `~H` templates are built as a tree and printed by
//! [`super::live::heex`], so they come out the way the HEEx formatter
//! prints them. Every declared attribute and slot is rendered: text-like
//! attributes as elements, attributes with `values` and booleans as
//! `data-*` attributes of the root element (handy styling hooks), the
//! `:global` attribute spread on the root, lists and maps iterated, slots
//! through `render_slot/1`.

use serde::Serialize;

use super::live::code;
use super::live::heex::{self, Attr, Node};
use super::Context;
use crate::changes::ChangeSet;
use crate::error::{Error, Result};
use crate::spec::component::{AttrSpec, AttrType, AttrValue, ComponentInput, ComponentSpec};
use crate::spec::inflection::singularize;
use crate::spec::literal;
use crate::spec::names::ModuleName;

/// Validates `input` against the project and plans the component.
pub fn plan_input(ctx: &Context, mut input: ComponentInput, set: &mut ChangeSet) -> Result<()> {
    // `tests = false` in .scaffold.toml turns the tests off.
    input.tests &= ctx.project.defaults.tests != Some(false);
    let web = web_module(ctx)?;
    let spec = ComponentSpec::build(input, &web)?;
    plan(ctx, &spec, set)
}

/// The project's web module, or an input error when it has none.
pub(crate) fn web_module(ctx: &Context) -> Result<ModuleName> {
    let web = ctx.project.web_module.as_deref().ok_or_else(|| {
        Error::input_hint(
            format!(
                "this project has no web layer (no lib/{}_web)",
                ctx.project.app
            ),
            "components live in a Phoenix project; run scaffold in one, or pass --project",
        )
    })?;
    ModuleName::parse(web)
}

/// Plans the component module and its test.
pub fn plan(ctx: &Context, spec: &ComponentSpec, set: &mut ChangeSet) -> Result<()> {
    let project = ctx.project;
    let web_file = project.web_path(&format!("lib/{}.ex", spec.web_module.underscore_path()));
    let web_src = set.read(&web_file)?.unwrap_or_default();
    let conn_case_path = project.web_path("test/support/conn_case.ex");
    let has_conn_case = set.exists(&conn_case_path)?;
    let model = Model::new(spec, &web_src, has_conn_case);
    let (template, test_template) = if spec.stateful {
        ("component/stateful.ex.j2", "component/stateful_test.exs.j2")
    } else {
        ("component/function.ex.j2", "component/function_test.exs.j2")
    };
    let code = ctx.renderer.render(template, &model)?;
    set.create(&project.web_path(&spec.file_path), code)?;
    if spec.tests {
        let test = ctx.renderer.render(test_template, &model)?;
        set.create(&project.web_path(&spec.test_path), test)?;
    }
    Ok(())
}

/// Everything the component templates interpolate.
#[derive(Debug, Serialize)]
struct Model<'a> {
    spec: &'a ComponentSpec,
    /// `use ShopWeb, :live_component` or `use Phoenix.LiveComponent`.
    use_live_component: String,
    /// `use ShopWeb, :live_view` or `use Phoenix.LiveView` (test host).
    use_live_view: String,
    /// `ShopWeb.ConnCase` when the project has one.
    conn_case: Option<String>,
    /// Attribute and slot declarations, laid out and indented for the
    /// module body (empty without any).
    declarations: String,
    /// The `~H` body of the component, indented for the file.
    body: String,
    /// An example call for the docs, indented for the `@doc` heredoc.
    example: String,
    /// Assigns documentation lines for a LiveComponent's moduledoc.
    assign_docs: Vec<String>,
    /// The body of a LiveComponent's `update/2`, laid out for column 4.
    update_code: String,
    /// The test's `~H` call with every attribute and slot, indented.
    full_call: String,
    /// `assert html =~ ...` lines for the full render (column 4).
    full_expect: String,
    /// `html = render_component(...)` with only the required assigns,
    /// when no slot is required (laid out for column 4).
    minimal_render: Option<String>,
    /// `~H` call with only the required assigns (required slots given).
    minimal_call: Option<String>,
    /// `assert html =~ ...` lines for the minimal render (column 4).
    minimal_expect: String,
    /// `html = render_component(Module, id: ..., ...)` for a LiveComponent.
    live_render: String,
    /// The host LiveView's `~H` body, indented.
    host_body: String,
}

/// How an attribute is shown by the generated template.
enum Shown {
    /// As a `data-*` attribute of the root element.
    Data,
    /// Spread on the root element.
    Spread,
    /// As its own element.
    Element,
}

fn shown(attr: &AttrSpec) -> Shown {
    match attr.ty {
        AttrType::Global => Shown::Spread,
        AttrType::Boolean => Shown::Data,
        _ if !attr.values.is_empty() => Shown::Data,
        _ => Shown::Element,
    }
}

fn kebab(name: &str) -> String {
    name.replace('_', "-")
}

/// A sample value for an attribute in tests: (HEEx attribute, Elixir
/// keyword value, expected rendered snippet).
struct Sample {
    heex: Attr,
    elixir: String,
    expect: Option<String>,
}

/// A string literal for a test assertion: `~s(...)` when the text allows
/// it (quotes read better there), an escaped string otherwise.
fn contains_literal(text: &str) -> String {
    if text.contains('"') && !text.contains(['(', ')', '\\']) && !text.contains("#{") {
        format!("~s({text})")
    } else {
        literal::string(text)
    }
}

/// Text as Phoenix.HTML escapes it.
fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// What the template renders for an attribute shown as its own element:
/// the element's class followed by the text, so the assertion cannot match
/// anything else.
fn element_expect(spec: &ComponentSpec, attr: &AttrSpec, rendered: &str) -> String {
    format!(
        "~r/class=\"{}-{}\">\\s*{}\\s*</",
        spec.css_class,
        kebab(attr.name.as_str()),
        regex_escape(&html_escape(rendered))
    )
}

/// Text matched literally inside a `~r/.../` sigil.
fn regex_escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if "\\.+*?()|[]{}^$/#-".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `assert html =~ expected` lines at column 4, broken like the formatter
/// when long, multi-line ones set apart by blank lines.
fn assertions(expected: &[String]) -> String {
    let lines: Vec<String> = expected
        .iter()
        .map(|e| {
            let flat = format!("assert html =~ {e}");
            if 4 + code::width(&flat) <= code::WIDTH {
                flat
            } else {
                format!("assert html =~\n             {e}")
            }
        })
        .collect();
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            let spaced = l.contains('\n') || lines[i - 1].contains('\n');
            out.push_str(if spaced { "\n\n    " } else { "\n    " });
        }
        out.push_str(l);
    }
    out
}

fn sample(spec: &ComponentSpec, attr: &AttrSpec) -> Sample {
    let name = attr.name.as_str();
    let words = name.replace('_', " ");
    let text = |t: String| Sample {
        heex: Attr::str(name, t.clone()),
        elixir: literal::string(&t),
        expect: Some(element_expect(spec, attr, &t)),
    };
    let scalar = |code: &str, rendered: &str| Sample {
        heex: Attr::expr(name, code),
        elixir: code.to_string(),
        expect: Some(element_expect(spec, attr, rendered)),
    };
    match &attr.ty {
        AttrType::Global => Sample {
            heex: Attr::str("aria-label", "Sample label"),
            elixir: "\"Sample label\"".into(),
            expect: Some(contains_literal("aria-label=\"Sample label\"")),
        },
        _ if !attr.values.is_empty() => {
            // A value other than the default, so the test sees it applied.
            let pick = attr
                .values
                .iter()
                .find(|v| Some(*v) != attr.default.as_ref())
                .unwrap_or(&attr.values[0]);
            let rendered = pick.rendered().unwrap_or_default();
            Sample {
                heex: match pick {
                    // Quoted HEEx attribute values are not escaped: any
                    // other text goes in as an Elixir string literal.
                    AttrValue::Text(t)
                        if t.chars()
                            .all(|c| c.is_alphanumeric() || " _-.,".contains(c)) =>
                    {
                        Attr::str(name, t.clone())
                    }
                    other => Attr::expr(name, other.code()),
                },
                elixir: pick.code(),
                expect: Some(contains_literal(&format!(
                    "data-{}=\"{}\"",
                    kebab(name),
                    html_escape(&rendered)
                ))),
            }
        }
        AttrType::Boolean => Sample {
            heex: Attr::expr(name, "true"),
            elixir: "true".into(),
            expect: Some(literal::string(&format!("data-{}", kebab(name)))),
        },
        AttrType::String | AttrType::Any => text(format!("Some {words}")),
        AttrType::Atom => scalar(":sample", "sample"),
        AttrType::Integer => scalar("42", "42"),
        AttrType::Float => scalar("1.5", "1.5"),
        AttrType::List => Sample {
            heex: Attr::expr(name, "[\"First item\", \"Second item\"]"),
            elixir: "[\"First item\", \"Second item\"]".into(),
            expect: Some("\"Second item\"".into()),
        },
        AttrType::Map => Sample {
            heex: Attr::expr(name, "%{\"Sample key\" => \"Sample value\"}"),
            elixir: "%{\"Sample key\" => \"Sample value\"}".into(),
            expect: Some("\"Sample value\"".into()),
        },
        // `struct/1` builds the struct without its enforced keys.
        AttrType::Struct(m) => Sample {
            heex: Attr::expr(name, format!("struct({m})")),
            elixir: format!("struct({m})"),
            expect: Some(literal::string(m.last())),
        },
    }
}

/// The element that shows one attribute.
fn attr_element(spec: &ComponentSpec, attr: &AttrSpec) -> Node {
    let name = attr.name.as_str();
    let class = format!("{}-{}", spec.css_class, kebab(name));
    let assign = format!("@{name}");
    let mut attrs = Vec::new();
    match &attr.ty {
        AttrType::List => {
            if !attr.required {
                attrs.push(Attr::expr(":if", format!("{assign} != []")));
            }
            attrs.push(Attr::str("class", class));
            let singular = singularize(name);
            let item = if singular != name {
                singular
            } else {
                "item".to_string()
            };
            let li = Node::el(
                "li",
                vec![Attr::expr(":for", format!("{item} <- {assign}"))],
                vec![Node::text(format!("{{{item}}}"))],
            );
            Node::el("ul", attrs, vec![li])
        }
        AttrType::Map => {
            if !attr.required {
                attrs.push(Attr::expr(":if", format!("{assign} != %{{}}")));
            }
            attrs.push(Attr::str("class", class));
            let row = Node::el(
                "div",
                vec![Attr::expr(":for", format!("{{key, value}} <- {assign}"))],
                vec![
                    Node::el("dt", vec![], vec![Node::text("{key}")]),
                    Node::el("dd", vec![], vec![Node::text("{value}")]),
                ],
            );
            Node::el("dl", attrs, vec![row])
        }
        other => {
            if !attr.required {
                attrs.push(Attr::expr(":if", assign.clone()));
            }
            attrs.push(Attr::str("class", class));
            let content = match other {
                AttrType::Struct(_) => format!("{{inspect({assign})}}"),
                _ => format!("{{{assign}}}"),
            };
            let tag = if matches!(name, "title" | "heading" | "headline") {
                "h2"
            } else {
                "p"
            };
            Node::el(tag, attrs, vec![Node::text(content)])
        }
    }
}

/// The root element of the component with everything it renders.
fn component_tree(spec: &ComponentSpec, extra_root: Vec<Attr>, extra_children: Vec<Node>) -> Node {
    let mut root_attrs = extra_root;
    root_attrs.push(Attr::str("class", spec.css_class.clone()));
    for attr in &spec.attrs {
        if let Shown::Data = shown(attr) {
            root_attrs.push(Attr::expr(
                format!("data-{}", kebab(attr.name.as_str())),
                format!("@{}", attr.name),
            ));
        }
    }
    if let Some(g) = spec.global() {
        root_attrs.push(Attr::Spread(format!("@{}", g.name)));
    }
    let mut children: Vec<Node> = spec
        .attrs
        .iter()
        .filter(|a| matches!(shown(a), Shown::Element))
        .map(|a| attr_element(spec, a))
        .collect();
    for slot in &spec.slots {
        let render = format!("{{render_slot(@{})}}", slot.name);
        if slot.is_inner_block() {
            children.push(Node::text(render));
        } else {
            let mut attrs = Vec::new();
            if !slot.required {
                attrs.push(Attr::expr(":if", format!("@{} != []", slot.name)));
            }
            attrs.push(Attr::str(
                "class",
                format!("{}-{}", spec.css_class, kebab(slot.name.as_str())),
            ));
            children.push(Node::el("div", attrs, vec![Node::text(render)]));
        }
    }
    children.extend(extra_children);
    Node::el("div", root_attrs, children)
}

/// A call of the component in HEEx with the given attributes and slots.
fn call_node(spec: &ComponentSpec, attrs: Vec<Attr>, slot_text: &[(String, String)]) -> Node {
    let tag = format!(".{}", spec.function);
    if slot_text.is_empty() {
        return Node::void(tag, attrs);
    }
    let children = slot_text
        .iter()
        .map(|(slot, text)| {
            if slot == "inner_block" {
                Node::text(text.clone())
            } else {
                Node::el(format!(":{slot}"), vec![], vec![Node::text(text.clone())])
            }
        })
        .collect();
    Node::el(tag, attrs, children)
}

fn slot_sample(slot: &str) -> String {
    format!("Some {}", slot.replace('_', " "))
}

impl<'a> Model<'a> {
    fn new(spec: &'a ComponentSpec, web_src: &str, has_conn_case: bool) -> Model<'a> {
        let web = spec.web_module.as_str();
        let use_live_component = if web_src.contains("def live_component") {
            format!("use {web}, :live_component")
        } else {
            "use Phoenix.LiveComponent".to_string()
        };
        let use_live_view = if web_src.contains("def live_view") {
            format!("use {web}, :live_view")
        } else {
            "use Phoenix.LiveView".to_string()
        };
        let declarations = declarations_block(spec);

        let samples: Vec<(&AttrSpec, Sample)> =
            spec.attrs.iter().map(|a| (a, sample(spec, a))).collect();

        // The component body.
        let body = if spec.stateful {
            let button = Node::el(
                "button",
                vec![
                    Attr::str("type", "button"),
                    Attr::str("phx-click", "increment"),
                    Attr::expr("phx-target", "@myself"),
                ],
                vec![Node::text("Increment")],
            );
            let count = Node::el(
                "p",
                vec![Attr::str("class", format!("{}-count", spec.css_class))],
                vec![Node::text("Count: {@count}")],
            );
            heex::render(
                &[component_tree(
                    spec,
                    vec![Attr::expr("id", "@id")],
                    vec![count, button],
                )],
                4,
            )
        } else {
            heex::render(&[component_tree(spec, vec![], vec![])], 4)
        };

        // Docs example: required attributes and slots.
        let example_attrs: Vec<Attr> = samples
            .iter()
            .filter(|(a, _)| a.required)
            .map(|(_, s)| s.heex.clone())
            .collect();
        let example_slots: Vec<(String, String)> = spec
            .slots
            .iter()
            .filter(|s| s.required)
            .map(|s| (s.name.to_string(), slot_sample(s.name.as_str())))
            .collect();
        let example = if spec.stateful {
            let mut attrs = vec![
                Attr::expr("module", spec.module.to_string()),
                Attr::str("id", spec.css_class.clone()),
            ];
            attrs.extend(example_attrs.iter().cloned());
            heex::render(&[Node::void(".live_component", attrs)], 6)
        } else {
            heex::render(&[call_node(spec, example_attrs.clone(), &example_slots)], 6)
        };

        // Test: every attribute and slot.
        let full_attrs: Vec<Attr> = samples.iter().map(|(_, s)| s.heex.clone()).collect();
        let full_slots: Vec<(String, String)> = spec
            .slots
            .iter()
            .map(|s| (s.name.to_string(), slot_sample(s.name.as_str())))
            .collect();
        let full_call = heex::render(&[call_node(spec, full_attrs, &full_slots)], 6);
        let mut full_expect: Vec<String> = samples
            .iter()
            .filter_map(|(_, s)| s.expect.clone())
            .collect();
        full_expect.extend(full_slots.iter().map(|(_, t)| literal::string(t)));
        if full_expect.is_empty() {
            full_expect.push(contains_literal(&format!("class=\"{}\"", spec.css_class)));
        }

        // Test: only what is required; defaults visible where they render.
        let required_samples: Vec<&(&AttrSpec, Sample)> =
            samples.iter().filter(|(a, _)| a.required).collect();
        let mut minimal_expect: Vec<String> = required_samples
            .iter()
            .filter_map(|(_, s)| s.expect.clone())
            .collect();
        for attr in &spec.attrs {
            if attr.required {
                continue;
            }
            let Some(rendered) = attr.default.as_ref().and_then(AttrValue::rendered) else {
                continue;
            };
            match shown(attr) {
                Shown::Data if attr.ty != AttrType::Boolean => {
                    minimal_expect.push(contains_literal(&format!(
                        "data-{}=\"{}\"",
                        kebab(attr.name.as_str()),
                        html_escape(&rendered)
                    )))
                }
                Shown::Element => minimal_expect.push(element_expect(spec, attr, &rendered)),
                _ => {}
            }
        }
        minimal_expect.extend(example_slots.iter().map(|(_, t)| literal::string(t)));
        if spec.stateful {
            minimal_expect.insert(0, "\"Count: 0\"".to_string());
        }
        if minimal_expect.is_empty() {
            minimal_expect.push(contains_literal(&format!("class=\"{}\"", spec.css_class)));
        }
        let required_kw: Vec<(String, String)> = required_samples
            .iter()
            .map(|(a, s)| (a.name.to_string(), s.elixir.clone()))
            .collect();
        let (minimal_render, minimal_call) = if example_slots.is_empty() {
            let mut args = vec![format!("&{}/1", spec.function)];
            if required_kw.is_empty() {
                args.push("%{}".into());
            }
            let call = code::call(6, "", "render_component", &args, &required_kw, "");
            (Some(code::bind(4, "html", &call)), None)
        } else {
            (
                None,
                Some(heex::render(
                    &[call_node(spec, example_attrs, &example_slots)],
                    6,
                )),
            )
        };

        // LiveComponent: docs, defaults and the test host.
        let assign_docs = spec
            .attrs
            .iter()
            .map(|a| {
                let mut line = format!("  * `{}` ({}", a.name, a.ty.name());
                if a.required {
                    line.push_str(", required");
                }
                if !a.values.is_empty() {
                    let values: Vec<String> = a.values.iter().map(AttrValue::code).collect();
                    line.push_str(&format!(", one of {}", values.join(", ")));
                }
                if let Some(d) = a.default.as_ref().filter(|d| **d != AttrValue::Nil) {
                    line.push_str(&format!(", default {}", d.code()));
                }
                line.push(')');
                if let Some(doc) = &a.doc {
                    line.push_str(&format!(": {doc}"));
                }
                line
            })
            .collect();
        let update_code = update_code(spec);
        let mut live_kw = vec![("id".to_string(), literal::string(&spec.css_class))];
        live_kw.extend(required_kw.iter().cloned());
        let live_call = code::call(
            6,
            "",
            "render_component",
            std::slice::from_ref(&spec.alias),
            &live_kw,
            "",
        );
        let live_render = code::bind(4, "html", &live_call);
        let mut host_attrs = vec![
            Attr::expr("module", spec.alias.clone()),
            Attr::str("id", spec.css_class.clone()),
        ];
        host_attrs.extend(required_samples.iter().map(|(_, s)| s.heex.clone()));
        let host_body = heex::render(&[Node::void(".live_component", host_attrs)], 6);

        Model {
            spec,
            use_live_component,
            use_live_view,
            conn_case: has_conn_case.then(|| format!("{web}.ConnCase")),
            declarations,
            body,
            example,
            assign_docs,
            update_code,
            full_call,
            full_expect: assertions(&full_expect),
            minimal_render,
            minimal_call,
            minimal_expect: assertions(&minimal_expect),
            live_render,
            host_body,
        }
    }
}

/// Attribute declarations, a blank line, slot declarations; multi-line
/// declarations set apart by blank lines as the formatter does. Every
/// line indented for the module body.
fn declarations_block(spec: &ComponentSpec) -> String {
    let groups = [
        spec.attrs
            .iter()
            .map(|a| a.declaration.clone())
            .collect::<Vec<_>>(),
        spec.slots
            .iter()
            .map(|s| s.declaration.clone())
            .collect::<Vec<_>>(),
    ];
    let mut out = String::new();
    for group in groups.iter().filter(|g| !g.is_empty()) {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        for (i, entry) in group.iter().enumerate() {
            if i > 0 {
                let spaced = entry.contains('\n') || group[i - 1].contains('\n');
                out.push_str(if spaced { "\n\n" } else { "\n" });
            }
            out.push_str("  ");
            out.push_str(entry);
        }
    }
    out
}

/// The body of `update/2`: assign what the parent passed, then the
/// defaults of optional assigns.
fn update_code(spec: &ComponentSpec) -> String {
    let optional: Vec<&AttrSpec> = spec.attrs.iter().filter(|a| !a.required).collect();
    if optional.is_empty() {
        return "{:ok, assign(socket, assigns)}".to_string();
    }
    let mut out = String::from("{:ok,\n     socket\n     |> assign(assigns)");
    let n = optional.len();
    for (i, attr) in optional.iter().enumerate() {
        let value = attr
            .default
            .as_ref()
            .map(AttrValue::code)
            .unwrap_or_else(|| "nil".into());
        let close = if i + 1 == n { "}" } else { "" };
        let flat = format!(
            "     |> assign_new({}, fn -> {value} end){close}",
            attr.name.atom()
        );
        out.push('\n');
        if code::width(&flat) <= code::WIDTH {
            out.push_str(&flat);
        } else {
            out.push_str(&format!(
                "     |> assign_new({}, fn ->\n       {value}\n     end){close}",
                attr.name.atom()
            ));
        }
    }
    out
}
