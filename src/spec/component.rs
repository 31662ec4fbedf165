//! The validated input of the component generator (`scaffold live-component`).
//!
//! Attributes and slots are written one per flag, in the same spirit as the
//! field syntax of `ash-resource`:
//!
//! ```text
//! --attr NAME[:TYPE][:required][:values=A,B][:default=X][:include=A,B][:doc=TEXT]
//! --slot NAME[:required][:doc=TEXT]
//! ```
//!
//! TYPE is one of `any string atom boolean integer float list map global`
//! or a struct module (`Phoenix.HTML.FormField`); a bare name is a string.
//! A value that contains `:` is written in double quotes:
//! `doc="Shown as: a title"` (inside, `\"` and `\\`). A bare `default=nil`
//! is the `nil` literal; a quoted default of a `string` or `any` attribute
//! is text, so `default="nil"`, `default="true"` and `default="1"` are
//! strings.
//!
//! Everything Phoenix would reject when compiling the component is
//! rejected here first, with a hint: `required` together with `default`,
//! a default outside `values`, `values` of the wrong type, options that
//! `:global` attributes do not take, a second `:global` attribute,
//! duplicate names, an attribute called `inner_block`.
//!
//! Optional attributes without a default get one, so the template can
//! read every assign: `false` for booleans, `[]` for lists, `%{}` for
//! maps and `nil` otherwise.

use serde::Serialize;

use crate::error::{did_you_mean, Error, Result};
use crate::spec::layout::{width, Term};
use crate::spec::literal;
use crate::spec::names::{humanize, macro_underscore, ModuleName, SnakeName};

/// The attribute grammar, for `--help` and the README.
pub const ATTR_SYNTAX: &str =
    "NAME[:TYPE][:required][:values=A,B][:default=X][:include=A,B][:doc=TEXT]; \
TYPE: any, string (default), atom, boolean, integer, float, list, map, global or a struct module";

/// The slot grammar, for `--help` and the README.
pub const SLOT_SYNTAX: &str = "NAME[:required][:doc=TEXT]";

/// The `live-component` command line, unvalidated.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ComponentInput {
    /// `Ui.Card`, or fully qualified under the web module (`ShopWeb.Ui.Card`).
    pub module: String,
    /// `--attr` arguments.
    pub attrs: Vec<String>,
    /// `--slot` arguments.
    pub slots: Vec<String>,
    /// `--stateful`: a `Phoenix.LiveComponent` instead of a function component.
    pub stateful: bool,
    /// Generate a test (on unless `--no-test`).
    pub tests: bool,
}

/// The type of a component attribute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "module")]
pub enum AttrType {
    /// `:any`
    Any,
    /// `:string`
    String,
    /// `:atom`
    Atom,
    /// `:boolean`
    Boolean,
    /// `:integer`
    Integer,
    /// `:float`
    Float,
    /// `:list`
    List,
    /// `:map`
    Map,
    /// `:global`: the HTML attributes the caller passes through.
    Global,
    /// A struct module such as `Phoenix.HTML.FormField`.
    Struct(ModuleName),
}

const TYPE_NAMES: [&str; 9] = [
    "any", "string", "atom", "boolean", "integer", "float", "list", "map", "global",
];

const TYPE_ALIASES: &[(&str, &str)] = &[
    ("str", "string"),
    ("text", "string"),
    ("binary", "string"),
    ("int", "integer"),
    ("number", "integer"),
    ("bool", "boolean"),
    ("array", "list"),
    ("dict", "map"),
    ("object", "map"),
    ("rest", "global"),
    ("html", "global"),
    ("term", "any"),
    ("decimal", "float"),
];

impl AttrType {
    fn parse(word: &str, attr: &str) -> Result<AttrType> {
        match word {
            "any" => return Ok(AttrType::Any),
            "string" => return Ok(AttrType::String),
            "atom" => return Ok(AttrType::Atom),
            "boolean" => return Ok(AttrType::Boolean),
            "integer" => return Ok(AttrType::Integer),
            "float" => return Ok(AttrType::Float),
            "list" => return Ok(AttrType::List),
            "map" => return Ok(AttrType::Map),
            "global" => return Ok(AttrType::Global),
            _ => {}
        }
        if word.starts_with(|c: char| c.is_ascii_uppercase()) {
            return ModuleName::parse(word)
                .map(AttrType::Struct)
                .map_err(|e| within(&format!("attr `{attr}`"), e));
        }
        if matches!(word, "fun" | "function") {
            return Err(Error::input_hint(
                format!("attr `{attr}`: function attributes are not supported"),
                format!("declare it as `{attr}:any` and document the arity with doc=..."),
            ));
        }
        let alias = TYPE_ALIASES
            .iter()
            .find(|(a, _)| *a == word.to_ascii_lowercase())
            .map(|(_, t)| *t);
        let hint = match alias.or_else(|| did_you_mean(word, TYPE_NAMES)) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("one of: {}, or a struct module", TYPE_NAMES.join(", ")),
        };
        Err(Error::input_hint(
            format!("attr `{attr}`: unknown type `{word}`"),
            hint,
        ))
    }

    /// The type as Elixir code: `:string`, `Phoenix.HTML.FormField`.
    pub fn code(&self) -> String {
        match self {
            AttrType::Struct(m) => m.to_string(),
            other => format!(":{}", other.name()),
        }
    }

    /// The type as written on the command line.
    pub fn name(&self) -> &str {
        match self {
            AttrType::Any => "any",
            AttrType::String => "string",
            AttrType::Atom => "atom",
            AttrType::Boolean => "boolean",
            AttrType::Integer => "integer",
            AttrType::Float => "float",
            AttrType::List => "list",
            AttrType::Map => "map",
            AttrType::Global => "global",
            AttrType::Struct(m) => m.as_str(),
        }
    }
}

