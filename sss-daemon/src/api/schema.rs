//! The shapes of the daemon's own JSON bodies (errors, readiness), for the OpenAPI document
//! (`openapi.rs`) and the handlers' annotations. The search page and the category tree are
//! defined once, in `sss_core::api` (`SearchPage`, `CacheInfo`, `CategoryList`), which the
//! clients parse and the schema is derived from.

use serde::Serialize;
use utoipa::ToSchema;

/// An error.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// What went wrong.
#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// `invalid_parameter`, `not_found`, `method_not_allowed`, `uri_too_long`,
    /// `headers_too_large`, `upstream_failed`, `unavailable`, `rate_limited`, ...
    pub code: String,
    /// A sentence for people: what was wrong and what is allowed.
    pub message: String,
    /// The parameter at fault, for `invalid_parameter`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
}

/// The service's readiness (`GET /readyz`), 200 or 503.
#[derive(Serialize, ToSchema)]
pub struct ReadinessBody {
    /// `ready`, `degraded` (some dependency is down, searches are still answered) or
    /// `unavailable` (503).
    #[schema(pattern = "^(ready|degraded|unavailable)$")]
    pub status: String,
    /// Each dependency's state.
    pub checks: Vec<CheckState>,
    /// With `unavailable`: the error naming each dependency.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorDetail>,
}

/// One dependency's state.
#[derive(Serialize, ToSchema)]
pub struct CheckState {
    /// The dependency, unique within the answer.
    pub name: String,
    /// Whether it answered.
    pub ok: bool,
    /// Why not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}
