//! Settings of [`super::ShopStyleClient`] and their validation.

use std::fmt;
use std::time::Duration;

use url::Url;

/// The real ShopStyle API.
pub const DEFAULT_BASE_URL: &str = "https://api.shopstyle.com/api/v2";

/// Settings of the ShopStyle HTTP client. `Default` gives the real API's limits; only `pid` has
/// to be filled in.
///
/// `Debug` never prints the partner id.
#[derive(Clone)]
pub struct UpstreamConfig {
    /// The API base, ending in `/api/v2` (default [`DEFAULT_BASE_URL`]).
    pub base_url: String,
    /// The partner id sent as `pid` on every call. A secret: it never appears in `Debug`
    /// output, logs or error messages.
    pub pid: String,
    /// The most one attempt may take, connecting and reading the whole body included
    /// (default 5 s).
    pub timeout: Duration,
    /// The most connecting may take (default 2 s).
    pub connect_timeout: Duration,
    /// How many times a call that failed transiently (timeout, connection error, 5xx, 429) is
    /// tried again (default 2, at most 10). Rejections (other 4xx) are never tried again.
    pub max_retries: u32,
    /// The first retry's backoff; each next one doubles, with jitter (default 100 ms).
    pub retry_base_delay: Duration,
    /// The longest backoff, and the longest `Retry-After` honoured; a 429 or 503 that asks for
    /// longer is returned instead of retried (default 2 s).
    pub retry_max_delay: Duration,
    /// Requests per minute this client sends at most, across all its clones (default 750,
    /// ShopStyle's limit; 0 turns the limit off). Callers over the rate wait for their turn.
    pub rate_limit_per_minute: u32,
    /// How many requests may go back to back before the spacing applies (default 1: every
    /// request is spaced by a minute divided by the rate).
    pub rate_limit_burst: u32,
    /// The longest a caller waits for its turn under the rate limit; longer and the call fails
    /// with [`UpstreamError::RateLimited`](crate::upstream::UpstreamError::RateLimited) without being sent (default 5 s).
    pub rate_limit_max_wait: Duration,
    /// Consecutive transient failures that open the circuit breaker (default 5; 0 turns the
    /// breaker off). While open, calls fail at once with
    /// [`UpstreamError::CircuitOpen`](crate::upstream::UpstreamError::CircuitOpen).
    pub breaker_threshold: u32,
    /// How long the breaker stays open before one trial call is let through (default 10 s).
    pub breaker_cooldown: Duration,
    /// The largest response body read (default 16 MiB); a larger one is a decode error.
    pub max_body_bytes: usize,
}

impl Default for UpstreamConfig {
    fn default() -> Self {
        UpstreamConfig {
            base_url: DEFAULT_BASE_URL.to_owned(),
            pid: String::new(),
            timeout: Duration::from_secs(5),
            connect_timeout: Duration::from_secs(2),
            max_retries: 2,
            retry_base_delay: Duration::from_millis(100),
            retry_max_delay: Duration::from_secs(2),
            rate_limit_per_minute: 750,
            rate_limit_burst: 1,
            rate_limit_max_wait: Duration::from_secs(5),
            breaker_threshold: 5,
            breaker_cooldown: Duration::from_secs(10),
            max_body_bytes: 16 * 1024 * 1024,
        }
    }
}

impl UpstreamConfig {
    /// The defaults with this base URL and partner id.
    pub fn new(base_url: impl Into<String>, pid: impl Into<String>) -> Self {
        UpstreamConfig {
            base_url: base_url.into(),
            pid: pid.into(),
            ..UpstreamConfig::default()
        }
    }

    /// Checks every setting; the error names the one to fix.
    pub fn validate(&self) -> Result<(), UpstreamConfigError> {
        self.parsed_base_url().map(drop)
    }

