//! The template model of the pages: every string the LiveView and test
//! templates interpolate, computed from a [`Resource`].
//!
//! The `~H` bodies are built as [`Node`] trees and printed by
//! [`super::heex`]; Elixir statements whose length depends on names go
//! through [`super::code`], so the result is what the formatters print.

use std::collections::BTreeMap;

use serde::Serialize;

use super::code;
use super::heex::{self, Attr, Node};
use super::resource::{Kind, PageRel, Resource};
use super::Session;
use crate::spec::inflection::ResourceNames;
use crate::spec::literal;
use crate::spec::names::{humanize, ModuleName};
use crate::spec::resource::SHADOWED_ALIASES;

type Code = BTreeMap<&'static str, String>;

/// How a field is displayed, given the record variable (`post`, `@post`).
type Display = Box<dyn Fn(&str) -> String>;

/// One field as the pages show and edit it.
struct Field {
    /// `title`, `author`
    name: String,
    /// `Title`
    label: String,
    /// The display expression for a record variable: `{post.title}`.
    display: Display,
    /// Listed in the Index table.
    in_index: bool,
    /// Shown on the Show page.
    in_show: bool,
    /// The form input.
    input: Option<Node>,
    /// Form values for tests: (create, update) as Elixir code.
    samples: Option<(String, String)>,
    /// Required, for the invalid-input test.
    required: bool,
    /// A value that fails casting, for the invalid-input test.
    invalid: Option<String>,
}

/// Everything the page templates interpolate.
#[derive(Serialize)]
pub(super) struct Pages {
    web_module: String,
    live_module: String,
    test_module: String,
    resource: String,
    alias: String,
    singular: String,
    plural: String,
    human_singular: String,
    human_plural: String,
    aliases: Vec<String>,
    form_aliases: Vec<String>,
    test_aliases: Vec<String>,
    pub(super) form: bool,
    create: bool,
    update: bool,
    destroy: bool,
    actor: Option<String>,
    index_body: String,
    show_body: String,
    form_body: String,
    code: BTreeMap<&'static str, String>,
    option_helpers: Vec<String>,
    pub(super) warnings: Vec<String>,
    tests: Tests,
}

#[derive(Serialize, Default)]
struct Tests {
    attrs: Vec<String>,
    login: bool,
    setup_fn: String,
    invalid: bool,
    list_probe: Option<String>,
    create_probe: Option<String>,
    update_probe: Option<String>,
    code: BTreeMap<&'static str, String>,
}

fn display_plain(field: String) -> Display {
    Box::new(move |rec| format!("{{{rec}.{field}}}"))
}

/// What every part of the pages shares: names, the resource, the actor
/// and the module aliases.
struct Shared<'a> {
    names: &'a ResourceNames,
    r: &'a Resource,
    singular: String,
    plural: String,
    /// The route with the scope prefix: `/posts`, `/admin/posts`.
    route: String,
    /// How the resource module is written in the pages: `Post`.
    res: String,
    /// The actor expression when Ash calls need one.
    actor: Option<String>,
    /// Module → the name the pages use for it (its alias, or itself).
    alias_of: BTreeMap<String, String>,
}

/// Short names the web helpers or the pages already use.
const RESERVED_ALIASES: &[&str] = &[
    "Layouts",
    "JS",
    "Form",
    "Index",
    "Show",
    "CoreComponents",
    "Gettext",
];

impl<'a> Shared<'a> {
    fn new(names: &'a ResourceNames, r: &'a Resource, session: Session, scope: &str) -> Shared<'a> {
        let prefix = if scope == "/" { "" } else { scope };
        // Aliases: the resource and the related resources, unless the
        // short name would be ambiguous or shadow something the web
        // helpers alias.
        let mut alias_of: BTreeMap<String, String> = BTreeMap::new();
        let mut taken: Vec<String> = Vec::new();
        let mut wanted = vec![r.module.clone()];
        wanted.extend(r.belongs_to.iter().map(|b| b.destination.clone()));
        for m in &wanted {
            if alias_of.contains_key(m.as_str()) {
                continue;
            }
            let short = m.last().to_string();
            let usable = !taken.contains(&short)
                && !RESERVED_ALIASES.contains(&short.as_str())
                && !SHADOWED_ALIASES.contains(&short.as_str());
            if usable {
                taken.push(short.clone());
                alias_of.insert(m.to_string(), short);
            } else {
                alias_of.insert(m.to_string(), m.to_string());
            }
        }
        let actor = if r.policies || r.belongs_to.iter().any(|b| b.policies && b.accepted) {
            match session {
                Session::Scope { required: true } => {
                    Some("socket.assigns.current_scope.user".to_string())
                }
                Session::Scope { required: false } => Some(
                    "socket.assigns.current_scope && socket.assigns.current_scope.user".to_string(),
                ),
                Session::CurrentUser => Some("socket.assigns.current_user".to_string()),
                Session::Plain => None,
            }
        } else {
            None
        };
        let res = alias_of
            .get(r.module.as_str())
            .cloned()
            .unwrap_or_else(|| r.module.to_string());
        Shared {
            names,
            r,
            singular: names.singular.to_string(),
            plural: names.plural.to_string(),
            route: format!("{prefix}{}", names.route_path),
            res,
            actor,
            alias_of,
        }
    }

    /// The name the pages use for `m`.
    fn aliased(&self, m: &ModuleName) -> String {
        self.alias_of
            .get(m.as_str())
            .cloned()
            .unwrap_or_else(|| m.to_string())
    }

    /// `alias` lines for the modules the pages refer to by short name.
    fn alias_lines(&self, mods: &[ModuleName]) -> Vec<String> {
        let mut v: Vec<String> = mods
            .iter()
            .filter(|m| self.aliased(m) != m.as_str())
            .map(|m| m.to_string())
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// `actor: actor(socket)` when the pages pass an actor.
    fn actor_kw(&self) -> Vec<(String, String)> {
        self.actor
            .iter()
            .map(|_| ("actor".to_string(), "actor(socket)".to_string()))
            .collect()
    }
}