/// A literal value of an attribute (`values` or `default`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum AttrValue {
    /// `nil`
    Nil,
    /// A string.
    Text(String),
    /// An atom (snake_case).
    Atom(String),
    /// An integer.
    Integer(i64),
    /// A finite float.
    Float(f64),
    /// `true` / `false`.
    Boolean(bool),
    /// `[]`
    EmptyList,
    /// `%{}`
    EmptyMap,
}

impl AttrValue {
    /// The value as Elixir code.
    pub fn code(&self) -> String {
        match self {
            AttrValue::Nil => "nil".into(),
            AttrValue::Text(s) => literal::string(s),
            AttrValue::Atom(a) => literal::atom(a),
            AttrValue::Integer(i) => i.to_string(),
            AttrValue::Float(f) => literal::float(*f),
            AttrValue::Boolean(b) => b.to_string(),
            AttrValue::EmptyList => "[]".into(),
            AttrValue::EmptyMap => "%{}".into(),
        }
    }

    /// How the value reads once rendered into HTML: `primary` for
    /// `:primary`. `None` for values that render as nothing.
    pub fn rendered(&self) -> Option<String> {
        match self {
            AttrValue::Text(s) => Some(s.clone()),
            AttrValue::Atom(a) => Some(a.clone()),
            AttrValue::Integer(i) => Some(i.to_string()),
            AttrValue::Float(f) => Some(literal::float(*f)),
            AttrValue::Boolean(b) => Some(b.to_string()),
            AttrValue::Nil | AttrValue::EmptyList | AttrValue::EmptyMap => None,
        }
    }
}

/// One validated attribute.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttrSpec {
    /// `title`
    pub name: SnakeName,
    /// `Title`
    pub human: String,
    /// The type.
    pub ty: AttrType,
    /// `required: true`
    pub required: bool,
    /// `values: [...]`
    pub values: Vec<AttrValue>,
    /// The default, as given or implied for optional attributes.
    pub default: Option<AttrValue>,
    /// `include: ~w(...)` (global attributes only).
    pub include: Vec<String>,
    /// `doc: "..."`
    pub doc: Option<String>,
    /// The whole `attr` declaration, laid out for column 2.
    pub declaration: String,
    /// The canonical command-line form.
    pub cli: String,
}

/// One validated slot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SlotSpec {
    /// `actions`
    pub name: SnakeName,
    /// `Actions`
    pub human: String,
    /// `required: true`
    pub required: bool,
    /// `doc: "..."`
    pub doc: Option<String>,
    /// The whole `slot` declaration, laid out for column 2.
    pub declaration: String,
}

impl SlotSpec {
    /// Whether this is the default slot (`inner_block`).
    pub fn is_inner_block(&self) -> bool {
        self.name.as_str() == "inner_block"
    }
}

/// The validated, fully derived description of one component.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComponentSpec {
    /// `ShopWeb`
    pub web_module: ModuleName,
    /// `ShopWeb.Ui.Card`
    pub module: ModuleName,
    /// `Card`
    pub alias: String,
    /// The function of a function component: `card`.
    pub function: String,
    /// A CSS class derived from the name: `card`.
    pub css_class: String,
    /// `Card` (`Status badge` for `StatusBadge`).
    pub human: String,
    /// `lib/shop_web/components/ui/card.ex`, relative to the web app.
    pub file_path: String,
    /// `ShopWeb.Ui.CardTest`
    pub test_module: String,
    /// `test/shop_web/components/ui/card_test.exs`, relative to the web app.
    pub test_path: String,
    /// Attributes in command-line order.
    pub attrs: Vec<AttrSpec>,
    /// Slots in command-line order.
    pub slots: Vec<SlotSpec>,
    /// A `Phoenix.LiveComponent`.
    pub stateful: bool,
    /// Generate a test.
    pub tests: bool,
}

/// Assigns a LiveComponent always has; attributes may not take these names.
const LIVE_COMPONENT_ASSIGNS: &[&str] = &["id", "myself", "socket", "flash", "live_action"];

