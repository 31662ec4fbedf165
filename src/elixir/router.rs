//! Phoenix router: add route lines to the browser scope, or to the
//! authenticated `live_session` inside it.

use serde::{Deserialize, Serialize};
use tree_sitter::Node;

use super::deps::quote;
use super::document::{Document, Plan};
use super::seq;
use super::syntax::{
    self, alias_name, block_items, call_args, call_name, canon, canon_code, do_block, kids, text,
};
use super::{EditError, Outcome};

/// Route lines to add to a router, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Routes {
    /// Route lines as code: `live "/posts", PostLive.Index, :index`.
    pub lines: Vec<String>,
    /// The scope path: `/` unless given.
    #[serde(default = "default_scope")]
    pub scope: String,
    /// The scope alias (`ShopWeb`); taken from `use ShopWeb, :router` when
    /// `None`.
    #[serde(default)]
    pub alias: Option<String>,
    /// Place the routes inside the `live_session` that requires an
    /// authenticated user (or mounts the current scope/user).
    #[serde(default)]
    pub authenticated: bool,
}

fn default_scope() -> String {
    "/".to_string()
}

impl Routes {
    /// Routes for the `/` browser scope.
    pub fn new(lines: impl IntoIterator<Item = impl Into<String>>) -> Routes {
        Routes {
            lines: lines.into_iter().map(Into::into).collect(),
            scope: default_scope(),
            alias: None,
            authenticated: false,
        }
    }
}

/// Calls in a scope block that are not routes.
const NOT_ROUTES: &[&str] = &[
    "pipe_through",
    "plug",
    "live_session",
    "ash_authentication_live_session",
    "scope",
];

struct Scope<'t> {
    node: Node<'t>,
    path: Option<String>,
    alias: Option<String>,
    pipes: Vec<String>,
}

fn scope_of<'t>(node: Node<'t>, src: &str) -> Option<Scope<'t>> {
    if call_name(node, src) != Some("scope") {
        return None;
    }
    let block = do_block(node)?;
    let args = call_args(node);
    let path = args.first().and_then(|a| syntax::string_literal(*a, src));
    let alias = args.get(1).and_then(|a| alias_name(*a, src));
    let mut pipes = Vec::new();
    for item in block_items(block) {
        if call_name(item, src) != Some("pipe_through") {
            continue;
        }
        for arg in call_args(item) {
            if let Some(a) = syntax::atom_name(arg, src) {
                pipes.push(a);
            } else if arg.kind() == "list" {
                pipes.extend(
                    syntax::list_elems(arg)
                        .into_iter()
                        .filter_map(|e| syntax::atom_name(e, src)),
                );
            }
        }
    }
    Some(Scope {
        node,
        path,
        alias,
        pipes,
    })
}

/// How strongly a `live_session` looks authenticated: 2 when it requires
/// a user, 1 when it only mounts the current user/scope, 0 otherwise.
fn auth_rank(session: Node<'_>, src: &str) -> u8 {
    let mut atoms = Vec::new();
    if let Some(args) = syntax::arguments_node(session) {
        collect_atoms(args, src, &mut atoms);
    }
    let required = atoms.iter().any(|a| {
        !a.starts_with("redirect_if")
            && (a.contains("require")
                || a.contains("ensure_authenticated")
                || a == "authenticated"
                || a == "authenticated_routes"
                || a.contains("user_required"))
    });
    let current = atoms.iter().any(|a| {
        a.contains("current_scope") || a.contains("current_user") || a.contains("user_optional")
    });
    if required {
        2
    } else if current {
        1
    } else {
        0
    }
}

fn collect_atoms(node: Node<'_>, src: &str, out: &mut Vec<String>) {
    if let Some(a) = syntax::atom_name(node, src) {
        out.push(a);
        return;
    }
    for k in kids(node) {
        collect_atoms(k, src, out);
    }
}

fn collect_canons(node: Node<'_>, src: &str, out: &mut Vec<String>) {
    if node.kind() == "call" && do_block(node).is_none() {
        out.push(canon(node, src));
    }
    for k in kids(node) {
        collect_canons(k, src, out);
    }
}

