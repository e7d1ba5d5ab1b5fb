//! What the catalog answers when it cannot: typed errors that map onto ShopStyle's error body.

use serde_json::Map;

use crate::upstream::wire::{FlexId, SsError};

/// Why the catalog could not answer, or could not be built.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CatalogError {
    /// A request parameter is malformed or out of bounds; the message says what is allowed.
    #[error("{parameter}: {message}")]
    InvalidParameter {
        /// The parameter as the client spelled it (`limit`, `fl`).
        parameter: String,
        /// What was wrong and what is allowed.
        message: String,
    },
    /// `cat` names no category of the tree.
    #[error("unknown category {id:?}{}", suggest(.suggestions))]
    UnknownCategory {
        /// The id asked for.
        id: String,
        /// A few existing ids close to it.
        suggestions: Vec<String>,
    },
    /// No product has this id.
    #[error("no product with id {id:?}")]
    ProductNotFound {
        /// The id asked for.
        id: String,
    },
    /// The bundled data could not be read (a build-time fault, reported at start-up).
    #[error("catalog data {source_name}: {message}")]
    Data {
        /// Which input (`styles.csv`, `categories.json`, a rule).
        source_name: String,
        /// What was wrong.
        message: String,
    },
}

fn suggest(s: &[String]) -> String {
    if s.is_empty() {
        "; see /categories for the ids".to_owned()
    } else {
        format!("; close ids: {}", s.join(", "))
    }
}

impl CatalogError {
    /// An [`CatalogError::InvalidParameter`].
    pub fn invalid(parameter: impl Into<String>, message: impl Into<String>) -> Self {
        CatalogError::InvalidParameter {
            parameter: parameter.into(),
            message: message.into(),
        }
    }

    pub(super) fn data(source_name: impl Into<String>, message: impl Into<String>) -> Self {
        CatalogError::Data {
            source_name: source_name.into(),
            message: message.into(),
        }
    }

    /// The HTTP status ShopStyle answers this with: 400 for bad input, 404 for an unknown
    /// product, 500 for a data fault.
    pub fn status(&self) -> u16 {
        match self {
            CatalogError::InvalidParameter { .. } | CatalogError::UnknownCategory { .. } => 400,
            CatalogError::ProductNotFound { .. } => 404,
            CatalogError::Data { .. } => 500,
        }
    }

    /// ShopStyle's `errorName` for this error.
    pub fn error_name(&self) -> &'static str {
        match self {
            CatalogError::InvalidParameter { .. } => "InvalidParameter",
            CatalogError::UnknownCategory { .. } => "InvalidCategory",
            CatalogError::ProductNotFound { .. } => "InvalidProductId",
            CatalogError::Data { .. } => "InternalError",
        }
    }

    /// The error in ShopStyle's body shape, with `error_id` as its `errorId`.
    pub fn to_ss_error(&self, error_id: &str) -> SsError {
        ss_error(
            self.status(),
            self.error_name(),
            &self.to_string(),
            error_id,
        )
    }
}

/// A ShopStyle error body: `{"errorCode", "errorName", "errorMessage", "detailedErrors": [],
/// "errorId", "headers": {}}`.
pub fn ss_error(status: u16, name: &str, message: &str, error_id: &str) -> SsError {
    SsError {
        error_code: FlexId::Num(u64::from(status)),
        error_name: name.to_owned(),
        error_message: message.to_owned(),
        detailed_errors: Vec::new(),
        error_id: error_id.to_owned(),
        headers: Map::new(),
    }
}
