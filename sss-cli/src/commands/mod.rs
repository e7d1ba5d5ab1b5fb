//! One module per subcommand. Each `run` writes its results to `out` and returns how it
//! ended; `main` turns that into the exit code.

pub mod categories;
pub mod facets;
pub mod filters;
pub mod meta;
pub mod product;
pub mod search;
pub mod status;

use std::io::Write;
use std::time::Duration;

use sss_core::api::ApiClient;

use crate::term::Term;

/// What every command that talks to the server needs.
#[derive(Debug)]
pub struct Context {
    /// The API client.
    pub client: ApiClient,
    /// The terminal's facts.
    pub term: Term,
    /// `-v`: report each request on stderr.
    pub verbose: bool,
}

impl Context {
    /// With `-v`, one line on stderr about a request: what, how long, and what the cache said.
    pub fn report(
        &self,
        what: &str,
        elapsed: Duration,
        cache: Option<&str>,
        request_id: Option<&str>,
    ) {
        if !self.verbose {
            return;
        }
        let style = self.term.err();
        let mut line = format!("{what}: {:.1} ms", elapsed.as_secs_f64() * 1000.0);
        if let Some(c) = cache {
            line.push_str(&format!(", X-Cache {}", style.bold(c)));
        }
        if let Some(id) = request_id {
            line.push_str(&format!(", request-id {id}"));
        }
        // stderr going away is no reason to fail the command.
        let _ = writeln!(std::io::stderr(), "sss: {line}");
    }
}