/// `action: :name` when the action is not the one Ash uses by default.
fn action_kw(name: &Option<String>, default: &str) -> Vec<(String, String)> {
    match name {
        Some(n) if n != default => vec![("action".to_string(), literal::atom(n))],
        _ => Vec::new(),
    }
}

/// The fields and what the form needs for them.
struct Fields<'a> {
    list: Vec<Field>,
    /// Relationships Index and Show load to display them.
    loads: Vec<String>,
    /// `*_options/0,1` helpers of the Form.
    option_helpers: Vec<String>,
    /// belongs_to relationships with a select in the Form.
    form_rels: Vec<&'a PageRel>,
    warnings: Vec<String>,
}

/// Which pages and actions exist.
#[derive(Clone, Copy)]
struct Flags {
    form: bool,
    create: bool,
    update: bool,
    destroy: bool,
}

impl Pages {
    pub(super) fn new(
        web: &ModuleName,
        names: &ResourceNames,
        r: &Resource,
        session: Session,
        scope: &str,
        login: bool,
    ) -> Pages {
        let s = Shared::new(names, r, session, scope);
        let Fields {
            list: fields,
            loads,
            mut option_helpers,
            form_rels,
            mut warnings,
        } = fields(&s);
        let form =
            (r.create.is_some() || r.update.is_some()) && fields.iter().any(|f| f.input.is_some());
        if (r.create.is_some() || r.update.is_some()) && !form {
            warnings.push(format!(
                "{}: its create/update actions accept no attribute with a form input; no Form LiveView generated",
                r.module
            ));
        }
        let flags = Flags {
            form,
            create: form && r.create.is_some(),
            update: form && r.update.is_some(),
            destroy: r.destroy.is_some(),
        };
        let mut layout = vec![Attr::expr("flash", "@flash")];
        if matches!(session, Session::Scope { .. }) {
            layout.push(Attr::expr("current_scope", "@current_scope"));
        }
        let mut code = Code::new();
        let index_body = index(&s, &fields, &loads, flags, &layout, &mut code);
        let show_body = show(&s, &fields, &loads, flags, &layout, &mut code);
        let form_body = form_page(
            &s,
            &fields,
            &form_rels,
            flags,
            &layout,
            &mut code,
            &mut option_helpers,
        );
        let (tests, test_modules) = tests(&s, &fields, &form_rels, flags, login, &mut warnings);
        let mut form_modules = vec![r.module.clone()];
        form_modules.extend(form_rels.iter().map(|b| b.destination.clone()));
        Pages {
            web_module: web.to_string(),
            live_module: names.live_module.clone(),
            test_module: names.live_test_module.clone(),
            resource: r.module.to_string(),
            alias: s.res.clone(),
            singular: s.singular.clone(),
            plural: s.plural.clone(),
            human_singular: names.human_singular.clone(),
            human_plural: names.human_plural.clone(),
            aliases: s.alias_lines(std::slice::from_ref(&r.module)),
            form_aliases: s.alias_lines(&form_modules),
            test_aliases: s.alias_lines(&test_modules),
            form: flags.form,
            create: flags.create,
            update: flags.update,
            destroy: flags.destroy,
            actor: s.actor.clone(),
            index_body,
            show_body,
            form_body,
            code,
            option_helpers,
            warnings,
            tests,
        }
    }
}

