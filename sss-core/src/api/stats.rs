//! Cache figures read from the server's Prometheus text (`GET /metrics`).

use std::collections::BTreeMap;

use serde::Serialize;

/// One sample of Prometheus text: a name, its labels, its value.
#[derive(Clone, Debug, PartialEq)]
pub struct Sample {
    /// The metric name.
    pub name: String,
    /// The labels, in the order written.
    pub labels: Vec<(String, String)>,
    /// The value.
    pub value: f64,
}

impl Sample {
    /// The value of label `name`.
    pub fn label(&self, name: &str) -> Option<&str> {
        self.labels
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The samples of Prometheus text format; comments and lines that do not parse are skipped.
pub fn parse_samples(text: &str) -> Vec<Sample> {
    text.lines().filter_map(parse_line).collect()
}

fn parse_line(line: &str) -> Option<Sample> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return None;
    }
    let (name, labels, rest) = match line.find('{') {
        Some(open) => {
            let close = line[open..].rfind('}')? + open;
            (
                &line[..open],
                parse_labels(&line[open + 1..close])?,
                &line[close + 1..],
            )
        }
        None => {
            let (name, rest) = line.split_once(char::is_whitespace)?;
            (name, Vec::new(), rest)
        }
    };
    let value = rest.split_whitespace().next()?.parse().ok()?;
    Some(Sample {
        name: name.trim().to_owned(),
        labels,
        value,
    })
}

fn parse_labels(s: &str) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ',' || c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            return Some(out);
        }
        let mut key = String::new();
        for c in chars.by_ref() {
            if c == '=' {
                break;
            }
            key.push(c);
        }
        if chars.next()? != '"' {
            return None;
        }
        let mut value = String::new();
        loop {
            match chars.next()? {
                '"' => break,
                '\\' => match chars.next()? {
                    'n' => value.push('\n'),
                    other => value.push(other),
                },
                c => value.push(c),
            }
        }
        out.push((key.trim().to_owned(), value));
    }
}

/// How the server's cache answered searches since it started.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CacheStats {
    /// Fresh hits in the in-process L1 cache.
    pub l1_hits: u64,
    /// Fresh hits in the shared cache.
    pub shared_hits: u64,
    /// Stale pages served while a refresh runs.
    pub stale: u64,
    /// Misses: the page was fetched.
    pub misses: u64,
    /// Fills by where the page came from (`upstream`, `store`, ...).
    pub fills: BTreeMap<String, u64>,
}

impl CacheStats {
    /// The figures in `metrics` (Prometheus text): `sss_cache_requests_total{tier,result}` and
    /// `sss_fills_total{source}`. Absent metrics count as zero.
    pub fn from_metrics(metrics: &str) -> Self {
        let mut s = CacheStats::default();
        for sample in parse_samples(metrics) {
            // Counters are whole numbers; the float only carries them.
            let n = sample.value.max(0.0) as u64;
            match sample.name.as_str() {
                "sss_cache_requests_total" => {
                    match (sample.label("tier"), sample.label("result")) {
                        (Some("l1"), Some("hit")) => s.l1_hits += n,
                        (Some(_), Some("hit")) => s.shared_hits += n,
                        (_, Some("stale")) => s.stale += n,
                        (_, Some("miss")) => s.misses += n,
                        _ => {}
                    }
                }
                "sss_fills_total" => {
                    let source = sample.label("source").unwrap_or("unknown").to_owned();
                    *s.fills.entry(source).or_default() += n;
                }
                _ => {}
            }
        }
        s
    }

    /// Every search counted.
    pub fn searches(&self) -> u64 {
        self.l1_hits + self.shared_hits + self.stale + self.misses
    }

    /// The share of searches answered from a cache (fresh or stale), 0..=1; `None` before any.
    pub fn hit_rate(&self) -> Option<f64> {
        let all = self.searches();
        (all > 0).then(|| (self.l1_hits + self.shared_hits + self.stale) as f64 / all as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"# HELP sss_cache_requests_total Searches.
# TYPE sss_cache_requests_total counter
sss_cache_requests_total{tier="l1",result="hit"} 3
sss_cache_requests_total{tier="shared",result="hit"} 5
sss_cache_requests_total{tier="shared",result="stale"} 1
sss_cache_requests_total{tier="shared",result="miss"} 2
sss_fills_total{source="upstream"} 2
sss_fills_total{source="store"} 0
sss_write_queue_depth 0
sss_http_requests_total{route="/api/v1/products",status="200"} 11
weird{a="x\"y,z"} 1.5e0
broken{ 3
"#;

    #[test]
    fn reads_cache_counters() {
        let s = CacheStats::from_metrics(TEXT);
        assert_eq!((s.l1_hits, s.shared_hits, s.stale, s.misses), (3, 5, 1, 2));
        assert_eq!(s.searches(), 11);
        let fills: Vec<(&str, u64)> = s.fills.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(fills, [("store", 0), ("upstream", 2)]);
        let rate = s.hit_rate().expect("some searches");
        assert!((rate - 9.0 / 11.0).abs() < 1e-9);
        assert_eq!(CacheStats::default().hit_rate(), None);
    }

    #[test]
    fn parses_labels_with_escapes_and_skips_garbage() {
        let samples = parse_samples(TEXT);
        let weird = samples.iter().find(|s| s.name == "weird").expect("weird");
        assert_eq!(weird.label("a"), Some("x\"y,z"));
        assert!((weird.value - 1.5).abs() < 1e-9);
        assert!(samples.iter().all(|s| s.name != "broken"));
        let plain = samples
            .iter()
            .find(|s| s.name == "sss_write_queue_depth")
            .expect("plain");
        assert!(plain.labels.is_empty());
    }
}
