//! The validated input of the `genserver` and `supervisor` generators.
//!
//! [`GenServerInput`] and [`SupervisorInput`] mirror the command lines;
//! [`GenServerSpec::build`] and [`SupervisorSpec::build`] check them once
//! against the project ([`OtpContext`]) and precompute every string the
//! templates interpolate: modules, paths, the registry and dynamic
//! supervisor names, the state code for the chosen state shape, intervals
//! written the way people write them (`:timer.seconds(60)`), telemetry
//! event names, and the children to insert into a supervision tree
//! (already laid out the way `mix format` would lay them out).

use serde::Serialize;

use crate::error::{did_you_mean, Error, Result};
use crate::spec::layout::{width, LINE_WIDTH};
use crate::spec::literal;
use crate::spec::names::{ModuleName, SnakeName};
use crate::spec::resource::SHADOWED_ALIASES;

/// Aliases the generated modules may not take beyond
/// [`SHADOWED_ALIASES`]: the generated code and tests call these modules
/// by their short name, and `alias Shop.Cache.Registry` in a test would
/// redirect every `Registry.lookup/2` to the new module.
pub const OTP_SHADOWED_ALIASES: &[&str] = &["DynamicSupervisor", "ExUnit", "Registry", "System"];

/// Function names a call or cast may not take: the functions every
/// generated server defines (or `use GenServer` injects), and the names
/// `Kernel` imports into every module (a local `send/2` would clash with
/// `Kernel.send/2`).
pub const RESERVED_FUNCTIONS: &[&str] = &[
    // Generated or injected by `use GenServer`.
    "child_spec",
    "code_change",
    "format_status",
    "handle_call",
    "handle_cast",
    "handle_continue",
    "handle_info",
    "init",
    "load",
    "schedule_tick",
    "start_child",
    "start_link",
    "stop",
    "terminate",
    "timed_call",
    "via",
    "whereis",
    // Imported from Kernel and Kernel.SpecialForms.
    "abs",
    "alias",
    "and",
    "apply",
    "binary_part",
    "binary_slice",
    "binding",
    "bit_size",
    "byte_size",
    "case",
    "ceil",
    "cond",
    "dbg",
    "def",
    "defdelegate",
    "defexception",
    "defguard",
    "defguardp",
    "defimpl",
    "defmacro",
    "defmacrop",
    "defmodule",
    "defoverridable",
    "defp",
    "defprotocol",
    "defstruct",
    "destructure",
    "div",
    "elem",
    "exit",
    "floor",
    "fn",
    "for",
    "function_exported?",
    "get_and_update_in",
    "get_in",
    "hd",
    "if",
    "import",
    "in",
    "inspect",
    "is_atom",
    "is_binary",
    "is_bitstring",
    "is_boolean",
    "is_exception",
    "is_float",
    "is_function",
    "is_integer",
    "is_list",
    "is_map",
    "is_map_key",
    "is_nil",
    "is_non_struct_map",
    "is_number",
    "is_pid",
    "is_port",
    "is_reference",
    "is_struct",
    "is_tuple",
    "length",
    "macro_exported?",
    "make_ref",
    "map_size",
    "match?",
    "max",
    "min",
    "node",
    "not",
    "or",
    "pop_in",
    "put_elem",
    "put_in",
    "quote",
    "raise",
    "receive",
    "rem",
    "require",
    "reraise",
    "round",
    "self",
    "send",
    "spawn",
    "spawn_link",
    "spawn_monitor",
    "struct",
    "struct!",
    "super",
    "tap",
    "then",
    "throw",
    "tl",
    "to_charlist",
    "to_string",
    "trunc",
    "try",
    "tuple_size",
    "unless",
    "unquote",
    "unquote_splicing",
    "update_in",
    "use",
    "var!",
    "with",
];

/// Column of the elements of a `children = [...]` list in a supervisor's
/// `init/1` or an application's `start/2` (as `mix phx.new` writes them).
pub const CHILDREN_INDENT: usize = 6;

// ---------------------------------------------------------------------------
// Project context
// ---------------------------------------------------------------------------

/// What the OTP specs need to know about the project.
#[derive(Debug, Clone, PartialEq)]
pub struct OtpContext {
    /// The base module: `Shop`.
    pub base: ModuleName,
    /// The web module (`ShopWeb`), when the project has one.
    pub web: Option<ModuleName>,
    /// The module whose `start/2` starts the supervision tree:
    /// `Shop.Application`.
    pub application: ModuleName,
    /// Whether the project depends on `:telemetry` (directly, or through
    /// `telemetry_metrics`/`telemetry_poller` as Phoenix projects do).
    pub has_telemetry: bool,
}

