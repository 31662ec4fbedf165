//! The resource as the pages see it, built from a [`ResourceSpec`] (a
//! resource planned in the same run) or from an existing resource file.
//!
//! Both sources end up in one [`Resource`]: its attributes with the kind
//! of value they hold, its belongs_to relationships with the related
//! resource's label attribute, its actions, whether it uses policies and
//! which relationship its create action sets from the actor.

use std::collections::BTreeMap;

use super::existing::{self, Accept, Found, WriteAction};
use crate::elixir::ResourceInfo;
use crate::error::{Error, Result};
use crate::spec::field::{AttrType as FieldType, BaseType, FieldKind, ScalarType};
use crate::spec::names::ModuleName;
use crate::spec::resource::ResourceSpec;

/// How a value is stored, as far as inputs and display care.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Kind {
    Text,
    Textarea,
    Integer,
    Float,
    Decimal,
    Boolean,
    Date,
    Time,
    DateTime,
    NaiveDateTime,
    Uuid,
    Map,
    Binary,
    Atom,
    Array(Box<Kind>),
    Other,
}

impl Kind {
    fn from_scalar(t: ScalarType) -> Kind {
        match t {
            ScalarType::String | ScalarType::CiString => Kind::Text,
            ScalarType::Text => Kind::Textarea,
            ScalarType::Integer => Kind::Integer,
            ScalarType::Float => Kind::Float,
            ScalarType::Decimal => Kind::Decimal,
            ScalarType::Boolean => Kind::Boolean,
            ScalarType::Date => Kind::Date,
            ScalarType::Time => Kind::Time,
            ScalarType::UtcDatetime | ScalarType::UtcDatetimeUsec => Kind::DateTime,
            ScalarType::NaiveDatetime => Kind::NaiveDateTime,
            ScalarType::Uuid => Kind::Uuid,
            ScalarType::Map => Kind::Map,
            ScalarType::Binary => Kind::Binary,
        }
    }

    fn from_field(ty: &FieldType) -> Kind {
        let base = match &ty.base {
            BaseType::Scalar(t) => Kind::from_scalar(*t),
            BaseType::Atom(_) => Kind::Atom,
        };
        if ty.array {
            Kind::Array(Box::new(base))
        } else {
            base
        }
    }

    /// The kind of an Ash type written in a resource (`:string`,
    /// `{:array, :atom}`, `Ash.Type.Date`).
    fn from_code(code: &str) -> Kind {
        let code: String = code.split_whitespace().collect();
        if let Some(inner) = code
            .strip_prefix("{:array,")
            .and_then(|r| r.strip_suffix('}'))
        {
            return Kind::Array(Box::new(Kind::from_code(inner)));
        }
        let name = code
            .strip_prefix(':')
            .map(str::to_string)
            .or_else(|| {
                code.strip_prefix("Ash.Type.")
                    .map(heck::ToSnakeCase::to_snake_case)
            })
            .unwrap_or_default();
        match name.as_str() {
            "string" | "ci_string" => Kind::Text,
            "integer" => Kind::Integer,
            "float" => Kind::Float,
            "decimal" => Kind::Decimal,
            "boolean" => Kind::Boolean,
            "date" => Kind::Date,
            "time" | "time_usec" => Kind::Time,
            "utc_datetime" | "utc_datetime_usec" | "datetime" => Kind::DateTime,
            "naive_datetime" | "naive_datetime_usec" => Kind::NaiveDateTime,
            "uuid" | "uuid_v7" => Kind::Uuid,
            "map" => Kind::Map,
            "binary" => Kind::Binary,
            "atom" => Kind::Atom,
            _ => Kind::Other,
        }
    }
}

#[derive(Debug, Clone)]
pub(super) struct PageAttr {
    pub(super) name: String,
    pub(super) kind: Kind,
    pub(super) required: bool,
    pub(super) sensitive: bool,
    pub(super) accepted: bool,
    /// For atoms: whether the resource constrains the values (`one_of`).
    pub(super) one_of: bool,
    /// The first constrained value, for tests.
    pub(super) values: Vec<String>,
}