    /// Checks every setting and returns the base URL, parsed and without a trailing slash.
    pub(super) fn parsed_base_url(&self) -> Result<Url, UpstreamConfigError> {
        let base = parse_base_url(&self.base_url)?;
        if self.pid.trim().is_empty() {
            return Err(UpstreamConfigError::MissingPid);
        }
        if self.pid.chars().any(char::is_control) {
            return Err(invalid("pid", "contains control characters"));
        }
        if self.timeout.is_zero() {
            return Err(invalid("timeout", "must be more than zero"));
        }
        if self.connect_timeout.is_zero() {
            return Err(invalid("connect_timeout", "must be more than zero"));
        }
        if self.max_retries > MAX_RETRIES {
            return Err(invalid(
                "max_retries",
                format!(
                    "{} is more than the allowed {MAX_RETRIES}",
                    self.max_retries
                ),
            ));
        }
        if self.retry_base_delay > self.retry_max_delay {
            return Err(invalid(
                "retry_base_delay",
                format!(
                    "{} ms is more than retry_max_delay ({} ms)",
                    self.retry_base_delay.as_millis(),
                    self.retry_max_delay.as_millis()
                ),
            ));
        }
        if self.rate_limit_per_minute > 0 && self.rate_limit_burst == 0 {
            return Err(invalid(
                "rate_limit_burst",
                "must be at least 1 when a rate limit is set",
            ));
        }
        if self.breaker_threshold > 0 && self.breaker_cooldown.is_zero() {
            return Err(invalid(
                "breaker_cooldown",
                "must be more than zero when the breaker is on",
            ));
        }
        if self.max_body_bytes < MIN_BODY_BYTES {
            return Err(invalid(
                "max_body_bytes",
                format!("must be at least {MIN_BODY_BYTES}"),
            ));
        }
        Ok(base)
    }
}

impl fmt::Debug for UpstreamConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pid = if self.pid.is_empty() {
            "<empty>"
        } else {
            "<redacted>"
        };
        f.debug_struct("UpstreamConfig")
            .field("base_url", &shown_base_url(&self.base_url))
            .field("pid", &pid)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("max_retries", &self.max_retries)
            .field("retry_base_delay", &self.retry_base_delay)
            .field("retry_max_delay", &self.retry_max_delay)
            .field("rate_limit_per_minute", &self.rate_limit_per_minute)
            .field("rate_limit_burst", &self.rate_limit_burst)
            .field("rate_limit_max_wait", &self.rate_limit_max_wait)
            .field("breaker_threshold", &self.breaker_threshold)
            .field("breaker_cooldown", &self.breaker_cooldown)
            .field("max_body_bytes", &self.max_body_bytes)
            .finish()
    }
}

/// The most retries allowed.
const MAX_RETRIES: u32 = 10;
/// The smallest body limit allowed.
const MIN_BODY_BYTES: usize = 1024;

/// A setting of [`UpstreamConfig`] that cannot work. Each names the setting to fix.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UpstreamConfigError {
    /// `base_url` is not an `http(s)` URL ending in `/api/v2`.
    #[error("upstream setting base_url ({url}): {reason}")]
    BaseUrl {
        /// The URL as given, without query, fragment or credentials.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// `pid` is empty; ShopStyle and the offline catalog both require a partner id.
    #[error("upstream setting pid: the ShopStyle partner id is empty")]
    MissingPid,
    /// Another setting is out of range.
    #[error("upstream setting {setting}: {reason}")]
    Invalid {
        /// The setting's name, as the field of [`UpstreamConfig`].
        setting: &'static str,
        /// What is allowed.
        reason: String,
    },
    /// The HTTP client could not be built (its TLS set-up failed).
    #[error("upstream HTTP client could not be built: {message}")]
    HttpClient {
        /// What failed.
        message: String,
    },
}

fn invalid(setting: &'static str, reason: impl Into<String>) -> UpstreamConfigError {
    UpstreamConfigError::Invalid {
        setting,
        reason: reason.into(),
    }
}