impl OtpContext {
    /// The context of a project whose base module is `base`
    /// (`Shop` → application `Shop.Application`, web `ShopWeb`).
    pub fn new(base: &str, has_telemetry: bool) -> Result<OtpContext> {
        let base = ModuleName::parse(base)?;
        Ok(OtpContext {
            web: Some(ModuleName::parse(&format!("{base}Web"))?),
            application: base.child("Application")?,
            base,
            has_telemetry,
        })
    }

    /// `Cache.Warmer` → `Shop.Cache.Warmer`; names already under the base
    /// or web module stay as written. Refuses the base module itself.
    pub fn resolve(&self, written: &str, what: &str) -> Result<ModuleName> {
        let name = ModuleName::parse(written)?;
        if name == self.base {
            return Err(Error::input_hint(
                format!("`{name}` is the application's base module, not a {what}"),
                format!("name a module inside it, e.g. `{}.Cache.Warmer`", self.base),
            ));
        }
        if self.web.as_ref() == Some(&name) {
            return Err(Error::input_hint(
                format!("`{name}` is the application's web module, not a {what}"),
                format!(
                    "name a module inside the base module, e.g. `{}.Cache.Warmer`",
                    self.base
                ),
            ));
        }
        let under_web = self
            .web
            .as_ref()
            .is_some_and(|w| name.starts_with(w) && &name != w);
        if name.starts_with(&self.base) || under_web {
            Ok(name)
        } else {
            self.base.join(&name)
        }
    }
}

// ---------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------

/// A call or cast of the client API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Operation {
    /// The function name: `fetch`.
    pub name: SnakeName,
    /// The message atom: `:fetch`.
    pub atom: String,
}

/// A period in milliseconds with the code and words to write it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Interval {
    /// Milliseconds.
    pub ms: u64,
    /// Elixir code for it: `:timer.seconds(60)`, `1_500`.
    pub code: String,
    /// Words for docs: `60 seconds`, `1500 ms`.
    pub human: String,
    /// `every 60 seconds`, `every minute`.
    pub every: String,
}

impl Interval {
    /// The interval of `ms` milliseconds (> 0).
    pub fn new(ms: u64) -> Interval {
        let unit = |n: u64, word: &str| {
            let plural = if n == 1 { "" } else { "s" };
            format!("{n} {word}{plural}")
        };
        let (code, human) = if ms.is_multiple_of(3_600_000) {
            (
                format!(":timer.hours({})", ms / 3_600_000),
                unit(ms / 3_600_000, "hour"),
            )
        } else if ms.is_multiple_of(60_000) {
            (
                format!(":timer.minutes({})", ms / 60_000),
                unit(ms / 60_000, "minute"),
            )
        } else if ms.is_multiple_of(1000) {
            (
                format!(":timer.seconds({})", ms / 1000),
                unit(ms / 1000, "second"),
            )
        } else {
            (integer(ms), format!("{ms} ms"))
        };
        let every = match human.strip_prefix("1 ") {
            Some(one) if one != "ms" => format!("every {one}"),
            _ => format!("every {human}"),
        };
        Interval {
            ms,
            code,
            human,
            every,
        }
    }
}

/// An integer literal with `_` every three digits from 10_000 up, as
/// Elixir style guides write them.
pub fn integer(n: u64) -> String {
    let digits = n.to_string();
    if digits.len() <= 4 {
        return digits;
    }
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('_');
        }
        out.push(ch);
    }
    out
}

/// A child of a supervision tree to insert into `children = [...]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Child {
    /// The module that identifies the child (`Shop.Cache.Warmer`,
    /// `Registry`, `DynamicSupervisor`).
    pub module: String,
    /// The child's code, laid out for the children list's column;
    /// continuation lines are indented relative to the first.
    pub code: String,
}

impl Child {
    /// A child started by its module alone: `Shop.Cache.Warmer`.
    pub fn module(module: &ModuleName) -> Child {
        Child {
            module: module.to_string(),
            code: module.to_string(),
        }
    }

