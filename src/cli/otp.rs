//! Arguments of `scaffold genserver` and `scaffold supervisor`.

use clap::Args;

use crate::spec::otp::{GenServerInput, SupervisorInput};

/// `scaffold genserver MODULE [options]`
#[derive(Debug, Clone, Default, Args, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GenServerArgs {
    /// The server module, relative to the base module (`Cache.Warmer` →
    /// `Shop.Cache.Warmer`).
    #[arg(value_name = "MODULE")]
    pub module: String,

    /// A synchronous client function (GenServer.call) that replies with the
    /// server's data. Repeatable.
    #[arg(long = "call", value_name = "NAME")]
    pub calls: Vec<String>,

    /// An asynchronous client function (GenServer.cast) that merges a map
    /// into the server's data. Repeatable.
    #[arg(long = "cast", value_name = "NAME")]
    pub casts: Vec<String>,

    /// Reload the data every MS milliseconds (Process.send_after, re-armed
    /// after each tick).
    #[arg(long, value_name = "MS")]
    pub every: Option<u64>,

    /// The shape of the state: map (default), keyword or struct.
    #[arg(long, value_name = "SHAPE")]
    pub state: Option<String>,

    /// One server per key, named through a Registry (inserted into the
    /// supervision tree).
    #[arg(long)]
    pub registry: bool,

    /// One worker per key, started on demand under a DynamicSupervisor and
    /// named through a Registry (both inserted into the supervision tree).
    #[arg(long)]
    pub dynamic: bool,

    /// The owner of a named, protected ETS table: reads in the caller,
    /// writes through the server.
    #[arg(long)]
    pub ets: bool,

    /// With --ets: entries expire after MS milliseconds and a sweep deletes
    /// them.
    #[arg(long, value_name = "MS")]
    pub ttl: Option<u64>,

    /// Emit :telemetry events for calls (needs the telemetry library).
    #[arg(long)]
    pub telemetry: bool,

    /// Add the children to this supervisor's init/1 instead of the
    /// application (`Pipeline` → `Shop.Pipeline`).
    #[arg(long, value_name = "MODULE")]
    pub supervisor: Option<String>,

    /// Do not generate the test.
    #[arg(long)]
    pub no_test: bool,
}

impl GenServerArgs {
    /// The spec input these arguments describe.
    pub fn into_input(self) -> GenServerInput {
        GenServerInput {
            module: self.module,
            calls: self.calls,
            casts: self.casts,
            every: self.every,
            state: self.state,
            registry: self.registry,
            dynamic: self.dynamic,
            ets: self.ets,
            ttl: self.ttl,
            telemetry: self.telemetry,
            supervisor: self.supervisor,
            test: !self.no_test,
        }
    }
}

/// `scaffold supervisor MODULE [options]`
#[derive(Debug, Clone, Default, Args, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SupervisorArgs {
    /// The supervisor module, relative to the base module (`Pipeline` →
    /// `Shop.Pipeline`).
    #[arg(value_name = "MODULE")]
    pub module: String,

    /// Restart strategy: one_for_one (default), rest_for_one or one_for_all.
    #[arg(long, value_name = "STRATEGY")]
    pub strategy: Option<String>,

    /// A child module started by the supervisor, in order. Repeatable.
    #[arg(long = "child", value_name = "MODULE")]
    pub children: Vec<String>,

    /// Add the supervisor to this supervisor's init/1 instead of the
    /// application.
    #[arg(long, value_name = "MODULE")]
    pub supervisor: Option<String>,

    /// Do not generate the test.
    #[arg(long)]
    pub no_test: bool,
}

impl SupervisorArgs {
    /// The spec input these arguments describe.
    pub fn into_input(self) -> SupervisorInput {
        SupervisorInput {
            module: self.module,
            strategy: self.strategy,
            children: self.children,
            supervisor: self.supervisor,
            test: !self.no_test,
        }
    }
}