impl ComponentSpec {
    /// Validates `input` for the web module `web` and derives every name.
    pub fn build(input: ComponentInput, web: &ModuleName) -> Result<ComponentSpec> {
        let written = ModuleName::parse(&input.module)?;
        let module = if written.starts_with(web) {
            if &written == web {
                return Err(Error::input_hint(
                    format!("`{written}` is the web module itself, not a component"),
                    "name a component inside it, e.g. `Ui.Card`",
                ));
            }
            written
        } else {
            web.join(&written)?
        };
        let relative = module
            .relative_to(web)
            .expect("module is strictly inside the web module");
        let alias = module.last().to_string();
        let function = macro_underscore(&alias);
        let function_name = SnakeName::parse(&function).map_err(|_| {
            Error::input_hint(
                format!("component `{module}` cannot be used: `{function}` is not a usable function name"),
                "rename the component",
            )
        })?;
        if !input.stateful && LOCAL_CONFLICTS.contains(&function_name.as_str()) {
            return Err(Error::input_hint(
                format!(
                    "component `{module}` would define `{function}/1`, which clashes with `Phoenix.Component.{function}/1`"
                ),
                format!("choose another name, e.g. `{}`", suggested_rename(&relative)),
            ));
        }
        let web_path = web.underscore_path();
        let rel_path = relative.underscore_path();

        let mut attrs: Vec<AttrSpec> = Vec::new();
        for raw in &input.attrs {
            let attr = parse_attr(raw)?;
            if let Some(prev) = attrs.iter().find(|a| a.name == attr.name) {
                return Err(Error::input_hint(
                    format!(
                        "attr `{}` is given twice (`{}` and `{}`)",
                        attr.name, prev.cli, attr.cli
                    ),
                    "remove or rename one of them",
                ));
            }
            if attr.ty == AttrType::Global {
                if let Some(prev) = attrs.iter().find(|a| a.ty == AttrType::Global) {
                    return Err(Error::input_hint(
                        format!(
                            "attr `{}`: only one `:global` attribute is allowed, and `{}` already is one",
                            attr.name, prev.name
                        ),
                        "remove one of them",
                    ));
                }
            }
            if input.stateful {
                if attr.ty == AttrType::Global {
                    return Err(Error::input_hint(
                        format!(
                            "attr `{}`: `:global` attributes belong to function components",
                            attr.name
                        ),
                        "drop --stateful, or pass the HTML attributes explicitly",
                    ));
                }
                if LIVE_COMPONENT_ASSIGNS.contains(&attr.name.as_str()) {
                    return Err(Error::input_hint(
                        format!(
                            "attr `{}`: every LiveComponent already has the `@{}` assign",
                            attr.name, attr.name
                        ),
                        "rename the attribute",
                    ));
                }
            }
            attrs.push(attr);
        }

        let mut slots: Vec<SlotSpec> = Vec::new();
        for raw in &input.slots {
            if input.stateful {
                return Err(Error::input_hint(
                    format!("slot `{raw}`: slots are declared on function components"),
                    "drop --stateful, or render the LiveComponent inside a function component that takes the slot",
                ));
            }
            let slot = parse_slot(raw)?;
            if slots.iter().any(|s| s.name == slot.name) {
                return Err(Error::input_hint(
                    format!("slot `{}` is given twice", slot.name),
                    "remove one of them",
                ));
            }
            if attrs.iter().any(|a| a.name == slot.name) {
                return Err(Error::input_hint(
                    format!(
                        "`{}` is both an attr and a slot; both become the assign `@{}`",
                        slot.name, slot.name
                    ),
                    "rename one of them",
                ));
            }
            slots.push(slot);
        }

        Ok(ComponentSpec {
            web_module: web.clone(),
            human: humanize(&function),
            css_class: function.replace('_', "-"),
            file_path: format!("lib/{web_path}/components/{rel_path}.ex"),
            test_module: format!("{module}Test"),
            test_path: format!("test/{web_path}/components/{rel_path}_test.exs"),
            module,
            alias,
            function,
            attrs,
            slots,
            stateful: input.stateful,
            tests: input.tests,
        })
    }

    /// The global attribute, if one is declared.
    pub fn global(&self) -> Option<&AttrSpec> {
        self.attrs.iter().find(|a| a.ty == AttrType::Global)
    }
}

/// Functions `use Phoenix.Component` imports: a component function with
/// the same name would be ambiguous in the module's own templates.
const LOCAL_CONFLICTS: &[&str] = &[
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
    "assign",
    "assign_new",
    "update",
    "render_slot",
    "to_form",
    "used_input",
    "changed",
];

fn suggested_rename(relative: &ModuleName) -> String {
    match relative.parent() {
        Some(p) => format!("{p}.{}Component", relative.last()),
        None => format!("{}Component", relative.last()),
    }
}

/// Re-labels an input error with the thing it came from.
fn within(label: &str, e: Error) -> Error {
    match e {
        Error::Input { message, hint } => Error::Input {
            message: format!("{label}: {message}"),
            hint,
        },
        other => other,
    }
}

// ---------------------------------------------------------------------------
// Tokenizer
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Word(String),
    /// `key=value`, and whether the value was written in double quotes.
    Pair(String, String, bool),
}

/// An option value as written: its text and whether it was in double
/// quotes.
#[derive(Debug, Clone, PartialEq)]
struct Written {
    value: String,
    quoted: bool,
}

impl Written {
    /// The value as it reads back: in quotes when it was written in quotes.
    fn cli(&self) -> String {
        if self.quoted {
            quoted(&self.value)
        } else {
            self.value.clone()
        }
    }
}