    /// `{module, key: value, ...}` laid out like `mix format` at
    /// [`CHILDREN_INDENT`] (with the comma the list adds after it): on one
    /// line if it fits, else the options on the next line, else one option
    /// per line, a value that still does not fit going below its key.
    pub fn tuple(module: &str, options: &[(&str, String)]) -> Child {
        let pairs: Vec<String> = options.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        let flat = format!("{{{module}, {}}}", pairs.join(", "));
        let fits = |line: &str, column: usize| column + width(line) < LINE_WIDTH;
        let code = if fits(&flat, CHILDREN_INDENT) {
            flat
        } else if fits(&format!("{}}}", pairs.join(", ")), CHILDREN_INDENT + 1) {
            format!("{{{module},\n {}}}", pairs.join(", "))
        } else {
            let lines: Vec<String> = options
                .iter()
                .zip(&pairs)
                .map(|((key, value), pair)| {
                    if fits(&format!("{pair}}}"), CHILDREN_INDENT + 1) {
                        pair.clone()
                    } else {
                        format!("{key}:\n   {value}")
                    }
                })
                .collect();
            format!("{{{module},\n {}}}", lines.join(",\n "))
        };
        Child {
            module: module.to_string(),
            code,
        }
    }
}

/// A list of atoms after `prefix` at column `indent`, laid out like
/// `mix format`: on one line if it fits, else one atom per line.
pub fn atom_list_lines(prefix: &str, atoms: &[String], indent: usize) -> String {
    let flat = format!("{prefix}{}", literal::atom_list(atoms));
    if indent + width(&flat) <= LINE_WIDTH {
        return flat;
    }
    let pad = " ".repeat(indent + 2);
    let items: Vec<String> = atoms
        .iter()
        .map(|a| format!("{pad}{}", literal::atom(a)))
        .collect();
    format!("{prefix}[\n{}\n{}]", items.join(",\n"), " ".repeat(indent))
}

fn check_alias(module: &ModuleName, flag_hint: &str) -> Result<()> {
    let alias = module.last();
    if SHADOWED_ALIASES.contains(&alias) || OTP_SHADOWED_ALIASES.contains(&alias) {
        return Err(Error::input_hint(
            format!(
                "invalid module `{module}`: its alias `{alias}` would shadow Elixir's `{alias}` in the generated code"
            ),
            format!("choose another last segment, e.g. `{flag_hint}`"),
        ));
    }
    Ok(())
}

fn check_not_application(module: &ModuleName, ctx: &OtpContext) -> Result<()> {
    if module == &ctx.application {
        return Err(Error::input_hint(
            format!("`{module}` is the application module; it already supervises the tree"),
            "choose another name",
        ));
    }
    Ok(())
}

/// Where the generated test of `module` goes and what it is called.
fn test_names(module: &ModuleName) -> Result<(ModuleName, String)> {
    let test_module = ModuleName::parse(&format!("{module}Test")).map_err(|_| {
        Error::input_hint(
            format!(
                "the name of the test module of `{module}` (`{}Test`) would be too long",
                module.last()
            ),
            "use a shorter last segment for the module",
        )
    })?;
    Ok((
        test_module,
        format!("test/{}_test.exs", module.underscore_path()),
    ))
}

// ---------------------------------------------------------------------------
// GenServer
// ---------------------------------------------------------------------------

/// The shape of a server's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StateShape {
    /// `%{data: %{}, ...}`
    Map,
    /// `[data: %{}, ...]`
    Keyword,
    /// `%__MODULE__{}` with `defstruct`.
    Struct,
}

impl StateShape {
    /// Parses `map`, `keyword` or `struct`.
    pub fn parse(input: &str) -> Result<StateShape> {
        match input {
            "map" => Ok(StateShape::Map),
            "keyword" => Ok(StateShape::Keyword),
            "struct" => Ok(StateShape::Struct),
            other => {
                let hint = match did_you_mean(other, ["map", "keyword", "struct"]) {
                    Some(s) => format!("did you mean `{s}`? (map, keyword or struct)"),
                    None => "use map, keyword or struct".to_string(),
                };
                Err(Error::input_hint(
                    format!("unknown state shape `{other}`"),
                    hint,
                ))
            }
        }
    }
}

/// What kind of process the generator writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ServerKind {
    /// One named server (the module name by default).
    Singleton,
    /// One server per key, named through a Registry, started as static
    /// children (`--registry`).
    Keyed,
    /// One worker per key, started on demand under a DynamicSupervisor
    /// and named through a Registry (`--dynamic`).
    Dynamic,
    /// The owner of a named, protected ETS table (`--ets`).
    Ets,
}

