//! What the manifest may say about a service to refine what its spec says:
//! the options the passes read.

use std::collections::BTreeMap;

/// Per-service choices that refine what the spec says.
#[derive(Debug, Clone, Default)]
pub struct PassOptions {
    /// Generated type name → the name wanted (e.g. `DeploymentLogType` → `DeploymentType`).
    pub type_names: BTreeMap<String, String>,
    /// operationId → method name wanted.
    pub operation_names: BTreeMap<String, String>,
    /// How credentials constructors are named.
    pub credentials: CredentialOptions,
    /// `date-time`, `date`, `time` and `uuid` stay `String` (manifest
    /// `formats = "strings"`, CLI `--string-formats`).
    pub string_formats: bool,
    /// operationId → the fields of a cursor-paged shape the pagination pass
    /// does not detect by itself.
    pub cursor_pages: BTreeMap<String, CursorFields>,
}

/// The fields of a cursor-paged operation, by wire name (from the manifest).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CursorFields {
    /// The query parameter that takes the cursor.
    pub cursor: String,
    /// The page's array of items.
    pub items: String,
    /// The page's field giving the next cursor (absent, null or empty: the last page).
    pub next: Option<String>,
    /// A field of the last item that is the next cursor (with `has_more`).
    pub last_item: Option<String>,
    /// The page's boolean saying whether more pages follow.
    pub has_more: Option<String>,
}

/// How the credentials constructors are named (from the manifest).
#[derive(Debug, Clone, Default)]
pub struct CredentialOptions {
    /// Name and argument names of the HTTP Basic constructor
    /// (default `basic(username, password)`).
    pub basic: Option<(String, String, String)>,
    /// Also offer `bearer(token)` even where the spec declares no bearer
    /// scheme (for services that hand out tokens, like actinia).
    pub extra_bearer: bool,
}