/// `live "/posts/:id", ...` → (`live`, `posts`).
fn route_group(node: Node<'_>, src: &str) -> (String, String) {
    let verb = call_name(node, src).unwrap_or("").to_string();
    let seg = call_args(node)
        .first()
        .and_then(|a| syntax::string_literal(*a, src))
        .map(|p| {
            p.trim_start_matches('/')
                .split('/')
                .next()
                .unwrap_or("")
                .to_string()
        })
        .unwrap_or_default();
    (verb, seg)
}

fn is_route(node: Node<'_>, src: &str) -> bool {
    node.kind() == "call"
        && do_block(node).is_none()
        && call_name(node, src).is_some_and(|n| !NOT_ROUTES.contains(&n))
}

/// Plans the insertion of `lines` into a scope or live_session block.
fn insert_into_block(
    doc: &Document,
    block: Node<'_>,
    lines: &[String],
    first_group: (String, String),
) -> Option<Plan> {
    let src = doc.text();
    let items = block_items(block);
    let code = lines.join("\n");
    let routes: Vec<Node<'_>> = items
        .iter()
        .copied()
        .filter(|n| is_route(*n, src))
        .collect();
    let same_group = routes
        .iter()
        .rev()
        .find(|n| route_group(**n, src) == first_group);
    let splice = if let Some(anchor) = same_group {
        // Join the existing group of routes for the same resource.
        let multiline = anchor.end_position().row > anchor.start_position().row;
        seq::statement_after(doc, *anchor, &code, multiline)
    } else if let Some(anchor) = routes.last() {
        seq::statement_after(doc, *anchor, &code, true)
    } else if let Some(last) = items.last() {
        seq::statement_after(doc, *last, &code, true)
    } else {
        seq::statement_into_empty(doc, block, &code)?
    };
    Some(Plan::Edit {
        splices: vec![splice],
        reflow: None,
    })
}

impl Document {
    /// Adds route lines to the router: into `scope "/", ShopWeb do
    /// pipe_through :browser ... end` (or the requested scope path; a scope
    /// piping through exactly `:browser` is preferred to one whose list
    /// also has other pipelines), after the last route of the same
    /// resource, else after its last route with a blank line before; with
    /// `authenticated`, into that scope's `live_session` that requires a
    /// user (or, failing that, mounts the current scope/user). Lines already present in the scope are skipped;
    /// all present → unchanged. Without a matching scope a new one is
    /// added after the last browser scope (or before the dev-routes `if`
    /// block). A router without `use ShopWeb, :router`, or no
    /// authenticated `live_session` when one is asked for, yields
    /// [`EditError::Manual`].
    pub fn add_routes(&mut self, routes: &Routes) -> Result<Outcome, EditError> {
        self.edit(|doc| doc.plan_routes(routes))
    }

    fn plan_routes(&self, routes: &Routes) -> Result<Plan, EditError> {
        let src = self.text();
        let lines: Vec<String> = routes.lines.iter().map(|l| l.trim().to_string()).collect();
        let mut wanted = Vec::new();
        for l in &lines {
            match canon_code(l) {
                Some(c) => wanted.push((l.clone(), c)),
                None => {
                    return Err(EditError::manual(
                        1,
                        format!("not a valid route line: `{l}`"),
                        lines.join("\n"),
                    ))
                }
            }
        }
        let mut modules = Vec::new();
        syntax::modules(self.root(), src, &mut modules);
        let mut router = None;
        for m in &modules {
            let Some(body) = do_block(*m) else { continue };
            for (use_call, used) in syntax::uses(body, src) {
                let args = call_args(use_call);
                let is_router = args
                    .get(1)
                    .and_then(|a| syntax::atom_name(*a, src))
                    .as_deref()
                    == Some("router");
                if is_router {
                    router = Some((*m, body, used));
                } else if used == "Phoenix.Router" {
                    let name = syntax::module_name(*m, src).unwrap_or_default();
                    let web = name.strip_suffix(".Router").unwrap_or(&name).to_string();
                    router = Some((*m, body, web));
                }
            }
            if router.is_some() {
                break;
            }
        }
        let alias_hint = routes
            .alias
            .clone()
            .unwrap_or_else(|| "MyAppWeb".to_string());
        let new_scope = |alias: &str| {
            let body: Vec<String> = lines.iter().map(|l| format!("  {l}")).collect();
            format!(
                "scope {}, {alias} do\n  pipe_through :browser\n\n{}\nend",
                quote(&routes.scope),
                body.join("\n")
            )
        };
        let Some((_, body, web)) = router else {
            return Err(EditError::manual(
                1,
                "no router module found (`use MyAppWeb, :router`)",
                new_scope(&alias_hint),
            ));
        };
        let alias = routes.alias.clone().unwrap_or(web);
        let first_group = {
            let frag = syntax::Fragment::parse(&lines[0]);
            frag.map(|f| {
                f.items()
                    .first()
                    .map(|n| route_group(*n, &f.src))
                    .unwrap_or_default()
            })
            .unwrap_or_default()
        };

        let scopes: Vec<Scope<'_>> = block_items(body)
            .into_iter()
            .filter_map(|n| scope_of(n, src))
            .collect();
        let matching = |s: &&Scope<'_>| {
            s.path.as_deref() == Some(routes.scope.as_str())
                && s.alias.as_deref() == Some(alias.as_str())
                && s.pipes.iter().any(|p| p == "browser")
        };