/// The `genserver` command line, unvalidated.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GenServerInput {
    /// `Cache.Warmer` or `Shop.Cache.Warmer`.
    pub module: String,
    /// `--call NAME`, in order.
    pub calls: Vec<String>,
    /// `--cast NAME`, in order.
    pub casts: Vec<String>,
    /// `--every MS`.
    pub every: Option<u64>,
    /// `--state map|keyword|struct`.
    pub state: Option<String>,
    /// `--registry`.
    pub registry: bool,
    /// `--dynamic`.
    pub dynamic: bool,
    /// `--ets`.
    pub ets: bool,
    /// `--ttl MS` (with `--ets`).
    pub ttl: Option<u64>,
    /// `--telemetry`.
    pub telemetry: bool,
    /// `--supervisor MODULE`: insert into that supervisor instead of the application.
    pub supervisor: Option<String>,
    /// Generate the test (off with `--no-test`).
    pub test: bool,
}

impl GenServerInput {
    /// The defaults for `module`: a singleton with a test.
    pub fn new(module: impl Into<String>) -> GenServerInput {
        GenServerInput {
            module: module.into(),
            test: true,
            ..GenServerInput::default()
        }
    }
}

/// Code for reading and updating the state, precomputed for its shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StateCode {
    /// `map`, `keyword` or `struct`.
    pub shape: StateShape,
    /// How a field is read after the state variable, per field:
    /// `.data` or `[:data]`.
    pub get: std::collections::BTreeMap<String, String>,
    /// The `@type state :: ...` declaration (at column 2).
    pub type_decl: String,
    /// The `defstruct ...` line, for the struct shape.
    pub defstruct: Option<String>,
    /// `state = ...` in `init/1` (at column 4).
    pub init: String,
    /// The parameter of `init/1`: `opts`, or `_opts` when the state does
    /// not read it.
    pub init_arg: String,
    /// The state with `loaded_at` set to now.
    pub loaded: String,
    /// The state with `changes` merged into `data`.
    pub merged: String,
    /// The state with a new tick timer (with `--every`).
    pub rearmed: Option<String>,
}

impl StateCode {
    fn new(shape: StateShape, keyed: bool, every: bool) -> StateCode {
        // (name, type, initial value in init/1, default in defstruct)
        let mut fields: Vec<(&str, &str, &str, &str)> = Vec::new();
        if keyed {
            fields.push(("key", "key()", "Keyword.fetch!(opts, :key)", "nil"));
        }
        fields.push(("data", "map()", "%{}", "%{}"));
        fields.push(("loaded_at", "DateTime.t() | nil", "nil", "nil"));
        if every {
            fields.push((
                "interval",
                "pos_integer()",
                "Keyword.get(opts, :interval, @interval)",
                "@interval",
            ));
            fields.push(("timer", "reference() | nil", "nil", "nil"));
        }
        let get = fields
            .iter()
            .map(|(name, ..)| {
                let access = match shape {
                    StateShape::Keyword => format!("[:{name}]"),
                    _ => format!(".{name}"),
                };
                (name.to_string(), access)
            })
            .collect();
        let types: Vec<String> = fields
            .iter()
            .map(|(n, t, ..)| format!("{n}: {t}"))
            .collect();
        let (open, close) = match shape {
            StateShape::Map => ("%{", "}"),
            StateShape::Keyword => ("[", "]"),
            StateShape::Struct => ("%__MODULE__{", "}"),
        };
        let type_decl = format!(
            "@type state :: {open}\n{}\n        {close}",
            types
                .iter()
                .map(|t| format!("          {t}"))
                .collect::<Vec<_>>()
                .join(",\n")
        );
        // At most five short fields: the line always fits.
        let defstruct = (shape == StateShape::Struct).then(|| {
            let defaults: Vec<String> = fields
                .iter()
                .map(|(n, .., d)| format!("{n}: {d}"))
                .collect();
            format!("defstruct {}", defaults.join(", "))
        });
        let init = match shape {
            StateShape::Struct => {
                let set: Vec<String> = fields
                    .iter()
                    .filter(|(_, _, init, default)| init != default)
                    .map(|(n, _, init, _)| format!("{n}: {init}"))
                    .collect();
                match set.as_slice() {
                    [] => "state = %__MODULE__{}".to_string(),
                    [one] if 4 + width("state = %__MODULE__{}") + width(one) <= LINE_WIDTH => {
                        format!("state = %__MODULE__{{{one}}}")
                    }
                    many => format!(
                        "state = %__MODULE__{{\n{}\n    }}",
                        many.iter()
                            .map(|s| format!("      {s}"))
                            .collect::<Vec<_>>()
                            .join(",\n")
                    ),
                }
            }
            _ => format!(
                "state = {open}\n{}\n    {close}",
                fields
                    .iter()
                    .map(|(n, _, init, _)| format!("      {n}: {init}"))
                    .collect::<Vec<_>>()
                    .join(",\n")
            ),
        };
        let update = |field: &str, value: &str| match shape {
            StateShape::Map => format!("%{{state | {field}: {value}}}"),
            StateShape::Struct => format!("%__MODULE__{{state | {field}: {value}}}"),
            StateShape::Keyword => format!("Keyword.put(state, :{field}, {value})"),
        };
        let read = |field: &str| match shape {
            StateShape::Keyword => format!("state[:{field}]"),
            _ => format!("state.{field}"),
        };
        let merged = match shape {
            StateShape::Keyword => {
                "Keyword.update!(state, :data, &Map.merge(&1, changes))".to_string()
            }
            _ => update("data", &format!("Map.merge({}, changes)", read("data"))),
        };
        let rearmed = every.then(|| {
            update(
                "timer",
                &format!("Process.send_after(self(), :tick, {})", read("interval")),
            )
        });
        StateCode {
            shape,
            get,
            type_decl,
            defstruct,
            init_arg: if keyed || every { "opts" } else { "_opts" }.to_string(),
            init,
            loaded: update("loaded_at", "DateTime.utc_now()"),
            merged,
            rearmed,
        }
    }
}

