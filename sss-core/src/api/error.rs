//! [`ApiError`]: why a call to the public API failed, in the terms a client acts on.

/// A failed call to the public API v1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ApiError {
    /// The server URL given to the client is not an `http(s)://` URL.
    #[error("invalid server URL {url:?}: {reason}")]
    InvalidUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// No answer: the connection was refused, the name did not resolve, or the time ran out.
    #[error("cannot reach the server at {url}: {reason}")]
    Unreachable {
        /// The URL that was asked.
        url: String,
        /// The innermost cause, in words (`connection refused`, `timed out after 10s`).
        reason: String,
        /// Whether the time ran out (as opposed to a refused or failed connection).
        timed_out: bool,
    },
    /// The server refused the request (4xx): a bad parameter, an unknown id, a rate limit.
    #[error("{}", rejected_text(.message, .parameter.as_deref()))]
    Rejected {
        /// The HTTP status.
        status: u16,
        /// The API's error code (`invalid_parameter`, `not_found`).
        code: String,
        /// The server's message: what was wrong and what is allowed.
        message: String,
        /// The parameter the server names, when it names one.
        parameter: Option<String>,
    },
    /// The server failed (5xx): the upstream failed with nothing cached, or a dependency is down.
    #[error("the server failed ({status}): {message}")]
    Server {
        /// The HTTP status.
        status: u16,
        /// The API's error code, when the body had one.
        code: Option<String>,
        /// The server's message.
        message: String,
    },
    /// The server answered something that is not the API's shape.
    #[error("unexpected answer from {url}: {reason}")]
    Decode {
        /// The URL that was asked.
        url: String,
        /// What could not be read.
        reason: String,
    },
}

fn rejected_text(message: &str, parameter: Option<&str>) -> String {
    match parameter {
        Some(p) => format!("parameter {p}: {message}"),
        None => message.to_owned(),
    }
}

impl ApiError {
    /// True for a 404: the id or route does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, ApiError::Rejected { status: 404, .. })
    }

    /// The parameter the server named in a rejection.
    pub fn parameter(&self) -> Option<&str> {
        match self {
            ApiError::Rejected { parameter, .. } => parameter.as_deref(),
            _ => None,
        }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Rejected { status, .. } | ApiError::Server { status, .. } => Some(*status),
            _ => None,
        }
    }
}
