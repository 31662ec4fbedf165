//! Operations as data, so a command (or a test case file) can describe a
//! list of edits and apply them to a text.

use serde::{Deserialize, Serialize};

use super::deps::Dep;
use super::document::Document;
use super::module::{UseValue, RESOURCE_SECTION_ORDER};
use super::router::Routes;
use super::{EditError, Outcome};

/// One edit operation; see the [`Document`] method each variant calls.
/// Serialised with an `op` tag: `{"op": "add_dep", "name": "ash",
/// "requirement": "~> 3.0"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    /// [`Document::add_dep`].
    AddDep(Dep),
    /// [`Document::ensure_config_list`].
    ConfigList {
        /// The application: `shop`.
        app: String,
        /// Second argument as code (`ShopWeb.Endpoint`, `:policies`).
        #[serde(default)]
        sub: Option<String>,
        /// The key: `ash_domains`.
        key: String,
        /// Items as code: `Shop.Blog`.
        items: Vec<String>,
    },
    /// [`Document::ensure_config_keyword`].
    ConfigKeyword {
        /// The application: `ash`.
        app: String,
        /// Second argument as code (`:policies`).
        #[serde(default)]
        sub: Option<String>,
        /// The key: `include_embedded_source_by_default?`.
        key: String,
        /// The value as code: `false`.
        value: String,
    },
    /// [`Document::ensure_config_call`].
    ConfigCall {
        /// The whole `config` call.
        code: String,
    },
    /// [`Document::add_child`].
    AddChild {
        /// The child spec as code.
        child: String,
        /// The module identifying the child (derived when absent).
        #[serde(default)]
        module: Option<String>,
    },
    /// [`Document::add_routes`].
    AddRoutes(Routes),
    /// [`Document::ensure_formatter_list`].
    FormatterList {
        /// `import_deps` or `plugins`.
        key: String,
        /// Items as code: `:ash`, `Spark.Formatter`.
        items: Vec<String>,
    },
    /// [`Document::add_domain_resource`].
    DomainResource {
        /// The resource module: `Shop.Blog.Post`.
        resource: String,
        /// Lines of its `do` block (`define` calls) as code.
        #[serde(default)]
        body: Option<String>,
    },
    /// [`Document::ensure_use_option`].
    UseOption {
        /// The used module: `Ash.Resource`.
        module: String,
        /// The option: `authorizers`.
        key: String,
        /// The value to ensure.
        value: UseValue,
    },
    /// [`Document::insert_section`].
    InsertSection {
        /// The section block as code.
        code: String,
        /// Section order; [`RESOURCE_SECTION_ORDER`] when absent.
        #[serde(default)]
        order: Option<Vec<String>>,
    },
    /// [`Document::add_to_section`].
    AddToSection {
        /// The section name: `policies`.
        section: String,
        /// The entry as code.
        entry: String,
        /// Section order; [`RESOURCE_SECTION_ORDER`] when absent.
        #[serde(default)]
        order: Option<Vec<String>>,
    },
    /// [`Document::replace_use`].
    ReplaceUse {
        /// The module whose `use` is replaced: `Ecto.Repo`.
        from: String,
        /// The new `use` line.
        code: String,
    },
    /// [`Document::add_functions`].
    AddFunctions {
        /// One or more function definitions.
        code: String,
    },
}

fn order(o: &Option<Vec<String>>) -> Vec<String> {
    match o {
        Some(o) => o.clone(),
        None => RESOURCE_SECTION_ORDER
            .iter()
            .map(|s| s.to_string())
            .collect(),
    }
}

impl Document {
    /// Applies one operation; on `Changed` the document holds the new text.
    pub fn apply(&mut self, op: &Op) -> Result<Outcome, EditError> {
        match op {
            Op::AddDep(dep) => self.add_dep(dep),
            Op::ConfigList {
                app,
                sub,
                key,
                items,
            } => self.ensure_config_list(app, sub.as_deref(), key, items),
            Op::ConfigKeyword {
                app,
                sub,
                key,
                value,
            } => self.ensure_config_keyword(app, sub.as_deref(), key, value),
            Op::ConfigCall { code } => self.ensure_config_call(code),
            Op::AddChild { child, module } => self.add_child(child, module.as_deref()),
            Op::AddRoutes(routes) => self.add_routes(routes),
            Op::FormatterList { key, items } => self.ensure_formatter_list(key, items),
            Op::DomainResource { resource, body } => {
                self.add_domain_resource(resource, body.as_deref())
            }
            Op::UseOption { module, key, value } => self.ensure_use_option(module, key, value),
            Op::InsertSection { code, order: o } => self.insert_section(code, &order(o)),
            Op::AddToSection {
                section,
                entry,
                order: o,
            } => self.add_to_section(section, entry, &order(o)),
            Op::ReplaceUse { from, code } => self.replace_use(from, code),
            Op::AddFunctions { code } => self.add_functions(code),
        }
    }
}

/// Parses `text` and applies one operation.
pub fn apply(text: &str, op: &Op) -> Result<Outcome, EditError> {
    Document::parse(text)?.apply(op)
}