/// Telemetry events of a generated server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Telemetry {
    /// The `@event_prefix [...]` line(s) at column 2.
    pub prefix_decl: String,
    /// Every event the server emits: name (`fetch`) and full event code
    /// (`[:shop, :cache, :warmer, :fetch]`).
    pub events: Vec<TelemetryEvent>,
}

/// One telemetry event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TelemetryEvent {
    /// The last atom of the event name, without colon: `fetch`.
    pub name: String,
    /// The event name as one-line code: `[:shop, :cache, :warmer, :fetch]`.
    pub code: String,
    /// `event = [...]` (ETS owner: `fetch = [...]`, ...) laid out at
    /// column 4, for tests.
    pub test_assign: String,
}

impl Telemetry {
    fn new(module: &ModuleName, names: &[String], var_per_event: bool) -> Telemetry {
        let prefix: Vec<String> = module
            .segments()
            .map(crate::spec::names::macro_underscore)
            .collect();
        let events = names
            .iter()
            .map(|n| {
                let mut atoms = prefix.clone();
                atoms.push(n.clone());
                TelemetryEvent {
                    name: n.clone(),
                    code: literal::atom_list(&atoms),
                    test_assign: atom_list_lines(
                        &format!("{} = ", if var_per_event { n.as_str() } else { "event" }),
                        &atoms,
                        4,
                    ),
                }
            })
            .collect();
        Telemetry {
            prefix_decl: atom_list_lines("@event_prefix ", &prefix, 2),
            events,
        }
    }
}

/// The validated input of the GenServer generator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GenServerSpec {
    /// `Shop.Cache.Warmer`
    pub module: ModuleName,
    /// `Warmer`
    pub alias: String,
    /// `lib/shop/cache/warmer.ex`, relative to the app directory.
    pub path: String,
    /// `Shop.Cache.WarmerTest`
    pub test_module: ModuleName,
    /// `test/shop/cache/warmer_test.exs`, relative to the app directory.
    pub test_path: String,
    /// What kind of process it is.
    pub kind: ServerKind,
    /// `--call` names.
    pub calls: Vec<Operation>,
    /// `--cast` names.
    pub casts: Vec<Operation>,
    /// `--every`: the tick interval.
    pub every: Option<Interval>,
    /// `--ttl`: how long ETS entries live.
    pub ttl: Option<Interval>,
    /// State code (not used by the ETS owner, whose state is fixed).
    pub state: StateCode,
    /// The Registry that names keyed and dynamic servers:
    /// `Shop.Sessions.WorkerRegistry`.
    pub registry: Option<ModuleName>,
    /// The DynamicSupervisor of dynamic workers:
    /// `Shop.Sessions.WorkerSupervisor`.
    pub dynamic_supervisor: Option<ModuleName>,
    /// Telemetry events, with `--telemetry`.
    pub telemetry: Option<Telemetry>,
    /// The supervisor to insert into (`--supervisor`); `None`: the application.
    pub supervisor: Option<ModuleName>,
    /// The module that starts the children: the supervisor or the application.
    pub started_by: ModuleName,
    /// The children to insert, in order.
    pub children: Vec<Child>,
    /// Whether to generate the test.
    pub test: bool,
}