/// Every field: attributes, belongs_to relationships, timestamps.
fn fields<'a>(s: &Shared<'a>) -> Fields<'a> {
    let r = s.r;
    let res = s.res.clone();
    let mut warnings = Vec::new();
    // Fields.
    let mut fields: Vec<Field> = Vec::new();
    let mut loads: Vec<String> = Vec::new();
    let mut option_helpers: Vec<String> = Vec::new();
    let mut form_rels: Vec<&PageRel> = Vec::new();
    for a in &r.attributes {
        let name = a.name.clone();
        let label = humanize(&name);
        let (display, in_index): (Display, bool) = match &a.kind {
            Kind::Map | Kind::Binary | Kind::Other => {
                let n = name.clone();
                (
                    Box::new(move |rec| format!("{{inspect({rec}.{n})}}")),
                    false,
                )
            }
            Kind::Array(inner) => {
                let n = name.clone();
                if matches!(
                    **inner,
                    Kind::Map | Kind::Binary | Kind::Other | Kind::Array(_)
                ) {
                    (
                        Box::new(move |rec| format!("{{inspect({rec}.{n})}}")),
                        false,
                    )
                } else {
                    (
                        Box::new(move |rec| format!("{{Enum.join(List.wrap({rec}.{n}), \", \")}}")),
                        false,
                    )
                }
            }
            Kind::Textarea => (display_plain(name.clone()), false),
            _ => (display_plain(name.clone()), true),
        };
        let field_expr = format!("@form[:{name}]");
        let mut input_attrs = vec![Attr::expr("field", field_expr)];
        let mut samples = None;
        let mut invalid = None;
        let words = name.replace('_', " ");
        let text_samples = || {
            (
                literal::string(&format!("some {words}")),
                literal::string(&format!("some updated {words}")),
            )
        };
        let input_type: Option<&str> = if a.sensitive {
            samples = Some(text_samples());
            Some("password")
        } else {
            match &a.kind {
                Kind::Text | Kind::Uuid => {
                    samples = Some(if a.kind == Kind::Uuid {
                        (
                            "\"7488a646-e31f-11e4-aace-600308960662\"".into(),
                            "\"7488a646-e31f-11e4-aace-600308960668\"".into(),
                        )
                    } else {
                        text_samples()
                    });
                    Some("text")
                }
                Kind::Textarea => {
                    samples = Some(text_samples());
                    Some("textarea")
                }
                Kind::Integer => {
                    samples = Some(("42".into(), "43".into()));
                    invalid = Some("\"not a number\"".to_string());
                    Some("number")
                }
                Kind::Float | Kind::Decimal => {
                    samples = Some(if a.kind == Kind::Float {
                        ("120.5".into(), "456.7".into())
                    } else {
                        ("\"120.5\"".into(), "\"456.7\"".into())
                    });
                    invalid = Some("\"not a number\"".to_string());
                    input_attrs.push(Attr::str("step", "any"));
                    Some("number")
                }
                Kind::Boolean => {
                    samples = Some(("true".into(), "false".into()));
                    Some("checkbox")
                }
                Kind::Date => {
                    samples = Some(("\"2025-01-15\"".into(), "\"2025-01-16\"".into()));
                    invalid = Some("\"not a date\"".to_string());
                    Some("date")
                }
                Kind::Time => {
                    samples = Some(("\"14:00:00\"".into(), "\"15:01:01\"".into()));
                    invalid = Some("\"not a time\"".to_string());
                    Some("time")
                }
                Kind::DateTime | Kind::NaiveDateTime => {
                    let z = if a.kind == Kind::DateTime { "Z" } else { "" };
                    samples = Some((
                        format!("\"2025-01-15T14:00:00{z}\""),
                        format!("\"2025-01-16T15:01:01{z}\""),
                    ));
                    invalid = Some("\"not a datetime\"".to_string());
                    Some("datetime-local")
                }
                Kind::Atom if a.one_of => {
                    let first = a.values.first().cloned().unwrap_or_default();
                    let second = a.values.get(1).cloned().unwrap_or_else(|| first.clone());
                    samples = Some((literal::string(&first), literal::string(&second)));
                    Some("select")
                }
                Kind::Array(inner) if **inner == Kind::Atom && a.one_of => {
                    let first = a.values.first().cloned().unwrap_or_default();
                    let second = a.values.get(1).cloned().unwrap_or_else(|| first.clone());
                    samples = Some((
                        format!("[{}]", literal::string(&first)),
                        format!("[{}]", literal::string(&second)),
                    ));
                    input_attrs.push(Attr::Bare("multiple".into()));
                    Some("select")
                }
                Kind::Atom => {
                    samples = Some(("\"some_value\"".into(), "\"some_updated_value\"".into()));
                    Some("text")
                }
                _ => None,
            }
        };
        let input = match (a.accepted, input_type) {
            (true, Some(t)) => {
                input_attrs.insert(1, Attr::str("type", t));
                input_attrs.insert(2, Attr::str("label", label.clone()));
                if t == "select" {
                    let helper = format!("{name}_options");
                    let array = matches!(a.kind, Kind::Array(_));
                    if !array {
                        input_attrs.push(Attr::str("prompt", "Choose a value"));
                    }
                    input_attrs.push(Attr::expr("options", format!("{helper}()")));
                    option_helpers.push(atom_options_helper(&helper, &res, &name, array));
                }
                Some(Node::void(".input", input_attrs))
            }
            (true, None) => {
                warnings.push(format!(
                    "{}: `{name}` is not in the generated form (no HTML input fits its type); set it in code",
                    r.module
                ));
                None
            }
            _ => None,
        };
        let has_input = input.is_some();
        fields.push(Field {
            name,
            label,
            display,
            in_index: in_index && !a.sensitive,
            in_show: !a.sensitive,
            input,
            samples: if has_input { samples } else { None },
            required: a.required && has_input,
            invalid: if has_input { invalid } else { None },
        });
    }
    for b in &r.belongs_to {
        let name = b.name.clone();
        let label = humanize(&name);
        let display: Display = match &b.label {
            Some(l) => {
                loads.push(name.clone());
                let (n, l, required) = (name.clone(), l.clone(), b.required);
                Box::new(move |rec| {
                    if required {
                        format!("{{{rec}.{n}.{l}}}")
                    } else {
                        format!("{{{rec}.{n} && {rec}.{n}.{l}}}")
                    }
                })
            }
            None => display_plain(b.source.clone()),
        };
        let input = b.accepted.then(|| {
            form_rels.push(b);
            Node::void(
                ".input",
                vec![
                    Attr::expr("field", format!("@form[:{}]", b.source)),
                    Attr::str("type", "select"),
                    Attr::str("label", label.clone()),
                    Attr::str("prompt", "Choose a value"),
                    Attr::expr("options", format!("@{name}_options")),
                ],
            )
        });
        fields.push(Field {
            name,
            label,
            display,
            in_index: true,
            in_show: true,
            input,
            samples: None,
            required: false,
            invalid: None,
        });
    }
    for t in &r.timestamps {
        fields.push(Field {
            name: t.clone(),
            label: humanize(t),
            display: display_plain(t.clone()),
            in_index: false,
            in_show: true,
            input: None,
            samples: None,
            required: false,
            invalid: None,
        });
    }

    Fields {
        list: fields,
        loads,
        option_helpers,
        form_rels,
        warnings,
    }
}

