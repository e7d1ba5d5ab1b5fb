//! Why a command failed, and the exit code each reason gets (documented in `--help`).

use std::io;
use std::process::ExitCode;

use sss_core::api::ApiError;

/// Success.
pub const OK: u8 = 0;
/// Success with no results.
pub const NO_RESULTS: u8 = 1;
/// A usage error.
pub const USAGE: u8 = 2;
/// The server is unreachable or unhealthy.
pub const UNAVAILABLE: u8 = 3;
/// The server rejected the request.
pub const REJECTED: u8 = 4;

/// How a command ended, other than plain success.
#[derive(Debug)]
pub enum Failure {
    /// The command worked and found nothing; the message, if any, goes to stderr.
    NoResults(Option<String>),
    /// The command line asks for something impossible.
    Usage(String),
    /// A call to the server failed.
    Api(ApiError),
    /// The server answered but is not ready.
    Unhealthy(String),
    /// Writing the output failed.
    Output(io::Error),
}

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Self {
        Failure::Api(e)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Output(e)
    }
}

impl Failure {
    /// The exit code.
    pub fn code(&self) -> u8 {
        match self {
            Failure::NoResults(_) => NO_RESULTS,
            Failure::Usage(_) => USAGE,
            Failure::Unhealthy(_) => UNAVAILABLE,
            // A reader that went away (`| head`) is a normal end.
            Failure::Output(e) if e.kind() == io::ErrorKind::BrokenPipe => OK,
            Failure::Output(_) => NO_RESULTS,
            Failure::Api(e) => match e {
                ApiError::InvalidUrl { .. } => USAGE,
                ApiError::Rejected { status: 404, .. } => NO_RESULTS,
                ApiError::Rejected { .. } => REJECTED,
                _ => UNAVAILABLE,
            },
        }
    }

    /// The one line for stderr, without the `sss: ` prefix; `None` when nothing is to be said.
    pub fn message(&self, server: &str) -> Option<String> {
        match self {
            Failure::NoResults(m) => m.clone(),
            Failure::Usage(m) => Some(m.clone()),
            Failure::Unhealthy(m) => Some(format!("the server at {server} is not ready: {m}")),
            Failure::Output(e) if e.kind() == io::ErrorKind::BrokenPipe => None,
            Failure::Output(e) => Some(format!("cannot write the output: {e}")),
            Failure::Api(e) => Some(match e {
                ApiError::InvalidUrl { .. } => format!("{e} (set --server or SSS_SERVER)"),
                ApiError::Unreachable { reason, .. } => format!(
                    "cannot reach the server at {server}: {reason} (is sss-daemon running? \
                     point --server or SSS_SERVER at it)"
                ),
                ApiError::Rejected {
                    status: 404,
                    message,
                    ..
                } => message.clone(),
                ApiError::Rejected { .. } => format!("the server rejected the request: {e}"),
                _ => e.to_string(),
            }),
        }
    }
}

/// The process's exit code.
pub fn code(n: u8) -> ExitCode {
    ExitCode::from(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_follow_the_documented_table() {
        let rejected = ApiError::Rejected {
            status: 400,
            code: "invalid_parameter".into(),
            message: "unknown category".into(),
            parameter: Some("cat".into()),
        };
        let f = Failure::from(rejected);
        assert_eq!(f.code(), REJECTED);
        let m = f.message("http://x").expect("a message");
        assert!(m.contains("parameter cat: unknown category"), "{m}");
        let unreachable = ApiError::Unreachable {
            url: "http://127.0.0.1:1/".into(),
            reason: "Connection refused".into(),
            timed_out: false,
        };
        assert_eq!(Failure::from(unreachable).code(), UNAVAILABLE);
        let pipe = Failure::from(io::Error::from(io::ErrorKind::BrokenPipe));
        assert_eq!((pipe.code(), pipe.message("x")), (OK, None));
        assert_eq!(Failure::Usage("x".into()).code(), USAGE);
    }
}
