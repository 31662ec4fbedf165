//! Arguments of `scaffold live-component` and `scaffold live`. Nothing is
//! validated here: values go on to the spec and the generators, which
//! turn mistakes into exit code 2 with a hint.

use clap::Args;

use crate::generators::live::LiveOptions;
use crate::spec::component::ComponentInput;

const COMPONENT_HELP: &str = "\
Attributes and slots, one flag each:

  --attr NAME[:TYPE][:required][:values=A,B][:default=X][:include=A,B][:doc=TEXT]
  --slot NAME[:required][:doc=TEXT]

Types: any, string (the default), atom, boolean, integer, float, list, map,
global (the HTML attributes callers pass through; include= widens it) or a
struct module such as Phoenix.HTML.FormField. A value containing `:` goes in
double quotes: doc=\"Shown as: a heading\". A bare default=nil is nil; a
quoted default of a string or any attribute is text (default=\"nil\" is the
string \"nil\"). Optional attributes without a default get one (false, [],
%{} or nil), so the template can read them.

Examples:

  scaffold live-component Ui.Card --attr title:string:required \\
    --attr variant:atom:values=primary,secondary:default=primary \\
    --attr rest:global --slot inner_block:required --slot actions
  scaffold live-component Ui.Counter --stateful";

/// `scaffold live-component MODULE [--attr ...] [--slot ...] [--stateful]`.
#[derive(Debug, Clone, Default, Args, serde::Deserialize)]
#[command(after_long_help = COMPONENT_HELP)]
#[serde(default, deny_unknown_fields)]
pub struct LiveComponentArgs {
    /// The component module under the web module (`Ui.Card` → `ShopWeb.Ui.Card`).
    #[arg(value_name = "MODULE")]
    pub module: String,

    /// An attribute: NAME[:TYPE][:required][:values=A,B][:default=X][:doc=TEXT] (repeatable).
    #[arg(long = "attr", value_name = "ATTR")]
    pub attrs: Vec<String>,

    /// A slot: NAME[:required][:doc=TEXT] (repeatable; `inner_block` is the default slot).
    #[arg(long = "slot", value_name = "SLOT")]
    pub slots: Vec<String>,

    /// A stateful Phoenix.LiveComponent (mount/update/handle_event) instead of a function component.
    #[arg(long)]
    pub stateful: bool,

    /// Do not write the test module.
    #[arg(long)]
    pub no_test: bool,
}

impl LiveComponentArgs {
    /// The spec input these arguments describe.
    pub fn input(&self) -> ComponentInput {
        ComponentInput {
            module: self.module.clone(),
            attrs: self.attrs.clone(),
            slots: self.slots.clone(),
            stateful: self.stateful,
            tests: !self.no_test,
        }
    }
}

const LIVE_HELP: &str = "\
Writes PostLive.Index (a streamed table with delete), PostLive.Show (every
field) and PostLive.Form (new and edit through AshPhoenix.Form) for an
existing Ash resource, a LiveViewTest module, and inserts the routes into
the browser scope of the router. When the router has a live_session for
signed-in users (phx.gen.auth, AshAuthentication), the routes go inside it.

Examples:

  scaffold live Blog.Post
  scaffold live Blog.Post --scope /admin
  scaffold live Blog.Post --no-router";

/// `scaffold live RESOURCE [--no-router] [--scope PATH]`.
#[derive(Debug, Clone, Default, Args, serde::Deserialize)]
#[command(after_long_help = LIVE_HELP)]
#[serde(default, deny_unknown_fields)]
pub struct LiveArgs {
    /// The existing Ash resource, relative to the app (`Blog.Post`) or fully qualified.
    #[arg(value_name = "RESOURCE")]
    pub resource: String,

    /// Do not edit the router; print the routes to add instead.
    #[arg(long)]
    pub no_router: bool,

    /// The router scope path for the routes (default `/`), created when missing.
    #[arg(long, value_name = "PATH")]
    pub scope: Option<String>,

    /// Do not write the LiveViewTest module.
    #[arg(long)]
    pub no_test: bool,
}

impl LiveArgs {
    /// The generator options these arguments describe.
    pub fn options(&self) -> LiveOptions {
        LiveOptions {
            router: !self.no_router,
            scope: self.scope.clone(),
            tests: !self.no_test,
        }
    }
}