/// The Index page: a streamed table with delete. Returns its `~H` body.
fn index(
    s: &Shared<'_>,
    fields: &[Field],
    loads: &[String],
    flags: Flags,
    layout: &[Attr],
    code: &mut Code,
) -> String {
    let names = s.names;
    let r = s.r;
    let singular = s.singular.clone();
    let plural = s.plural.clone();
    let route = s.route.clone();
    let res = s.res.clone();
    let actor_kw = || s.actor_kw();
    let Flags {
        create,
        update,
        destroy,
        ..
    } = flags;
    let layout = layout.to_vec();
    // ------------------------------------------------------------------
    // Index
    // ------------------------------------------------------------------
    let row = format!("{{_id, {singular}}}");
    let mut header_children = vec![Node::text(format!("Listing {}", names.human_plural))];
    if create {
        header_children.push(Node::el(
            ":actions",
            vec![],
            vec![Node::block(
                ".button",
                vec![
                    Attr::str("variant", "primary"),
                    Attr::expr("navigate", format!("~p\"{route}/new\"")),
                ],
                vec![Node::text(format!(
                    "<.icon name=\"hero-plus\" /> New {}",
                    names.human_singular
                ))],
            )],
        ));
    }
    let mut table_children: Vec<Node> = fields
        .iter()
        .filter(|f| f.in_index)
        .map(|f| {
            Node::el(
                ":col",
                vec![
                    Attr::expr(":let", row.clone()),
                    Attr::str("label", f.label.clone()),
                ],
                vec![Node::text((f.display)(&singular))],
            )
        })
        .collect();
    if table_children.is_empty() {
        table_children.push(Node::el(
            ":col",
            vec![Attr::expr(":let", row.clone()), Attr::str("label", "Id")],
            vec![Node::text(format!("{{{singular}.id}}"))],
        ));
    }
    let mut show_links = vec![Node::el(
        "div",
        vec![Attr::str("class", "sr-only")],
        vec![Node::el(
            ".link",
            vec![Attr::expr(
                "navigate",
                format!("~p\"{route}/#{{{singular}}}\""),
            )],
            vec![Node::text("Show")],
        )],
    )];
    if update {
        show_links.push(Node::el(
            ".link",
            vec![Attr::expr(
                "navigate",
                format!("~p\"{route}/#{{{singular}}}/edit\""),
            )],
            vec![Node::text("Edit")],
        ));
    }
    table_children.push(Node::el(
        ":action",
        vec![Attr::expr(":let", row.clone())],
        show_links,
    ));
    if destroy {
        table_children.push(Node::el(
            ":action",
            vec![Attr::expr(":let", format!("{{id, {singular}}}"))],
            vec![Node::el(
                ".link",
                vec![
                    Attr::expr("phx-click", format!("JS.push(\"delete\", value: %{{id: {singular}.id}}) |> hide(\"##{{id}}\")")),
                    Attr::str("data-confirm", "Are you sure?"),
                ],
                vec![Node::text("Delete")],
            )],
        ));
    }
    let table = Node::el(
        ".table",
        vec![
            Attr::str("id", plural.clone()),
            Attr::expr("rows", format!("@streams.{plural}")),
            Attr::expr(
                "row_click",
                format!("fn {row} -> JS.navigate(~p\"{route}/#{{{singular}}}\") end"),
            ),
        ],
        table_children,
    );
    let index_tree = Node::el(
        "Layouts.app",
        layout.clone(),
        vec![
            Node::el(".header", vec![], header_children),
            Node::Blank,
            table,
        ],
    );
    let index_body = heex::render(&[index_tree], 4);

    let mut read_kw = action_kw(&r.read, "read");
    if !loads.is_empty() {
        read_kw.push(("load".into(), literal::atom_list(loads)));
    }
    read_kw.extend(actor_kw());
    let load = if r.has_inserted_at {
        let read = code::call(6, "|> ", "Ash.read!", &[], &read_kw, "");
        format!(
            "{plural} =\n      {res}\n      |> Ash.Query.sort(inserted_at: :desc)\n      {read}"
        )
    } else {
        code::bind(
            4,
            &plural,
            &code::call(6, "", "Ash.read!", std::slice::from_ref(&res), &read_kw, ""),
        )
    };
    code.insert("index_load", load);
    code.insert(
        "index_title",
        code::call(
            5,
            "|> ",
            "assign",
            &[
                ":page_title".into(),
                literal::string(&format!("Listing {}", names.human_plural)),
            ],
            &[],
            "",
        ),
    );
    code.insert(
        "index_stream",
        code::call(
            5,
            "|> ",
            "stream",
            &[format!(":{plural}"), plural.clone()],
            &[],
            "}",
        ),
    );
    let mut get_kw = action_kw(&r.read, "read");
    get_kw.extend(actor_kw());
    let mut destroy_kw = action_kw(&r.destroy, "destroy");
    destroy_kw.extend(actor_kw());
    code.insert(
        "delete_body",
        code::statements(
            4,
            &[
                code::bind(
                    4,
                    &singular,
                    &code::call(6, "", "Ash.get!", &[res.clone(), "id".into()], &get_kw, ""),
                ),
                code::call(
                    4,
                    "",
                    "Ash.destroy!",
                    std::slice::from_ref(&singular),
                    &destroy_kw,
                    "",
                ),
            ],
        ),
    );
    let delete_args = ["socket".to_string(), format!(":{plural}"), singular.clone()];
    let reply = code::call(4, "{:noreply, ", "stream_delete", &delete_args, &[], "}");
    code.insert(
        "delete_reply",
        if reply.contains('\n') {
            format!(
                "{{:noreply,\n     {}",
                code::call(5, "", "stream_delete", &delete_args, &[], "}")
            )
        } else {
            reply
        },
    );

    index_body
}