/// `text` in double quotes, with `\"` and `\\` inside.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Splits on `:` outside double-quoted values.
fn pieces(input: &str, label: &str) -> Result<Vec<Piece>> {
    let chars: Vec<char> = input.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        let mut head = String::new();
        while i < chars.len() && chars[i] != ':' && chars[i] != '=' {
            head.push(chars[i]);
            i += 1;
        }
        if i < chars.len() && chars[i] == '=' {
            i += 1;
            let mut value = String::new();
            let quoted = i < chars.len() && chars[i] == '"';
            if quoted {
                i += 1;
                let mut closed = false;
                while i < chars.len() {
                    match chars[i] {
                        '\\' if i + 1 < chars.len() && matches!(chars[i + 1], '"' | '\\') => {
                            value.push(chars[i + 1]);
                            i += 2;
                        }
                        '"' => {
                            closed = true;
                            i += 1;
                            break;
                        }
                        c => {
                            value.push(c);
                            i += 1;
                        }
                    }
                }
                if !closed {
                    return Err(Error::input_hint(
                        format!("{label}: the quoted value of `{head}=` is not closed"),
                        format!("end it with `\"`, e.g. {head}=\"a: b\""),
                    ));
                }
                if i < chars.len() && chars[i] != ':' {
                    return Err(Error::input_hint(
                        format!("{label}: unexpected text after the closing quote of `{head}=`"),
                        "put a `:` after the closing quote",
                    ));
                }
            } else {
                while i < chars.len() && chars[i] != ':' {
                    value.push(chars[i]);
                    i += 1;
                }
            }
            out.push(Piece::Pair(head, value, quoted));
        } else {
            out.push(Piece::Word(head));
        }
        if i >= chars.len() {
            break;
        }
        i += 1;
        if i == chars.len() {
            out.push(Piece::Word(String::new()));
            break;
        }
    }
    if out
        .iter()
        .any(|p| matches!(p, Piece::Word(w) if w.is_empty()))
    {
        return Err(Error::input_hint(
            format!("{label}: it has an empty part (an extra `:`)"),
            "remove the extra `:`",
        ));
    }
    Ok(out)
}

fn shown(input: &str) -> String {
    input.chars().filter(|c| !c.is_control()).take(80).collect()
}

// ---------------------------------------------------------------------------
// Attributes
// ---------------------------------------------------------------------------

fn component_name(raw: &str, what: &str, label: &str) -> Result<SnakeName> {
    let name = SnakeName::parse(raw).map_err(|e| within(label, e))?;
    if name.as_str().ends_with('?') {
        let plain = name.as_str().trim_end_matches('?');
        return Err(Error::input_hint(
            format!("{label}: {what} names may not end in `?`"),
            format!("did you mean `{plain}`?"),
        ));
    }
    if name.as_str().starts_with("__") {
        return Err(Error::input_hint(
            format!("{label}: names starting with `__` are reserved by Phoenix"),
            "rename it",
        ));
    }
    Ok(name)
}