fn parse_base_url(raw: &str) -> Result<Url, UpstreamConfigError> {
    let fail = |reason: &str| UpstreamConfigError::BaseUrl {
        url: shown_base_url(raw),
        reason: reason.to_owned(),
    };
    let mut url = Url::parse(raw.trim()).map_err(|e| fail(&format!("not a URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(fail("the scheme must be http or https"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(fail("no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(fail("credentials do not belong in the URL"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(fail(
            "no query or fragment allowed (the partner id has its own setting)",
        ));
    }
    let path = url.path().trim_end_matches('/').to_owned();
    if !path.ends_with("/api/v2") {
        return Err(fail("the path must end in /api/v2"));
    }
    url.set_path(&path);
    Ok(url)
}

/// A base URL as it may be shown: no query, fragment or credentials, even when it does not
/// parse.
pub(super) fn shown_base_url(raw: &str) -> String {
    let raw = raw.trim();
    let cut = raw.find(['?', '#']).map_or(raw, |i| &raw[..i]);
    let (scheme, rest) = cut.split_once("://").unwrap_or(("", cut));
    let rest = match rest.find('/') {
        Some(slash) => {
            let (authority, path) = rest.split_at(slash);
            let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
            format!("{host}{path}")
        }
        None => rest.rsplit_once('@').map_or(rest, |(_, h)| h).to_owned(),
    };
    let shown = if scheme.is_empty() {
        rest
    } else {
        format!("{scheme}://{rest}")
    };
    shown.chars().take(200).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_base(base: &str) -> UpstreamConfig {
        UpstreamConfig::new(base, "secret-partner-id")
    }

    #[test]
    fn defaults_are_valid_once_a_pid_is_set() {
        assert_eq!(
            UpstreamConfig::default().validate(),
            Err(UpstreamConfigError::MissingPid)
        );
        let cfg = with_base(DEFAULT_BASE_URL);
        assert_eq!(
            cfg.parsed_base_url().map(|u| u.to_string()),
            Ok(DEFAULT_BASE_URL.to_owned())
        );
    }

    #[test]
    fn base_url_is_checked_and_named() {
        for bad in [
            "ftp://api.shopstyle.com/api/v2",
            "not a url",
            "https://api.shopstyle.com/",
            "https://api.shopstyle.com/api/v2?pid=secret-partner-id",
            "https://user:hunter2@api.shopstyle.com/api/v2",
        ] {
            let err = with_base(bad).validate().expect_err(bad);
            let text = err.to_string();
            assert!(text.contains("base_url"), "{text}");
            assert!(!text.contains("secret-partner-id"), "{text}");
            assert!(!text.contains("hunter2"), "{text}");
        }
        let ok = with_base("http://127.0.0.1:4000/api/v2/");
        assert_eq!(
            ok.parsed_base_url().map(|u| u.to_string()),
            Ok("http://127.0.0.1:4000/api/v2".to_owned())
        );
    }

    #[test]
    fn other_settings_name_themselves() {
        let mut cfg = with_base(DEFAULT_BASE_URL);
        cfg.timeout = Duration::ZERO;
        assert!(matches!(
            cfg.validate(),
            Err(UpstreamConfigError::Invalid {
                setting: "timeout",
                ..
            })
        ));
        let mut cfg = with_base(DEFAULT_BASE_URL);
        cfg.max_retries = 50;
        assert!(matches!(
            cfg.validate(),
            Err(UpstreamConfigError::Invalid {
                setting: "max_retries",
                ..
            })
        ));
    }

    #[test]
    fn shown_base_url_drops_secrets() {
        assert_eq!(
            shown_base_url("https://u:p@h.example/api/v2?pid=s#f"),
            "https://h.example/api/v2"
        );
        assert_eq!(shown_base_url("u:p@h.example?pid=s"), "h.example");
    }
}