/// The Show page: every field. Returns its `~H` body.
fn show(
    s: &Shared<'_>,
    fields: &[Field],
    loads: &[String],
    flags: Flags,
    layout: &[Attr],
    code: &mut Code,
) -> String {
    let names = s.names;
    let r = s.r;
    let singular = s.singular.clone();
    let route = s.route.clone();
    let res = s.res.clone();
    let actor_kw = || s.actor_kw();
    let update = flags.update;
    let layout = layout.to_vec();
    // ------------------------------------------------------------------
    // Show
    // ------------------------------------------------------------------
    let rec = format!("@{singular}");
    let title_text = match &r.label {
        Some(l) => format!("{{{rec}.{l}}}"),
        None => format!("{} {{{rec}.id}}", names.human_singular),
    };
    let mut actions = vec![Node::block(
        ".button",
        vec![Attr::expr("navigate", format!("~p\"{route}\""))],
        vec![Node::void(
            ".icon",
            vec![Attr::str("name", "hero-arrow-left")],
        )],
    )];
    if update {
        actions.push(Node::block(
            ".button",
            vec![
                Attr::str("variant", "primary"),
                Attr::expr(
                    "navigate",
                    format!("~p\"{route}/#{{{rec}}}/edit?return_to=show\""),
                ),
            ],
            vec![Node::text(format!(
                "<.icon name=\"hero-pencil-square\" /> Edit {}",
                names.human_singular.to_lowercase()
            ))],
        ));
    }
    let items: Vec<Node> = fields
        .iter()
        .filter(|f| f.in_show)
        .map(|f| {
            Node::el(
                ":item",
                vec![Attr::str("title", f.label.clone())],
                vec![Node::text((f.display)(&rec))],
            )
        })
        .collect();
    let mut show_children = vec![Node::el(
        ".header",
        vec![],
        vec![
            Node::text(title_text),
            Node::el(
                ":subtitle",
                vec![],
                vec![Node::text(format!(
                    "This is a {} record from your database.",
                    names.human_singular.to_lowercase()
                ))],
            ),
            Node::el(":actions", vec![], actions),
        ],
    )];
    if !items.is_empty() {
        show_children.push(Node::Blank);
        show_children.push(Node::el(".list", vec![], items));
    }
    let show_body = heex::render(&[Node::el("Layouts.app", layout.clone(), show_children)], 4);
    let mut show_kw = action_kw(&r.read, "read");
    if !loads.is_empty() {
        show_kw.push(("load".into(), literal::atom_list(loads)));
    }
    show_kw.extend(actor_kw());
    code.insert(
        "show_get",
        code::bind(
            4,
            &singular,
            &code::call(6, "", "Ash.get!", &[res.clone(), "id".into()], &show_kw, ""),
        ),
    );
    code.insert(
        "show_title",
        code::call(
            5,
            "|> ",
            "assign",
            &[
                ":page_title".into(),
                literal::string(&format!("Show {}", names.human_singular)),
            ],
            &[],
            "",
        ),
    );
    code.insert(
        "show_assign",
        code::call(
            5,
            "|> ",
            "assign",
            &[format!(":{singular}"), singular.clone()],
            &[],
            "}",
        ),
    );

    show_body
}

/// The Form page (new and edit). Returns its `~H` body.
fn form_page(
    s: &Shared<'_>,
    fields: &[Field],
    form_rels: &[&PageRel],
    flags: Flags,
    layout: &[Attr],
    code: &mut Code,
    option_helpers: &mut Vec<String>,
) -> String {
    let names = s.names;
    let r = s.r;
    let singular = s.singular.clone();
    let route = s.route.clone();
    let res = s.res.clone();
    let actor = s.actor.clone();
    let actor_kw = || s.actor_kw();
    let aliased = |m: &ModuleName| s.aliased(m);
    let Flags { create, update, .. } = flags;
    let layout = layout.to_vec();
    let rec = format!("@{singular}");
    let mut get_kw = action_kw(&r.read, "read");
    get_kw.extend(actor_kw());
    // ------------------------------------------------------------------
    // Form
    // ------------------------------------------------------------------
    let form_id = format!("{singular}-form");
    let mut form_children: Vec<Node> = fields.iter().filter_map(|f| f.input.clone()).collect();
    form_children.push(Node::el(
        "footer",
        vec![],
        vec![
            Node::el(
                ".button",
                vec![
                    Attr::str("phx-disable-with", "Saving..."),
                    Attr::str("variant", "primary"),
                ],
                vec![Node::text(format!("Save {}", names.human_singular))],
            ),
            Node::el(
                ".button",
                vec![Attr::expr(
                    "navigate",
                    format!("return_path(@return_to, {rec})"),
                )],
                vec![Node::text("Cancel")],
            ),
        ],
    ));
    let form_tree = Node::el(
        "Layouts.app",
        layout.clone(),
        vec![
            Node::el(
                ".header",
                vec![],
                vec![
                    Node::text("{@page_title}"),
                    Node::el(
                        ":subtitle",
                        vec![],
                        vec![Node::text(format!(
                            "Use this form to manage {} records in your database.",
                            names.human_singular.to_lowercase()
                        ))],
                    ),
                ],
            ),
            Node::Blank,
            Node::el(
                ".form",
                vec![
                    Attr::expr("for", "@form"),
                    Attr::str("id", form_id.clone()),
                    Attr::str("phx-change", "validate"),
                    Attr::str("phx-submit", "save"),
                ],
                form_children,
            ),
        ],
    );
    let form_body = heex::render(&[form_tree], 4);
    let mut mount = vec![
        "{:ok,".to_string(),
        "     socket".to_string(),
        "     |> assign(:return_to, return_to(params[\"return_to\"]))".to_string(),
    ];
    let options_arg = |b: &PageRel| {
        if actor.is_some() && (b.policies || r.policies) {
            "socket"
        } else {
            ""
        }
    };
    for b in form_rels {
        let call = format!("{}_options({})", b.name, options_arg(b));
        mount.push(format!(
            "     {}",
            code::call(
                5,
                "|> ",
                "assign",
                &[format!(":{}_options", b.name), call],
                &[],
                ""
            )
        ));
    }
    mount.push("     |> apply_action(socket.assigns.live_action, params)}".to_string());
    code.insert("form_mount", mount.join("\n"));
    let as_kw = |kw: &mut Vec<(String, String)>| {
        kw.insert(0, ("as".to_string(), literal::string(&singular)));
    };
    if update {
        code.insert(
            "edit_get",
            code::bind(
                4,
                &singular,
                &code::call(6, "", "Ash.get!", &[res.clone(), "id".into()], &get_kw, ""),
            ),
        );
        let mut kw = actor_kw();
        as_kw(&mut kw);
        code.insert(
            "edit_form",
            code::call(
                6,
                "|> ",
                "AshPhoenix.Form.for_update",
                &[literal::atom(r.update.as_deref().unwrap_or("update"))],
                &kw,
                "",
            ),
        );
        code.insert(
            "edit_title",
            code::call(
                4,
                "|> ",
                "assign",
                &[
                    ":page_title".into(),
                    literal::string(&format!("Edit {}", names.human_singular)),
                ],
                &[],
                "",
            ),
        );
        code.insert(
            "edit_assign",
            code::call(
                4,
                "|> ",
                "assign",
                &[format!(":{singular}"), singular.clone()],
                &[],
                "",
            ),
        );
    }
    if create {
        let mut kw = actor_kw();
        as_kw(&mut kw);
        code.insert(
            "new_form",
            code::call(
                6,
                "|> ",
                "AshPhoenix.Form.for_create",
                &[literal::atom(r.create.as_deref().unwrap_or("create"))],
                &kw,
                "",
            ),
        );
        code.insert(
            "new_title",
            code::call(
                4,
                "|> ",
                "assign",
                &[
                    ":page_title".into(),
                    literal::string(&format!("New {}", names.human_singular)),
                ],
                &[],
                "",
            ),
        );
        code.insert(
            "new_assign",
            code::call(
                4,
                "|> ",
                "assign",
                &[format!(":{singular}"), "nil".into()],
                &[],
                "",
            ),
        );
    }
    code.insert(
        "save_navigate",
        code::call(
            9,
            "|> ",
            "push_navigate",
            &[],
            &[(
                "to".into(),
                format!("return_path(socket.assigns.return_to, {singular})"),
            )],
            "}",
        ),
    );
    let param = literal::string(&singular);
    code.insert(
        "validate_head",
        def_head(
            "def",
            "handle_event",
            &[
                "\"validate\"".into(),
                format!("%{{{param} => params}}"),
                "socket".into(),
            ],
        ),
    );
    code.insert(
        "save_head",
        def_head(
            "def",
            "handle_event",
            &[
                "\"save\"".into(),
                format!("%{{{param} => params}}"),
                "socket".into(),
            ],
        ),
    );
    let mut saved = Vec::new();
    if create {
        saved.push(def_do(
            "saved_message",
            &[":new".into()],
            &literal::string(&format!("{} created successfully", names.human_singular)),
        ));
    }
    if update {
        saved.push(def_do(
            "saved_message",
            &[":edit".into()],
            &literal::string(&format!("{} updated successfully", names.human_singular)),
        ));
    }
    code.insert("saved_messages", defs_block(&saved));
    code.insert(
        "return_paths",
        defs_block(&[
            def_do(
                "return_path",
                &["\"index\"".into(), format!("_{singular}")],
                &format!("~p\"{route}\""),
            ),
            def_do(
                "return_path",
                &["\"show\"".into(), singular.clone()],
                &format!("~p\"{route}/#{{{singular}}}\""),
            ),
        ]),
    );
    for b in form_rels {
        let dest = aliased(&b.destination);
        let arg = options_arg(b);
        let kw = if arg.is_empty() {
            Vec::new()
        } else {
            actor_kw()
        };
        let mut lines = vec![
            format!("  defp {}_options({arg}) do", b.name),
            format!("    {dest}"),
        ];
        if let Some(l) = &b.label {
            lines.push(format!("    |> Ash.Query.sort({l}: :asc)"));
        }
        lines.push(code::call(4, "    |> ", "Ash.read!", &[], &kw, ""));
        let label = b.label.clone().unwrap_or_else(|| "id".into());
        lines.push(format!("    |> Enum.map(&{{&1.{label}, &1.id}})"));
        lines.push("  end".into());
        option_helpers.insert(0, lines.join("\n"));
    }

    form_body
}