fn parse_attr(raw: &str) -> Result<AttrSpec> {
    let label = format!("attr `{}`", shown(raw));
    if raw.trim().is_empty() {
        return Err(Error::input_hint("empty --attr", ATTR_SYNTAX));
    }
    let parts = pieces(raw, &label)?;
    let name = match &parts[0] {
        Piece::Word(w) => component_name(w, "attr", &label)?,
        Piece::Pair(k, ..) => {
            return Err(Error::input_hint(
                format!("{label}: it must start with a name, not `{k}=`"),
                ATTR_SYNTAX,
            ))
        }
    };
    if name.as_str() == "inner_block" {
        return Err(Error::input_hint(
            "attr `inner_block`: that name belongs to the default slot",
            "use `--slot inner_block` instead",
        ));
    }
    let label = format!("attr `{name}`");
    let mut rest = &parts[1..];
    let ty = match rest.first() {
        Some(Piece::Word(w)) if w != "required" => {
            rest = &rest[1..];
            AttrType::parse(w, name.as_str())?
        }
        _ => AttrType::String,
    };
    let mut required = false;
    let mut values_raw: Option<Written> = None;
    let mut default_raw: Option<Written> = None;
    let mut include_raw: Option<Written> = None;
    let mut doc: Option<Written> = None;
    for piece in rest {
        match piece {
            Piece::Word(w) if w == "required" => {
                if required {
                    return Err(Error::input_hint(
                        format!("{label}: `required` is given twice"),
                        "remove one",
                    ));
                }
                required = true;
            }
            Piece::Word(w) => {
                let known = ["required", "values=", "default=", "include=", "doc="];
                let hint = match did_you_mean(w, ["required"]) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None if TYPE_NAMES.contains(&w.as_str()) => {
                        "the type comes right after the name, and only once".to_string()
                    }
                    None => format!("modifiers: {}", known.join(", ")),
                };
                return Err(Error::input_hint(
                    format!("{label}: unknown modifier `{w}`"),
                    hint,
                ));
            }
            Piece::Pair(k, v, quoted) => {
                let slot = match k.as_str() {
                    "values" => &mut values_raw,
                    "default" => &mut default_raw,
                    "include" => &mut include_raw,
                    "doc" => &mut doc,
                    other => {
                        let keys = ["values", "default", "include", "doc"];
                        let hint = match did_you_mean(other, keys) {
                            Some(s) => format!("did you mean `{s}=`?"),
                            None => {
                                format!("options: {}", keys.map(|k| format!("{k}=")).join(", "))
                            }
                        };
                        return Err(Error::input_hint(
                            format!("{label}: unknown option `{other}=`"),
                            hint,
                        ));
                    }
                };
                if slot.is_some() {
                    return Err(Error::input_hint(
                        format!("{label}: `{k}=` is given twice"),
                        "keep one",
                    ));
                }
                *slot = Some(Written {
                    value: v.clone(),
                    quoted: *quoted,
                });
            }
        }
    }

    let doc: Option<String> = doc.map(|d| d.value);
    if let Some(d) = &doc {
        if d.trim().is_empty() {
            return Err(Error::input_hint(
                format!("{label}: `doc=` is empty"),
                "write the documentation or drop doc=",
            ));
        }
        if d.chars()
            .any(|c| c.is_control() || literal::is_invisible(c))
        {
            return Err(Error::input_hint(
                format!("{label}: `doc=` contains control or invisible characters"),
                "use plain text",
            ));
        }
    }

    let global = ty == AttrType::Global;
    if global {
        for (given, what) in [
            (required, "required"),
            (values_raw.is_some(), "values="),
            (default_raw.is_some(), "default="),
        ] {
            if given {
                return Err(Error::input_hint(
                    format!("{label}: `:global` attributes do not take `{what}`"),
                    "global attributes collect whatever HTML attributes the caller passes; drop it",
                ));
            }
        }
    } else if include_raw.is_some() {
        return Err(Error::input_hint(
            format!("{label}: `include=` applies to `:global` attributes only"),
            format!("write `{name}:global:include=...`, or drop include="),
        ));
    }
    if required && default_raw.is_some() {
        return Err(Error::input_hint(
            format!("{label}: `required` and `default=` exclude each other"),
            "a required attribute is always given; drop one of them",
        ));
    }

    let values = match &values_raw {
        None => Vec::new(),
        Some(Written { value: list, .. }) => {
            if !matches!(
                ty,
                AttrType::String
                    | AttrType::Atom
                    | AttrType::Integer
                    | AttrType::Float
                    | AttrType::Any
            ) {
                return Err(Error::input_hint(
                    format!("{label}: `values=` needs a string, atom, integer or float attribute, not `{}`", ty.name()),
                    "drop values=, or change the type",
                ));
            }
            let mut values = Vec::new();
            for item in list.split(',') {
                let item = item.trim();
                if item.is_empty() {
                    return Err(Error::input_hint(
                        format!("{label}: `values=` has an empty entry"),
                        "list the values separated by commas, e.g. values=primary,secondary",
                    ));
                }
                let v = parse_value(item, &ty, &label, "values=")?;
                if values.contains(&v) {
                    return Err(Error::input_hint(
                        format!("{label}: `{item}` is listed twice in values="),
                        "remove the duplicate",
                    ));
                }
                values.push(v);
            }
            values
        }
    };

    let default = match &default_raw {
        Some(d) => {
            // Only a bare `nil` is the nil literal; in quotes it is text
            // (and `"true"` or `"1"` stay text where text is accepted).
            let v = match (d.value.as_str(), d.quoted, &ty) {
                ("nil", false, _) => AttrValue::Nil,
                (text, true, AttrType::String | AttrType::Any) => {
                    parse_value(text, &AttrType::String, &label, "default=")?
                }
                (text, ..) => parse_value(text, &ty, &label, "default=")?,
            };
            if !values.is_empty() && v != AttrValue::Nil && !values.contains(&v) {
                let listed: Vec<String> = values.iter().filter_map(AttrValue::rendered).collect();
                return Err(Error::input_hint(
                    format!(
                        "{label}: the default `{}` is not one of values= ({})",
                        d.cli(),
                        listed.join(", ")
                    ),
                    format!("use one of: {}", listed.join(", ")),
                ));
            }
            Some(v)
        }
        None if required || global => None,
        None => Some(match ty {
            AttrType::Boolean => AttrValue::Boolean(false),
            AttrType::List => AttrValue::EmptyList,
            AttrType::Map => AttrValue::EmptyMap,
            _ => AttrValue::Nil,
        }),
    };

    let include = match &include_raw {
        None => Vec::new(),
        Some(Written { value: list, .. }) => {
            let mut out: Vec<String> = Vec::new();
            for item in list.split(',').map(str::trim) {
                let ok = !item.is_empty()
                    && item.starts_with(|c: char| c.is_ascii_lowercase())
                    && item
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
                if !ok {
                    return Err(Error::input_hint(
                        format!("{label}: `{item}` in include= is not an HTML attribute name"),
                        "e.g. include=href,method,download",
                    ));
                }
                if !out.iter().any(|o| o == item) {
                    out.push(item.to_string());
                }
            }
            out
        }
    };

    let mut cli = vec![name.to_string(), ty.name().to_string()];
    if required {
        cli.push("required".into());
    }
    if let Some(v) = &values_raw {
        cli.push(format!("values={}", v.cli()));
    }
    if let Some(d) = &default_raw {
        cli.push(format!("default={}", d.cli()));
    }
    if let Some(i) = &include_raw {
        cli.push(format!("include={}", i.cli()));
    }
    if let Some(d) = &doc {
        cli.push(format!("doc={}", quoted(d)));
    }

    let mut options: Vec<Term> = Vec::new();
    if required {
        options.push(Term::pair("required", Term::raw("true")));
    }
    if !values.is_empty() {
        options.push(Term::pair("values", values_term(&values)));
    }
    if let Some(d) = &default {
        options.push(Term::pair("default", Term::raw(d.code())));
    }
    if !include.is_empty() {
        options.push(Term::pair(
            "include",
            Term::raw(format!("~w({})", include.join(" "))),
        ));
    }
    if let Some(d) = &doc {
        options.push(Term::pair("doc", Term::raw(literal::string(d))));
    }
    let mut args = vec![Term::raw(name.atom()), Term::raw(ty.code())];
    if !options.is_empty() {
        args.push(Term::List(options));
    }
    let declaration = declaration("attr", &args);

    Ok(AttrSpec {
        human: name.human(),
        cli: cli.join(":"),
        name,
        ty,
        required,
        values,
        default,
        include,
        doc,
        declaration,
    })
}