        let (scope_node, block) = if routes.authenticated {
            let mut best: Option<(u8, Node<'_>, Node<'_>)> = None;
            for s in scopes.iter().filter(matching) {
                let Some(block) = do_block(s.node) else {
                    continue;
                };
                for item in block_items(block) {
                    let name = call_name(item, src);
                    if !matches!(
                        name,
                        Some("live_session" | "ash_authentication_live_session")
                    ) {
                        continue;
                    }
                    let Some(inner) = do_block(item) else {
                        continue;
                    };
                    let rank = auth_rank(item, src);
                    if rank > 0 && best.is_none_or(|(r, _, _)| rank > r) {
                        best = Some((rank, s.node, inner));
                    }
                }
            }
            match best {
                Some((_, scope, inner)) => (scope, inner),
                None => {
                    return Err(EditError::manual(
                        body.start_position().row + 1,
                        "no live_session for authenticated users found in the router; add these routes inside it",
                        lines.join("\n"),
                    ))
                }
            }
        } else {
            match scopes
                .iter()
                .filter(matching)
                .find(|s| s.pipes == ["browser"])
                .or_else(|| scopes.iter().find(matching))
            {
                Some(s) => (
                    s.node,
                    do_block(s.node).expect("scope_of requires a do block"),
                ),
                None => return self.plan_new_scope(body, &scopes, &new_scope(&alias)),
            }
        };

        let mut present = Vec::new();
        collect_canons(scope_node, src, &mut present);
        let missing: Vec<String> = wanted
            .iter()
            .filter(|(_, c)| !present.contains(c))
            .map(|(l, _)| l.clone())
            .collect();
        if missing.is_empty() {
            return Ok(Plan::Unchanged(format!(
                "{} already in scope {}",
                if lines.len() == 1 { "route" } else { "routes" },
                quote(&routes.scope)
            )));
        }
        insert_into_block(self, block, &missing, first_group).ok_or_else(|| {
            EditError::manual(
                block.start_position().row + 1,
                "unexpected scope block shape",
                missing.join("\n"),
            )
        })
    }

    fn plan_new_scope(
        &self,
        body: Node<'_>,
        scopes: &[Scope<'_>],
        code: &str,
    ) -> Result<Plan, EditError> {
        let src = self.text();
        let items = block_items(body);
        let last_browser = scopes
            .iter()
            .rev()
            .find(|s| s.pipes.iter().any(|p| p == "browser"));
        let dev_routes = items.iter().find(|n| {
            call_name(**n, src) == Some("if")
                && call_args(**n)
                    .first()
                    .is_some_and(|c| text(*c, src).contains("compile_env"))
        });
        let splice = if let Some(s) = last_browser {
            seq::statement_after(self, s.node, code, true)
        } else if let Some(dev) = dev_routes {
            seq::statement_before(self, *dev, code, true)
        } else if let Some(last) = items
            .iter()
            .rev()
            .find(|n| matches!(call_name(**n, src), Some("scope" | "pipeline")))
            .or(items.last())
        {
            seq::statement_after(self, *last, code, true)
        } else {
            match seq::statement_into_empty(self, body, code) {
                Some(s) => s,
                None => {
                    return Err(EditError::manual(
                        body.start_position().row + 1,
                        "the router module has an unexpected shape",
                        code,
                    ))
                }
            }
        };
        Ok(Plan::Edit {
            splices: vec![splice],
            reflow: None,
        })
    }
}