/// The LiveViewTest module's model, and the modules it aliases.
fn tests(
    s: &Shared<'_>,
    fields: &[Field],
    form_rels: &[&PageRel],
    flags: Flags,
    login: bool,
    warnings: &mut Vec<String>,
) -> (Tests, Vec<ModuleName>) {
    let r = s.r;
    let singular = s.singular.clone();
    let plural = s.plural.clone();
    let res = s.res.clone();
    let aliased = |m: &ModuleName| s.aliased(m);
    let Flags {
        form,
        create,
        update,
        ..
    } = flags;
    let form_id = format!("{singular}-form");
    // ------------------------------------------------------------------
    // Tests
    // ------------------------------------------------------------------
    let mut tests = Tests {
        login,
        ..Tests::default()
    };
    let with_input: Vec<&Field> = fields
        .iter()
        .filter(|f| f.input.is_some() && f.samples.is_some())
        .collect();
    let pairs = |pick: fn(&(String, String)) -> String| -> Vec<(String, String)> {
        with_input
            .iter()
            .map(|f| (f.name.clone(), pick(f.samples.as_ref().expect("filtered"))))
            .collect()
    };
    let create_pairs = pairs(|s| s.0.clone());
    let update_pairs = pairs(|s| s.1.clone());
    let mut invalid_pairs: Vec<(String, String)> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| (f.name.clone(), "nil".to_string()))
        .collect();
    let mut invalid_message = "is required";
    if invalid_pairs.is_empty() {
        if let Some(f) = fields.iter().find(|f| f.invalid.is_some()) {
            invalid_pairs.push((f.name.clone(), f.invalid.clone().expect("checked")));
            invalid_message = "is invalid";
        }
    }
    if form {
        if create {
            tests
                .attrs
                .push(code::attribute_map(2, "create_attrs", &create_pairs));
        }
        if update {
            tests
                .attrs
                .push(code::attribute_map(2, "update_attrs", &update_pairs));
        }
        if !invalid_pairs.is_empty() {
            tests
                .attrs
                .push(code::attribute_map(2, "invalid_attrs", &invalid_pairs));
            tests.invalid = true;
        }
    }
    // The text field the assertions look for.
    let probe = r
        .attributes
        .iter()
        .find(|a| a.kind == Kind::Text && !a.sensitive)
        .map(|a| a.name.clone());
    let probe_accepted = probe
        .as_ref()
        .is_some_and(|p| with_input.iter().any(|f| &f.name == p));
    if let Some(p) = &probe {
        let words = p.replace('_', " ");
        tests.list_probe = Some(literal::string(&format!("existing {words}")));
        if probe_accepted {
            tests.create_probe = Some(literal::string(&format!("some {words}")));
            tests.update_probe = Some(literal::string(&format!("some updated {words}")));
        }
    }
    // Seeds: related records the form selects or the record needs.
    let mut seed_lines = Vec::new();
    let mut context_vars: Vec<String> = Vec::new();
    let mut overrides: Vec<(String, String)> = Vec::new();
    if let Some(p) = &probe {
        overrides.push((
            p.clone(),
            literal::string(&format!("existing {}", p.replace('_', " "))),
        ));
    }
    let mut test_modules: Vec<ModuleName> = vec![r.module.clone()];
    for b in &r.belongs_to {
        if r.owner.as_deref() == Some(b.name.as_str()) && login {
            overrides.push((b.name.clone(), "user".into()));
            continue;
        }
        if !(b.accepted || b.required) || b.destination == r.module {
            if b.required && b.destination == r.module {
                warnings.push(format!(
                    "{}: `{}` is a required reference to the same resource; seed it in the tests yourself",
                    r.module, b.name
                ));
            }
            continue;
        }
        let dest = aliased(&b.destination);
        test_modules.push(b.destination.clone());
        seed_lines.push(code::bind(
            4,
            &b.name,
            &code::call(6, "", "Ash.Generator.seed!", &[dest], &[], ""),
        ));
        overrides.push((b.name.clone(), b.name.clone()));
        context_vars.push(b.name.clone());
    }
    seed_lines.push(code::bind(
        4,
        &singular,
        &code::call_with_map(6, "Ash.Generator.seed!", &res, &overrides),
    ));
    let mut ret: Vec<String> = vec![format!("{singular}: {singular}")];
    ret.extend(context_vars.iter().map(|v| format!("{v}: {v}")));
    let owner_login = r.owner.is_some()
        && login
        && r.belongs_to
            .iter()
            .any(|b| Some(b.name.as_str()) == r.owner.as_deref());
    tests.setup_fn = format!(
        "  defp create_{singular}({}) do\n    {}\n\n    %{{{}}}\n  end",
        if owner_login {
            "%{user: user}"
        } else {
            "_context"
        },
        code::statements(4, &seed_lines),
        ret.join(", ")
    );
    let list_ctx = vec!["conn: conn".to_string(), format!("{singular}: {singular}")];
    let head = |title: String, ctx: &[String]| test_head(&literal::string(&title), ctx);
    tests.code.insert(
        "head_lists",
        head(format!("lists all {plural}"), &["conn: conn".to_string()]),
    );
    tests.code.insert(
        "head_updates",
        head(format!("updates {singular} in listing"), &list_ctx),
    );
    tests.code.insert(
        "head_deletes",
        head(format!("deletes {singular} in listing"), &list_ctx),
    );
    tests.code.insert(
        "head_displays",
        head(format!("displays {singular}"), &list_ctx),
    );
    tests.code.insert(
        "head_updates_show",
        head(format!("updates {singular} and returns to show"), &list_ctx),
    );
    let selected: Vec<&PageRel> = form_rels
        .iter()
        .copied()
        .filter(|b| context_vars.contains(&b.name))
        .collect();
    let mut create_ctx = vec!["conn: conn".to_string()];
    create_ctx.extend(selected.iter().map(|b| format!("{}: {}", b.name, b.name)));
    tests.code.insert(
        "head_saves",
        head(format!("saves new {singular}"), &create_ctx),
    );
    let create_params = match selected.as_slice() {
        [] => "@create_attrs".to_string(),
        [one] => format!("Map.put(@create_attrs, :{}, {}.id)", one.source, one.name),
        many => format!(
            "Map.merge(@create_attrs, %{{{}}})",
            many.iter()
                .map(|b| format!("{}: {}.id", b.source, b.name))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    tests
        .code
        .extend(test_steps(s, &form_id, create_params, invalid_message));
    (tests, test_modules)
}

/// The calls the tests make, laid out for where they stand: `live/2`,
/// `form/3`, `follow_redirect/2`, `element/3` and the expected texts.
fn test_steps(s: &Shared<'_>, form_id: &str, create_params: String, invalid_message: &str) -> Code {
    let names = s.names;
    let singular = s.singular.clone();
    let plural = s.plural.clone();
    let route = s.route.clone();
    let sel = literal::string(&format!("#{form_id}"));
    let mut tcode = Code::new();
    tcode.insert(
        "form_create",
        code::call(
            15,
            "|> ",
            "form",
            std::slice::from_ref(&sel),
            &[(singular.clone(), create_params)],
            "",
        ),
    );
    tcode.insert(
        "form_update",
        code::call(
            15,
            "|> ",
            "form",
            std::slice::from_ref(&sel),
            &[(singular.clone(), "@update_attrs".into())],
            "",
        ),
    );
    tcode.insert(
        "form_invalid",
        code::call(
            13,
            "|> ",
            "form",
            std::slice::from_ref(&sel),
            &[(singular.clone(), "@invalid_attrs".into())],
            "",
        ),
    );
    tcode.insert("invalid_message", literal::string(invalid_message));
    let live_call = |lhs: &str, path: &str| {
        code::bind(
            6,
            lhs,
            &code::call(8, "", "live", &["conn".into(), path.to_string()], &[], ""),
        )
    };
    tcode.insert(
        "live_index_list",
        live_call("{:ok, _index_live, html}", &format!("~p\"{route}\"")),
    );
    tcode.insert(
        "live_index",
        live_call("{:ok, index_live, _html}", &format!("~p\"{route}\"")),
    );
    tcode.insert(
        "live_show_display",
        live_call(
            "{:ok, _show_live, html}",
            &format!("~p\"{route}/#{{{singular}}}\""),
        ),
    );
    tcode.insert(
        "live_show",
        live_call(
            "{:ok, show_live, _html}",
            &format!("~p\"{route}/#{{{singular}}}\""),
        ),
    );
    tcode.insert("index_path", format!("~p\"{route}\""));
    tcode.insert("new_path", format!("~p\"{route}/new\""));
    tcode.insert("show_path", format!("~p\"{route}/#{{{singular}}}\""));
    tcode.insert("edit_path", format!("~p\"{route}/#{{{singular}}}/edit\""));
    tcode.insert(
        "edit_show_path",
        format!("~p\"{route}/#{{{singular}}}/edit?return_to=show\""),
    );
    tcode.insert(
        "follow_index",
        code::call(
            15,
            "|> ",
            "follow_redirect",
            &["conn".into(), format!("~p\"{route}\"")],
            &[],
            "",
        ),
    );
    tcode.insert(
        "follow_new",
        code::call(
            15,
            "|> ",
            "follow_redirect",
            &["conn".into(), format!("~p\"{route}/new\"")],
            &[],
            "",
        ),
    );
    tcode.insert(
        "follow_edit",
        code::call(
            15,
            "|> ",
            "follow_redirect",
            &["conn".into(), format!("~p\"{route}/#{{{singular}}}/edit\"")],
            &[],
            "",
        ),
    );
    tcode.insert(
        "follow_edit_show",
        code::call(
            15,
            "|> ",
            "follow_redirect",
            &[
                "conn".into(),
                format!("~p\"{route}/#{{{singular}}}/edit?return_to=show\""),
            ],
            &[],
            "",
        ),
    );
    tcode.insert(
        "follow_show",
        code::call(
            15,
            "|> ",
            "follow_redirect",
            &["conn".into(), format!("~p\"{route}/#{{{singular}}}\"")],
            &[],
            "",
        ),
    );
    let row_sel = |text: &str| {
        code::call(
            13,
            "|> ",
            "element",
            &[
                format!("\"#{plural}-#{{{singular}.id}} a\""),
                literal::string(text),
            ],
            &[],
            "",
        )
    };
    tcode.insert(
        "row_edit",
        code::call(
            15,
            "|> ",
            "element",
            &[
                format!("\"#{plural}-#{{{singular}.id}} a\""),
                "\"Edit\"".into(),
            ],
            &[],
            "",
        ),
    );
    tcode.insert("row_delete", row_sel("Delete"));
    tcode.insert(
        "refute_row",
        code::call(
            6,
            "refute ",
            "has_element?",
            &[
                "index_live".into(),
                format!("\"#{plural}-#{{{singular}.id}}\""),
            ],
            &[],
            "",
        ),
    );
    tcode.insert(
        "new_link",
        code::call(
            15,
            "|> ",
            "element",
            &[
                "\"a\"".into(),
                literal::string(&format!("New {}", names.human_singular)),
            ],
            &[],
            "",
        ),
    );
    tcode.insert(
        "created",
        literal::string(&format!("{} created successfully", names.human_singular)),
    );
    tcode.insert(
        "updated",
        literal::string(&format!("{} updated successfully", names.human_singular)),
    );
    tcode.insert(
        "listing",
        literal::string(&format!("Listing {}", names.human_plural)),
    );
    tcode.insert(
        "new_title",
        literal::string(&format!("New {}", names.human_singular)),
    );
    tcode.insert(
        "edit_title",
        literal::string(&format!("Edit {}", names.human_singular)),
    );
    tcode.insert(
        "show_title",
        literal::string(&format!("Show {}", names.human_singular)),
    );

    tcode
}

fn atom_options_helper(helper: &str, resource: &str, attr: &str, array: bool) -> String {
    let mut lines = vec![
        format!("  defp {helper} do"),
        format!("    {resource}"),
        format!(
            "    {}",
            code::call(
                4,
                "|> ",
                "Ash.Resource.Info.attribute",
                &[literal::atom(attr)],
                &[],
                ""
            )
        ),
        "    |> Map.fetch!(:constraints)".to_string(),
    ];
    if array {
        lines.push("    |> Keyword.fetch!(:items)".to_string());
    }
    lines.push("    |> Keyword.fetch!(:one_of)".to_string());
    lines.push("    |> Enum.map(&{Phoenix.Naming.humanize(&1), &1})".to_string());
    lines.push("  end".to_string());
    lines.join("\n")
}

/// `test "name", %{k: v} do` at column 4; a context pattern that does not
/// fit goes one pair per line.
fn test_head(name: &str, context: &[String]) -> String {
    let flat = format!("test {name}, %{{{}}} do", context.join(", "));
    if 4 + code::width(&flat) <= code::WIDTH {
        return flat;
    }
    let n = context.len();
    let pairs: Vec<String> = context
        .iter()
        .enumerate()
        .map(|(i, p)| format!("      {p}{}", if i + 1 < n { "," } else { "" }))
        .collect();
    format!("test {name}, %{{\n{}\n    }} do", pairs.join("\n"))
}

/// `def name(args) do` at column 2, broken like the formatter when long.
fn def_head(kind: &str, name: &str, args: &[String]) -> String {
    let flat = format!("{kind} {name}({}) do", args.join(", "));
    if 2 + code::width(&flat) <= code::WIDTH {
        return flat;
    }
    let n = args.len();
    let lines: Vec<String> = args
        .iter()
        .enumerate()
        .map(|(i, a)| format!("        {a}{}", if i + 1 < n { "," } else { "" }))
        .collect();
    format!("{kind} {name}(\n{}\n      ) do", lines.join("\n"))
}

/// `defp name(args), do: body` at column 2, with `do:` on its own line
/// when it does not fit (and the body below `do:` when that does not fit
/// either).
fn def_do(name: &str, args: &[String], body: &str) -> String {
    let head = format!("defp {name}({})", args.join(", "));
    let flat = format!("{head}, do: {body}");
    if 2 + code::width(&flat) <= code::WIDTH {
        return flat;
    }
    if 4 + code::width("do: ") + code::width(body) <= code::WIDTH {
        return format!("{head},\n    do: {body}");
    }
    format!("{head},\n    do:\n      {body}")
}

/// One-line definitions one per line; multi-line ones set apart by blank
/// lines, as the formatter does. Laid out for column 2.
fn defs_block(defs: &[String]) -> String {
    let mut out = String::new();
    for (i, d) in defs.iter().enumerate() {
        if i > 0 {
            let spaced = d.contains('\n') || defs[i - 1].contains('\n');
            out.push_str(if spaced { "\n\n  " } else { "\n  " });
        }
        out.push_str(d);
    }
    out
}