impl GenServerSpec {
    /// Validates `input` against the project.
    pub fn build(input: GenServerInput, ctx: &OtpContext) -> Result<GenServerSpec> {
        let module = ctx.resolve(&input.module, "server")?;
        check_not_application(&module, ctx)?;
        check_alias(&module, "Cache.Warmer")?;
        let kind =
            match (input.ets, input.dynamic, input.registry) {
                (true, true, _) | (true, _, true) => return Err(Error::input_hint(
                    "--ets cannot be combined with --dynamic or --registry",
                    "an ETS owner is one process that owns one named table; drop one of the flags",
                )),
                (true, ..) => ServerKind::Ets,
                (false, true, _) => ServerKind::Dynamic,
                (false, false, true) => ServerKind::Keyed,
                (false, false, false) => ServerKind::Singleton,
            };
        if kind == ServerKind::Ets {
            let mut extra = Vec::new();
            if !input.calls.is_empty() {
                extra.push("--call");
            }
            if !input.casts.is_empty() {
                extra.push("--cast");
            }
            if input.every.is_some() {
                extra.push("--every");
            }
            if input.state.is_some() {
                extra.push("--state");
            }
            if !extra.is_empty() {
                return Err(Error::input_hint(
                    format!("{} cannot be combined with --ets", extra.join(", ")),
                    "the ETS owner has a fixed API (fetch/2 reads, put/3 and delete/2 write) and \
                     sweeps expired entries with --ttl; drop those flags",
                ));
            }
        } else if input.ttl.is_some() {
            return Err(Error::input_hint(
                "--ttl only applies to --ets",
                "for periodic work in a GenServer use --every MS",
            ));
        }
        for (flag, value) in [("--every", input.every), ("--ttl", input.ttl)] {
            if value == Some(0) {
                return Err(Error::input_hint(
                    format!("{flag} must be a positive number of milliseconds"),
                    format!("e.g. {flag} 60000"),
                ));
            }
        }
        let shape = match &input.state {
            Some(s) => StateShape::parse(s)?,
            None => StateShape::Map,
        };
        let calls = operations(&input.calls, "--call")?;
        let casts = operations(&input.casts, "--cast")?;
        if let Some(both) = calls
            .iter()
            .find(|c| casts.iter().any(|d| d.name == c.name))
        {
            return Err(Error::input_hint(
                format!("`{}` is given both as --call and as --cast", both.name),
                "a client function has one name; rename one of them",
            ));
        }
        if input.telemetry && !ctx.has_telemetry {
            return Err(Error::input_hint(
                "--telemetry needs the :telemetry library, and this project does not depend on it",
                "add {:telemetry, \"~> 1.0\"} to deps in mix.exs (Phoenix projects get it through \
                 telemetry_metrics), or drop --telemetry",
            ));
        }
        let supervisor = match &input.supervisor {
            Some(s) => Some(ctx.resolve(s, "supervisor")?),
            None => None,
        };
        if supervisor.as_ref() == Some(&module) {
            return Err(Error::input_hint(
                format!("`{module}` cannot supervise itself"),
                "pass the supervisor that should start it, or drop --supervisor",
            ));
        }
        let keyed = matches!(kind, ServerKind::Keyed | ServerKind::Dynamic);
        let companion = |suffix: &str| {
            ModuleName::parse(&format!("{module}{suffix}")).map_err(|_| {
                Error::input_hint(
                    format!(
                        "the name of the {suffix} of `{module}` (`{}{suffix}`) would be too long",
                        module.last()
                    ),
                    "use a shorter last segment for the module",
                )
            })
        };
        let registry = keyed.then(|| companion("Registry")).transpose()?;
        let dynamic_supervisor = (kind == ServerKind::Dynamic)
            .then(|| companion("Supervisor"))
            .transpose()?;
        let mut children = Vec::new();
        if let Some(r) = &registry {
            let name = r.to_string();
            children.push(Child::tuple(
                "Registry",
                &[("keys", ":unique".into()), ("name", name)],
            ));
        }
        if let Some(d) = &dynamic_supervisor {
            let name = d.to_string();
            children.push(Child::tuple(
                "DynamicSupervisor",
                &[("name", name), ("strategy", ":one_for_one".into())],
            ));
        }
        if matches!(kind, ServerKind::Singleton | ServerKind::Ets) {
            children.push(Child::module(&module));
        }
        let telemetry = input.telemetry.then(|| {
            let names: Vec<String> = match kind {
                ServerKind::Ets => vec!["fetch".into(), "put".into(), "delete".into()],
                _ => calls.iter().map(|c| c.name.to_string()).collect(),
            };
            Telemetry::new(&module, &names, kind == ServerKind::Ets)
        });
        if telemetry.as_ref().is_some_and(|t| t.events.is_empty()) {
            return Err(Error::input_hint(
                "--telemetry emits one event per call, and no --call was given",
                "add --call NAME, or drop --telemetry",
            ));
        }
        let (test_module, test_path) = test_names(&module)?;
        Ok(GenServerSpec {
            alias: module.last().to_string(),
            path: format!("lib/{}.ex", module.underscore_path()),
            test_module,
            test_path,
            kind,
            calls,
            casts,
            every: input.every.map(Interval::new),
            ttl: input.ttl.map(Interval::new),
            state: StateCode::new(shape, keyed, input.every.is_some()),
            registry,
            dynamic_supervisor,
            telemetry,
            started_by: supervisor
                .clone()
                .unwrap_or_else(|| ctx.application.clone()),
            supervisor,
            children,
            test: input.test,
            module,
        })
    }
}