/// `values: [...]` as a term: `~w(a b)` for plain string words, a list
/// otherwise.
fn values_term(values: &[AttrValue]) -> Term {
    let words: Option<Vec<&str>> = values
        .iter()
        .map(|v| match v {
            AttrValue::Text(s)
                if !s.is_empty()
                    && s.chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) =>
            {
                Some(s.as_str())
            }
            _ => None,
        })
        .collect();
    match words {
        Some(words) => Term::raw(format!("~w({})", words.join(" "))),
        None => Term::List(values.iter().map(|v| Term::raw(v.code())).collect()),
    }
}

fn parse_value(text: &str, ty: &AttrType, label: &str, option: &str) -> Result<AttrValue> {
    let bad = |expected: &str, example: &str| {
        Error::input_hint(
            format!(
                "{label}: `{option}` value `{}` is not {expected}",
                shown(text)
            ),
            format!("e.g. {option}{example}"),
        )
    };
    if text
        .chars()
        .any(|c| c.is_control() || literal::is_invisible(c))
    {
        return Err(bad("plain text", "primary"));
    }
    match ty {
        AttrType::String => Ok(AttrValue::Text(text.to_string())),
        AttrType::Any => Ok(match text {
            "true" => AttrValue::Boolean(true),
            "false" => AttrValue::Boolean(false),
            _ => match text.parse::<i64>() {
                Ok(i) => AttrValue::Integer(i),
                Err(_) => AttrValue::Text(text.to_string()),
            },
        }),
        AttrType::Atom => {
            let word = text.strip_prefix(':').unwrap_or(text);
            SnakeName::atom_value(word)
                .map(|a| AttrValue::Atom(a.to_string()))
                .map_err(|_| bad("an atom name (snake_case)", "primary"))
        }
        AttrType::Integer => text
            .parse::<i64>()
            .map(AttrValue::Integer)
            .map_err(|_| bad("an integer", "10")),
        AttrType::Float => match text.parse::<f64>() {
            Ok(f) if f.is_finite() && !text.contains(['e', 'E', 'i', 'n', 'N']) => {
                Ok(AttrValue::Float(f))
            }
            _ => Err(bad("a number", "1.5")),
        },
        AttrType::Boolean => match text {
            "true" => Ok(AttrValue::Boolean(true)),
            "false" => Ok(AttrValue::Boolean(false)),
            _ => Err(bad("`true` or `false`", "true")),
        },
        AttrType::List => match text {
            "[]" => Ok(AttrValue::EmptyList),
            _ => Err(bad("`[]` or `nil`", "[]")),
        },
        AttrType::Map => match text {
            "%{}" | "{}" => Ok(AttrValue::EmptyMap),
            _ => Err(bad("`%{}` or `nil`", "%{}")),
        },
        AttrType::Struct(_) => Err(bad(
            "`nil` (struct attributes take no other default)",
            "nil",
        )),
        AttrType::Global => Err(bad("allowed here", "")),
    }
}

// ---------------------------------------------------------------------------
// Slots
// ---------------------------------------------------------------------------

