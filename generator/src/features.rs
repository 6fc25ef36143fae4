//! The generated crate's cargo features: one per service (on by default),
//! one per API group of each service (`<service>-<group>`, all on through
//! the service's feature), and the TLS back ends and `http2` of the template.

use crate::emit::{Features, Partition};
use std::collections::HashSet;

/// Features the crate template defines itself (`templates/Cargo.toml.tmpl`).
pub const TEMPLATE_FEATURES: &[&str] = &[
    "default",
    "rustls",
    "rustls-aws-lc-rs",
    "native-tls",
    "http2",
];

/// Hands out feature names across the services of one crate: a group's
/// name that another service or group took already (`a` + `b-c` against
/// `a-b` + `c`) gets a number.
pub struct FeatureNames {
    taken: HashSet<String>,
}

impl FeatureNames {
    /// Names for a crate whose services have these features.
    pub fn new<'a>(service_features: impl IntoIterator<Item = &'a str>) -> Self {
        let mut taken: HashSet<String> = TEMPLATE_FEATURES.iter().map(|s| s.to_string()).collect();
        taken.extend(service_features.into_iter().map(str::to_string));
        FeatureNames { taken }
    }

    /// The features of a service whose feature is `service`.
    pub fn service(&mut self, service: &str, partition: &Partition) -> Features {
        let groups = partition
            .groups
            .iter()
            .map(|g| self.claim(format!("{service}-{}", g.key)))
            .collect();
        Features {
            service: service.to_string(),
            groups,
        }
    }

    fn claim(&mut self, wanted: String) -> String {
        if self.taken.insert(wanted.clone()) {
            return wanted;
        }
        (2..)
            .map(|n| format!("{wanted}-{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or(wanted)
    }
}

/// Why a service's feature cannot be used, if it cannot.
pub fn service_feature_problem(feature: &str) -> Option<String> {
    if TEMPLATE_FEATURES.contains(&feature) {
        return Some(format!(
            "the feature `{feature}` is the crate's own (TLS back ends and `default`): give the service another"
        ));
    }
    let mut chars = feature.chars();
    let valid = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+'));
    (!valid).then(|| {
        format!(
            "`{feature}` is not a cargo feature name (ASCII letters, digits, `_`, `-` and `+`, not first)"
        )
    })
}

/// The `[features]` lines of the services: each service's feature enables
/// all its groups; a group's feature enables nothing else (the module is
/// compiled when any of its groups is).
pub fn feature_lines(services: &[Features]) -> Vec<String> {
    let quoted = |names: &[String]| {
        names
            .iter()
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut lines = Vec::new();
    let mut seen = HashSet::new();
    for s in services {
        if seen.insert(s.service.clone()) {
            let all: Vec<String> = services
                .iter()
                .filter(|other| other.service == s.service)
                .flat_map(|other| other.groups.iter().cloned())
                .collect();
            lines.push(format!("{} = [{}]", toml_key(&s.service), quoted(&all)));
        }
        for g in &s.groups {
            lines.push(format!("{} = []", toml_key(g)));
        }
    }
    lines
}

/// A feature name as a TOML key (`+` is allowed in feature names, not in bare keys).
fn toml_key(name: &str) -> String {
    if name.contains('+') {
        format!("\"{name}\"")
    } else {
        name.to_string()
    }
}

/// The part of a service module's doc that lists its groups' features.
pub fn groups_doc(partition: &Partition, features: &Features, heading: &str) -> String {
    let service = &features.service;
    if partition.groups.is_empty() {
        return String::new();
    }
    let mut doc = format!(
        "\n\n{heading} Features\n\nEach API group (the spec's tags; operations without one are `{}`) is a \
         cargo feature, and `{service}` enables them all. With `default-features = false` and \
         only some groups' features (and a TLS back end, such as `rustls`), only their \
         operations and the types these use are compiled.\n\n\
         | feature | group | operations |\n| --- | --- | --- |",
        crate::emit::partition::UNTAGGED
    );
    for (group, feature) in partition.groups.iter().zip(&features.groups) {
        let tag = match &group.tag {
            Some(tag) => crate::emit::table_cell(tag),
            None => "(no tag)".to_string(),
        };
        doc.push_str(&format!("\n| `{feature}` | {tag} | {} |", group.operations));
    }
    doc
}

/// The predicate of the `#[cfg(...)]` of a service's module: any of its
/// groups, or the service's own feature (which enables them all; a service
/// without operations has no group, and its feature alone is not wrapped in
/// `any`, which clippy's `non_minimal_cfg` refuses).
pub fn module_cfg(features: &Features) -> String {
    let all: Vec<String> = std::iter::once(&features.service)
        .chain(&features.groups)
        .map(|f| format!("feature = \"{f}\""))
        .collect();
    match all.as_slice() {
        [one] => one.clone(),
        many => format!("any({})", many.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_module_without_groups_is_gated_by_its_feature_alone() {
        let lone = Features {
            service: "hooks".into(),
            groups: Vec::new(),
        };
        assert_eq!(module_cfg(&lone), "feature = \"hooks\"");
        let grouped = Features {
            service: "pets".into(),
            groups: vec!["pets-cats".into()],
        };
        assert_eq!(
            module_cfg(&grouped),
            "any(feature = \"pets\", feature = \"pets-cats\")"
        );
    }
    use crate::emit::partition::Group;

    fn partition(keys: &[&str]) -> Partition {
        Partition {
            groups: keys
                .iter()
                .map(|k| Group {
                    tag: Some(k.to_string()),
                    key: k.to_string(),
                    module: k.replace('-', "_"),
                    operations: 1,
                })
                .collect(),
            ..Partition::default()
        }
    }

    #[test]
    fn group_features_that_collide_across_services_are_numbered() {
        let mut names = FeatureNames::new(["a", "a-b"]);
        let a = names.service("a", &partition(&["b-c", "b"]));
        let ab = names.service("a-b", &partition(&["c"]));
        // `a` + `b` is the service `a-b`'s own feature.
        assert_eq!(a.groups, ["a-b-c", "a-b-2"]);
        assert_eq!(ab.groups, ["a-b-c-2"]);
        assert_eq!(
            feature_lines(&[a]),
            ["a = [\"a-b-c\", \"a-b-2\"]", "a-b-c = []", "a-b-2 = []"]
        );
    }

    #[test]
    fn service_features_are_cargo_feature_names_not_the_template_s() {
        assert_eq!(service_feature_problem("env0"), None);
        assert_eq!(service_feature_problem("unusual_text"), None);
        assert!(service_feature_problem("rustls").is_some());
        assert!(service_feature_problem("default").is_some());
        assert!(service_feature_problem("-x").is_some());
        assert!(service_feature_problem("a b").is_some());
    }
}