fn operations(names: &[String], flag: &str) -> Result<Vec<Operation>> {
    let mut out: Vec<Operation> = Vec::new();
    for raw in names {
        let name = SnakeName::parse(raw).map_err(|e| match e {
            Error::Input { message, hint } => Error::Input {
                message: format!("{flag} {raw}: {message}"),
                hint,
            },
            other => other,
        })?;
        if RESERVED_FUNCTIONS.contains(&name.as_str()) || name.as_str().starts_with("__") {
            return Err(Error::input_hint(
                format!("{flag} {name}: `{name}` is reserved (the generated server or Kernel defines it)"),
                format!("choose another name, e.g. `{name}_data` or `get_{name}`"),
            ));
        }
        if out.iter().any(|o| o.name == name) {
            return Err(Error::input_hint(
                format!("{flag} {name} is given twice"),
                "give each name once",
            ));
        }
        out.push(Operation {
            atom: literal::atom(name.as_str()),
            name,
        });
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// Supervisor
// ---------------------------------------------------------------------------

/// A supervisor's restart strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// Restart only the child that stopped.
    OneForOne,
    /// Restart the child that stopped and every child started after it.
    RestForOne,
    /// Restart every child when one stops.
    OneForAll,
}

impl Strategy {
    /// Parses `one_for_one`, `rest_for_one` or `one_for_all`.
    pub fn parse(input: &str) -> Result<Strategy> {
        let all = ["one_for_one", "rest_for_one", "one_for_all"];
        match input {
            "one_for_one" => Ok(Strategy::OneForOne),
            "rest_for_one" => Ok(Strategy::RestForOne),
            "one_for_all" => Ok(Strategy::OneForAll),
            other => {
                let hint = match did_you_mean(other, all) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("use one of: {}", all.join(", ")),
                };
                Err(Error::input_hint(
                    format!("unknown strategy `{other}`"),
                    hint,
                ))
            }
        }
    }

    /// The atom: `:one_for_one`.
    pub fn atom(self) -> &'static str {
        match self {
            Strategy::OneForOne => ":one_for_one",
            Strategy::RestForOne => ":rest_for_one",
            Strategy::OneForAll => ":one_for_all",
        }
    }
}

/// The `supervisor` command line, unvalidated.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SupervisorInput {
    /// `Pipeline` or `Shop.Pipeline`.
    pub module: String,
    /// `--strategy` (default `one_for_one`).
    pub strategy: Option<String>,
    /// `--child MODULE`, in order.
    pub children: Vec<String>,
    /// `--supervisor MODULE`: insert into that supervisor instead of the application.
    pub supervisor: Option<String>,
    /// Generate the test (off with `--no-test`).
    pub test: bool,
}

impl SupervisorInput {
    /// The defaults for `module`: `one_for_one`, no children, with a test.
    pub fn new(module: impl Into<String>) -> SupervisorInput {
        SupervisorInput {
            module: module.into(),
            test: true,
            ..SupervisorInput::default()
        }
    }
}

/// The validated input of the supervisor generator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SupervisorSpec {
    /// `Shop.Pipeline`
    pub module: ModuleName,
    /// `Pipeline`
    pub alias: String,
    /// `lib/shop/pipeline.ex`, relative to the app directory.
    pub path: String,
    /// `Shop.PipelineTest`
    pub test_module: ModuleName,
    /// `test/shop/pipeline_test.exs`, relative to the app directory.
    pub test_path: String,
    /// The restart strategy.
    pub strategy: Strategy,
    /// `:rest_for_one`
    pub strategy_atom: String,
    /// The children of `init/1`, in order.
    pub children: Vec<ModuleName>,
    /// The supervisor to insert into (`--supervisor`); `None`: the application.
    pub supervisor: Option<ModuleName>,
    /// The module that starts this supervisor.
    pub started_by: ModuleName,
    /// Whether to generate the test.
    pub test: bool,
}