fn parse_slot(raw: &str) -> Result<SlotSpec> {
    let label = format!("slot `{}`", shown(raw));
    if raw.trim().is_empty() {
        return Err(Error::input_hint("empty --slot", SLOT_SYNTAX));
    }
    let parts = pieces(raw, &label)?;
    let name = match &parts[0] {
        Piece::Word(w) => component_name(w, "slot", &label)?,
        Piece::Pair(k, ..) => {
            return Err(Error::input_hint(
                format!("{label}: it must start with a name, not `{k}=`"),
                SLOT_SYNTAX,
            ))
        }
    };
    let label = format!("slot `{name}`");
    let mut required = false;
    let mut doc: Option<String> = None;
    for piece in &parts[1..] {
        match piece {
            Piece::Word(w) if w == "required" && !required => required = true,
            Piece::Word(w) if w == "required" => {
                return Err(Error::input_hint(
                    format!("{label}: `required` is given twice"),
                    "remove one",
                ))
            }
            Piece::Pair(k, v, _) if k == "doc" && doc.is_none() => {
                if v.trim().is_empty()
                    || v.chars()
                        .any(|c| c.is_control() || literal::is_invisible(c))
                {
                    return Err(Error::input_hint(
                        format!("{label}: `doc=` must be plain, non-empty text"),
                        "write the documentation or drop doc=",
                    ));
                }
                doc = Some(v.clone());
            }
            Piece::Pair(k, ..) if k == "doc" => {
                return Err(Error::input_hint(
                    format!("{label}: `doc=` is given twice"),
                    "keep one",
                ))
            }
            Piece::Word(w)
                if TYPE_NAMES.contains(&w.as_str())
                    || w.starts_with(|c: char| c.is_ascii_uppercase()) =>
            {
                return Err(Error::input_hint(
                    format!("{label}: slots have no type (`{w}`)"),
                    format!("write `{name}` or `{name}:required`"),
                ))
            }
            other => {
                let text = match other {
                    Piece::Word(w) => w.clone(),
                    Piece::Pair(k, ..) => format!("{k}="),
                };
                let hint = match did_you_mean(&text, ["required", "doc="]) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("slots look like {SLOT_SYNTAX}"),
                };
                return Err(Error::input_hint(
                    format!("{label}: unknown modifier `{text}`"),
                    hint,
                ));
            }
        }
    }
    let mut options = Vec::new();
    if required {
        options.push(Term::pair("required", Term::raw("true")));
    }
    if let Some(d) = &doc {
        options.push(Term::pair("doc", Term::raw(literal::string(d))));
    }
    let mut args = vec![Term::raw(name.atom())];
    if !options.is_empty() {
        args.push(Term::List(options));
    }
    Ok(SlotSpec {
        human: name.human(),
        declaration: declaration("slot", &args),
        name,
        required,
        doc,
    })
}