#[derive(Debug, Clone)]
pub(super) struct PageRel {
    pub(super) name: String,
    pub(super) source: String,
    pub(super) destination: ModuleName,
    pub(super) required: bool,
    pub(super) accepted: bool,
    /// The related resource's label attribute (`email`), when known.
    pub(super) label: Option<String>,
    /// The related resource uses policies.
    pub(super) policies: bool,
}

#[derive(Debug, Clone)]
pub(super) struct Resource {
    pub(super) module: ModuleName,
    pub(super) attributes: Vec<PageAttr>,
    pub(super) belongs_to: Vec<PageRel>,
    pub(super) timestamps: Vec<String>,
    pub(super) has_inserted_at: bool,
    pub(super) read: Option<String>,
    pub(super) create: Option<String>,
    pub(super) update: Option<String>,
    pub(super) destroy: Option<String>,
    pub(super) policies: bool,
    /// The relationship the create action sets from the actor.
    pub(super) owner: Option<String>,
    pub(super) label: Option<String>,
}

/// String attributes of existing resources shown as a textarea.
const LONG_TEXT: &[&str] = &[
    "body",
    "content",
    "description",
    "notes",
    "bio",
    "summary",
    "text",
    "comment",
    "message",
    "details",
    "about",
];

/// Attribute names preferred as a record's label, in order.
const LABELS: &[&str] = &[
    "name", "title", "label", "email", "username", "slug", "code",
];

fn label_of<'a>(attrs: impl Iterator<Item = (&'a str, &'a Kind, bool)> + Clone) -> Option<String> {
    for want in LABELS {
        if let Some((n, _, _)) = attrs
            .clone()
            .find(|(n, k, s)| n == want && **k == Kind::Text && !s)
        {
            return Some(n.to_string());
        }
    }
    attrs
        .clone()
        .find(|(_, k, s)| **k == Kind::Text && !s)
        .map(|(n, _, _)| n.to_string())
}

fn info_label(info: &ResourceInfo) -> Option<String> {
    let attrs: Vec<(String, Kind, bool)> = info
        .attributes
        .iter()
        .filter(|a| !a.primary_key && a.type_.is_some())
        .map(|a| {
            (
                a.name.clone(),
                Kind::from_code(a.type_.as_deref().unwrap_or_default()),
                option(&a.options, "sensitive?") == Some("true"),
            )
        })
        .collect();
    label_of(attrs.iter().map(|(n, k, s)| (n.as_str(), k, *s)))
}

fn info_policies(info: &ResourceInfo) -> bool {
    info.has_authorizer
}

fn option<'a>(options: &'a [(String, String)], key: &str) -> Option<&'a str> {
    options
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.trim())
}

pub(super) fn from_spec(spec: &ResourceSpec, index: &BTreeMap<String, Found>) -> Result<Resource> {
    if spec.primary_key.is_none() {
        return Err(Error::input_hint(
            format!(
                "`{}` has no primary key; LiveViews need records with an id",
                spec.names.module
            ),
            "drop --live",
        ));
    }
    let accept = if spec.actions.create {
        &spec.actions.create_accept
    } else {
        &spec.actions.update_accept
    };
    let accepted = |n: &str| accept.iter().any(|a| a.as_str() == n);
    let mut attributes = Vec::new();
    for field in &spec.fields {
        let FieldKind::Attribute(a) = &field.kind else {
            continue;
        };
        let values =
            a.ty.atom_values()
                .map(|v| v.iter().map(|x| x.to_string()).collect())
                .unwrap_or_default();
        attributes.push(PageAttr {
            name: field.name.to_string(),
            kind: Kind::from_field(&a.ty),
            required: a.required,
            sensitive: a.sensitive,
            accepted: accepted(field.name.as_str()),
            one_of: a.ty.atom_values().is_some(),
            values,
        });
    }
    let own_label = label_of(
        attributes
            .iter()
            .map(|a| (a.name.as_str(), &a.kind, a.sensitive)),
    );
    let belongs_to = spec
        .belongs_to
        .iter()
        .map(|r| {
            let source = r
                .source_attribute
                .as_ref()
                .map(|s| s.to_string())
                .unwrap_or_else(|| format!("{}_id", r.name));
            let related = index.get(r.destination.as_str());
            let (label, policies) = if r.destination == spec.names.module {
                (own_label.clone(), spec.policies)
            } else {
                (
                    related.and_then(|f| info_label(&f.info)),
                    related.is_some_and(|f| info_policies(&f.info)),
                )
            };
            PageRel {
                name: r.name.to_string(),
                accepted: accepted(&source),
                source,
                destination: r.destination.clone(),
                required: !r.allow_nil,
                label,
                policies,
            }
        })
        .collect();
    let owner = if spec.policies && spec.actions.create_code.is_some() {
        spec.owner.as_ref().map(|o| o.relationship.to_string())
    } else {
        None
    };
    let name = |on: bool, n: &str| on.then(|| n.to_string());
    Ok(Resource {
        module: spec.names.module.clone(),
        attributes,
        belongs_to,
        timestamps: if spec.timestamps {
            vec!["inserted_at".into(), "updated_at".into()]
        } else {
            Vec::new()
        },
        has_inserted_at: spec.timestamps,
        read: name(spec.actions.read, "read"),
        create: name(spec.actions.create, "create"),
        update: name(spec.actions.update, "update"),
        destroy: name(spec.actions.destroy, "destroy"),
        policies: spec.policies,
        owner,
        label: own_label,
    })
}