impl SupervisorSpec {
    /// Validates `input` against the project.
    pub fn build(input: SupervisorInput, ctx: &OtpContext) -> Result<SupervisorSpec> {
        let module = ctx.resolve(&input.module, "supervisor")?;
        check_not_application(&module, ctx)?;
        check_alias(&module, "Pipeline")?;
        let strategy = match &input.strategy {
            Some(s) => Strategy::parse(s)?,
            None => Strategy::OneForOne,
        };
        let mut children: Vec<ModuleName> = Vec::new();
        for raw in &input.children {
            let child = ctx.resolve(raw, "child")?;
            if child == module {
                return Err(Error::input_hint(
                    format!("--child {raw}: a supervisor cannot be its own child"),
                    "list the modules it should start",
                ));
            }
            if child == ctx.application {
                return Err(Error::input_hint(
                    format!("--child {raw}: `{child}` is the application module"),
                    "list the modules the supervisor should start",
                ));
            }
            if children.contains(&child) {
                return Err(Error::input_hint(
                    format!("--child {child} is given twice"),
                    "give each child once",
                ));
            }
            children.push(child);
        }
        let supervisor = match &input.supervisor {
            Some(s) => Some(ctx.resolve(s, "supervisor")?),
            None => None,
        };
        if supervisor.as_ref() == Some(&module) {
            return Err(Error::input_hint(
                format!("`{module}` cannot supervise itself"),
                "pass the supervisor that should start it, or drop --supervisor",
            ));
        }
        let (test_module, test_path) = test_names(&module)?;
        Ok(SupervisorSpec {
            alias: module.last().to_string(),
            path: format!("lib/{}.ex", module.underscore_path()),
            test_module,
            test_path,
            strategy,
            strategy_atom: strategy.atom().to_string(),
            children,
            started_by: supervisor
                .clone()
                .unwrap_or_else(|| ctx.application.clone()),
            supervisor,
            test: input.test,
            module,
        })
    }

    /// The child to insert into the parent's children list.
    pub fn child(&self) -> Child {
        Child::module(&self.module)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> OtpContext {
        OtpContext::new("Shop", true).unwrap()
    }

    #[test]
    fn intervals_read_like_people_write_them() {
        assert_eq!(Interval::new(60_000).code, ":timer.minutes(1)");
        assert_eq!(Interval::new(60_000).human, "1 minute");
        assert_eq!(Interval::new(60_000).every, "every minute");
        assert_eq!(Interval::new(120_000).every, "every 2 minutes");
        assert_eq!(Interval::new(30_000).code, ":timer.seconds(30)");
        assert_eq!(Interval::new(7_200_000).human, "2 hours");
        assert_eq!(Interval::new(1500).code, "1500");
        assert_eq!(Interval::new(12_345).code, "12_345");
        assert_eq!(integer(1_234_567), "1_234_567");
    }

    #[test]
    fn resolves_under_the_base_module() {
        let c = ctx();
        assert_eq!(
            c.resolve("Cache.Warmer", "server").unwrap().as_str(),
            "Shop.Cache.Warmer"
        );
        assert_eq!(
            c.resolve("Shop.Cache.Warmer", "server").unwrap().as_str(),
            "Shop.Cache.Warmer"
        );
        assert_eq!(
            c.resolve("ShopWeb.Presence", "server").unwrap().as_str(),
            "ShopWeb.Presence"
        );
        assert_eq!(c.resolve("Shop", "server").unwrap_err().code(), 2);
        assert_eq!(c.resolve("ShopWeb", "server").unwrap_err().code(), 2);
    }

    #[test]
    fn children_tuples_break_like_the_formatter() {
        let registry = |name: &str| {
            Child::tuple(
                "Registry",
                &[("keys", ":unique".into()), ("name", name.into())],
            )
            .code
        };
        assert_eq!(
            registry("Shop.R"),
            "{Registry, keys: :unique, name: Shop.R}"
        );
        let long = format!("Shop.{}", "A".repeat(55));
        assert_eq!(
            registry(&long),
            format!("{{Registry,\n keys: :unique, name: {long}}}")
        );
        let longer = format!("Shop.{}", "A".repeat(70));
        assert_eq!(
            registry(&longer),
            format!("{{Registry,\n keys: :unique,\n name: {longer}}}")
        );
        let longest = format!("Shop.{}", "A".repeat(90));
        assert_eq!(
            registry(&longest),
            format!("{{Registry,\n keys: :unique,\n name:\n   {longest}}}")
        );
    }
}