/// `attr :name, :type, k: v, ...` (or `slot`) at column 2, broken like
/// the formatter: flat when it fits; otherwise the options one per line at
/// column 4, a list value broken one element per line and any other value
/// that does not fit moved to the next line.
fn declaration(call: &str, args: &[Term]) -> String {
    const COL: usize = 2;
    const WIDTH: usize = 98;
    let (options, head): (&[Term], &[Term]) = match args.split_last() {
        Some((Term::List(items), head)) => (items.as_slice(), head),
        _ => (&[], args),
    };
    let head: Vec<String> = head.iter().map(Term::flat).collect();
    let pairs: Vec<String> = options.iter().map(Term::flat).collect();
    let mut all = head.clone();
    all.extend(pairs.iter().cloned());
    let flat = format!("{call} {}", all.join(", "));
    if COL + width(&flat) <= WIDTH || options.is_empty() {
        return flat;
    }
    let mut out = format!("{call} {},", head.join(", "));
    let n = options.len();
    for (i, option) in options.iter().enumerate() {
        let comma = if i + 1 < n { "," } else { "" };
        let flat = format!("{}{comma}", option.flat());
        out.push('\n');
        if COL + 2 + width(&flat) <= WIDTH {
            out.push_str(&format!("    {flat}"));
            continue;
        }
        let Term::Pair(key, value) = option else {
            out.push_str(&format!("    {flat}"));
            continue;
        };
        match value.as_ref() {
            Term::List(items) if !items.is_empty() => {
                out.push_str(&format!("    {key}: ["));
                let m = items.len();
                for (j, item) in items.iter().enumerate() {
                    let c = if j + 1 < m { "," } else { "" };
                    out.push_str(&format!("\n      {}{c}", item.flat()));
                }
                out.push_str(&format!("\n    ]{comma}"));
            }
            other => out.push_str(&format!("    {key}:\n      {}{comma}", other.flat())),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn web() -> ModuleName {
        ModuleName::parse("ShopWeb").unwrap()
    }

    fn build(module: &str, attrs: &[&str], slots: &[&str]) -> Result<ComponentSpec> {
        ComponentSpec::build(
            ComponentInput {
                module: module.into(),
                attrs: attrs.iter().map(|s| s.to_string()).collect(),
                slots: slots.iter().map(|s| s.to_string()).collect(),
                stateful: false,
                tests: true,
            },
            &web(),
        )
    }

    #[test]
    fn names_and_paths() {
        let spec = build("Ui.StatusBadge", &[], &[]).unwrap();
        assert_eq!(spec.module.as_str(), "ShopWeb.Ui.StatusBadge");
        assert_eq!(spec.function, "status_badge");
        assert_eq!(spec.css_class, "status-badge");
        assert_eq!(spec.file_path, "lib/shop_web/components/ui/status_badge.ex");
        assert_eq!(
            spec.test_path,
            "test/shop_web/components/ui/status_badge_test.exs"
        );
        let qualified = build("ShopWeb.Ui.StatusBadge", &[], &[]).unwrap();
        assert_eq!(qualified.module, spec.module);
    }

    #[test]
    fn declarations() {
        let spec = build(
            "Ui.Card",
            &[
                "title:string:required",
                "variant:atom:values=primary,secondary:default=primary",
                "rest:global:include=href",
                "size:string:values=sm,md",
                "open:boolean",
            ],
            &[
                "inner_block:required",
                "actions:doc=\"Buttons: at the bottom\"",
            ],
        )
        .unwrap();
        let decl: Vec<&str> = spec.attrs.iter().map(|a| a.declaration.as_str()).collect();
        assert_eq!(
            decl,
            vec![
                "attr :title, :string, required: true",
                "attr :variant, :atom, values: [:primary, :secondary], default: :primary",
                "attr :rest, :global, include: ~w(href)",
                "attr :size, :string, values: ~w(sm md), default: nil",
                "attr :open, :boolean, default: false",
            ]
        );
        assert_eq!(
            spec.slots[0].declaration,
            "slot :inner_block, required: true"
        );
        assert_eq!(
            spec.slots[1].declaration,
            "slot :actions, doc: \"Buttons: at the bottom\""
        );
    }

    #[test]
    fn only_a_bare_nil_is_the_nil_literal() {
        let default = |attr: &str| {
            build("Ui.Badge", &[attr], &[]).unwrap().attrs[0]
                .default
                .clone()
                .unwrap()
        };
        let text = |t: &str| AttrValue::Text(t.to_string());
        assert_eq!(default("label:string:default=nil"), AttrValue::Nil);
        assert_eq!(default("label:string:default=\"nil\""), text("nil"));
        assert_eq!(default("label:string:default=\"true\""), text("true"));
        assert_eq!(default("label:string:default=\"false\""), text("false"));
        assert_eq!(default("label:string:default=\"10\""), text("10"));
        assert_eq!(default("value:any:default=nil"), AttrValue::Nil);
        assert_eq!(default("value:any:default=\"nil\""), text("nil"));
        assert_eq!(default("value:any:default=true"), AttrValue::Boolean(true));
        assert_eq!(default("value:any:default=\"true\""), text("true"));
        assert_eq!(default("value:any:default=10"), AttrValue::Integer(10));
        assert_eq!(default("value:any:default=\"10\""), text("10"));
        // Quotes do not change the type of a typed attribute.
        assert_eq!(
            default("count:integer:default=\"10\""),
            AttrValue::Integer(10)
        );
        assert_eq!(
            default("open:boolean:default=\"true\""),
            AttrValue::Boolean(true)
        );
        assert!(build("Ui.Badge", &["count:integer:default=\"nil\""], &[]).is_err());
        let attr = &build("Ui.Badge", &["label:string:default=\"nil\""], &[])
            .unwrap()
            .attrs[0];
        assert_eq!(attr.declaration, "attr :label, :string, default: \"nil\"");
        assert_eq!(attr.cli, "label:string:default=\"nil\"");
        let again = &build("Ui.Badge", &[attr.cli.as_str()], &[]).unwrap().attrs[0];
        assert_eq!(again.default, attr.default);
        let err = build(
            "Ui.Badge",
            &["size:string:values=sm,md:default=\"nil\""],
            &[],
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("`\"nil\"` is not one of values="),
            "{err}"
        );
    }

    #[test]
    fn rejects_what_phoenix_rejects() {
        let cases: &[(&[&str], &[&str], &str)] = &[
            (
                &["title:string:required:default=x"],
                &[],
                "exclude each other",
            ),
            (
                &["variant:atom:values=a,b:default=c"],
                &[],
                "not one of values=",
            ),
            (&["rest:global:required"], &[], "do not take `required`"),
            (&["a:global", "b:global"], &[], "only one `:global`"),
            (&["title", "title:string"], &[], "given twice"),
            (&["inner_block"], &[], "default slot"),
            (&["count:integer:default=ten"], &[], "is not an integer"),
            (
                &["flag:boolean:values=true,false"],
                &[],
                "needs a string, atom",
            ),
            (&["title:strng"], &[], "did you mean `string`"),
            (&["title:string:requird"], &[], "did you mean `required`"),
            (&["x:string:include=href"], &[], "only"),
            (&["actions"], &["actions"], "both an attr and a slot"),
            (&[], &["actions:string"], "slots have no type"),
            (&[], &["a", "a"], "given twice"),
        ];
        for (attrs, slots, msg) in cases {
            let err = build("Ui.Card", attrs, slots).unwrap_err();
            assert_eq!(err.code(), 2, "{attrs:?} {slots:?}");
            let text = format!("{err} {}", err.hint().unwrap_or_default());
            assert!(text.contains(msg), "{attrs:?} {slots:?}: {text}");
        }
        assert!(build("Ui.Link", &[], &[]).is_err());
        assert!(build("ShopWeb", &[], &[]).is_err());
    }
}