/// Picks the action of `kind` the pages use: the one named like the kind,
/// else the primary one, else the first.
fn pick<'a>(actions: &'a [WriteAction], kind: &str) -> Option<&'a WriteAction> {
    let of_kind: Vec<&WriteAction> = actions.iter().filter(|a| a.kind == kind).collect();
    of_kind
        .iter()
        .find(|a| a.name == kind)
        .or_else(|| of_kind.iter().find(|a| a.primary))
        .or_else(|| of_kind.first())
        .copied()
}

fn one_of_values(constraints: &str) -> Vec<String> {
    let Some(start) = constraints.find("one_of:") else {
        return Vec::new();
    };
    let rest = &constraints[start + "one_of:".len()..];
    let Some(open) = rest.find('[') else {
        return Vec::new();
    };
    let Some(close) = rest[open..].find(']') else {
        return Vec::new();
    };
    rest[open + 1..open + close]
        .split(',')
        .filter_map(|v| v.trim().strip_prefix(':').map(str::to_string))
        .filter(|v| !v.is_empty())
        .collect()
}

pub(super) fn from_info(
    module: &ModuleName,
    found: &Found,
    index: &BTreeMap<String, Found>,
) -> Result<Resource> {
    let info = &found.info;
    if info.data_layer.as_deref().map(str::trim) == Some(":embedded") {
        return Err(Error::input_hint(
            format!("`{module}` is an embedded resource; it is edited through its parent"),
            "generate pages for the resource that embeds it",
        ));
    }
    let pk: Vec<_> = info.attributes.iter().filter(|a| a.primary_key).collect();
    if pk.len() != 1 || pk[0].name != "id" {
        return Err(Error::input_hint(
            format!("`{module}` has no primary key named `id`; the generated routes use `/:id`"),
            "give the resource a single `id` primary key",
        ));
    }
    let reads: Vec<_> = info.actions.iter().filter(|a| a.kind == "read").collect();
    let Some(read) = reads.iter().find(|a| a.name == "read").or(reads.first()) else {
        return Err(Error::input_hint(
            format!("`{module}` has no read action; the pages list and show records"),
            "add `defaults [:read, ...]` to its actions",
        ));
    };
    let writes = existing::write_actions(&found.source);
    let create = pick(&writes, "create");
    let update = pick(&writes, "update");
    let destroys: Vec<_> = info
        .actions
        .iter()
        .filter(|a| a.kind == "destroy")
        .collect();
    let destroy = destroys
        .iter()
        .find(|a| a.name == "destroy")
        .or(destroys.first());

    let relationships: Vec<_> = info
        .relationships
        .iter()
        .filter(|r| r.kind == "belongs_to")
        .collect();
    let sources: Vec<String> = relationships
        .iter()
        .map(|r| {
            option(&r.options, "source_attribute")
                .map(|s| s.trim_start_matches(':').to_string())
                .unwrap_or_else(|| format!("{}_id", r.name))
        })
        .collect();
    let accepts_of =
        |action: Option<&WriteAction>| -> Option<Accept> { action.map(|a| a.accept.clone()) };
    let accept = accepts_of(create)
        .or_else(|| accepts_of(update))
        .unwrap_or(Accept::Names(Vec::new()));

    let mut attributes = Vec::new();
    let mut timestamps = Vec::new();
    for a in &info.attributes {
        use crate::elixir::AttributeKind as K;
        match a.kind {
            K::Timestamps => {
                timestamps.push("inserted_at".to_string());
                timestamps.push("updated_at".to_string());
                continue;
            }
            K::CreateTimestamp | K::UpdateTimestamp => {
                timestamps.push(a.name.clone());
                continue;
            }
            _ if a.primary_key => continue,
            _ => {}
        }
        if sources.contains(&a.name) {
            continue;
        }
        let public = a.public == Some(true);
        let writable = option(&a.options, "writable?") != Some("false");
        let accepted = match &accept {
            Accept::All => public && writable,
            Accept::Names(names) => names.contains(&a.name),
        };
        let mut kind = Kind::from_code(a.type_.as_deref().unwrap_or(":term"));
        // The resource does not say which strings are long text; the
        // usual names for it get a textarea.
        if kind == Kind::Text && LONG_TEXT.contains(&a.name.as_str()) {
            kind = Kind::Textarea;
        }
        let values = option(&a.options, "constraints")
            .map(one_of_values)
            .unwrap_or_default();
        attributes.push(PageAttr {
            name: a.name.clone(),
            one_of: !values.is_empty(),
            values,
            kind,
            required: a.allow_nil == Some(false),
            sensitive: option(&a.options, "sensitive?") == Some("true"),
            accepted,
        });
    }
    let own_label = label_of(
        attributes
            .iter()
            .map(|a| (a.name.as_str(), &a.kind, a.sensitive)),
    );
    let owner = create.and_then(|c| c.relate_actor.clone());
    let mut belongs_to = Vec::new();
    for (r, source) in relationships.iter().zip(sources) {
        let destination = resolve_destination(&r.destination, module, index)?;
        let attribute_public = option(&r.options, "attribute_public?") != Some("false");
        let accepted = match &accept {
            Accept::All => attribute_public,
            Accept::Names(names) => names.contains(&source),
        } && owner.as_deref() != Some(r.name.as_str());
        let related = index.get(destination.as_str());
        let (label, policies) = if &destination == module {
            (own_label.clone(), info_policies(info))
        } else {
            (
                related.and_then(|f| info_label(&f.info)),
                related.is_some_and(|f| info_policies(&f.info)),
            )
        };
        belongs_to.push(PageRel {
            name: r.name.clone(),
            source,
            destination,
            required: option(&r.options, "allow_nil?") == Some("false"),
            accepted,
            label,
            policies,
        });
    }
    let has_inserted_at = timestamps.iter().any(|t| t == "inserted_at");
    Ok(Resource {
        module: module.clone(),
        attributes,
        belongs_to,
        timestamps,
        has_inserted_at,
        read: Some(read.name.clone()),
        create: create.map(|a| a.name.clone()),
        update: update.map(|a| a.name.clone()),
        destroy: destroy.map(|a| a.name.clone()),
        policies: info_policies(info),
        owner,
        label: own_label,
    })
}

/// A relationship destination as written (`Shop.Accounts.User`, or an
/// alias such as `User`) resolved to a module.
fn resolve_destination(
    written: &str,
    own: &ModuleName,
    index: &BTreeMap<String, Found>,
) -> Result<ModuleName> {
    let written = written.trim();
    if index.contains_key(written) || written.contains('.') {
        return ModuleName::parse(written);
    }
    if let Some(sibling) = own.parent().and_then(|p| p.child(written).ok()) {
        if index.contains_key(sibling.as_str()) {
            return Ok(sibling);
        }
    }
    let same: Vec<&String> = index
        .keys()
        .filter(|m| m.rsplit('.').next() == Some(written))
        .collect();
    match same.as_slice() {
        [one] => ModuleName::parse(one),
        _ => match own.parent() {
            Some(p) => p.child(written),
            None => ModuleName::parse(written),
        },
    }
}
