//! End to end in a real terminal: tmux runs the `sss-tui` binary against the real daemon,
//! served by this test on a free loopback port; keys go in with `send-keys`, the screen comes
//! back with `capture-pane`.
//!
//! Each run has its own tmux server (`-S` with a socket in the test's own temp dir), killed at
//! the end, so no other tmux session is ever touched. Every wait is bounded.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// The longest wait for any one screen.
const WAIT: Duration = Duration::from_secs(30);

/// A tmux server of our own (its socket in our temp dir), killed on drop.
struct Tmux {
    socket: PathBuf,
}

impl Tmux {
    fn start(dir: &Path, command: &str) -> Tmux {
        let tmux = Tmux {
            socket: dir.join("tmux.sock"),
        };
        let out = tmux.run(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "e2e",
            "-x",
            "120",
            "-y",
            "40",
            command,
        ]);
        assert!(
            out.status.success(),
            "tmux new-session failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        tmux
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .args(args)
            .env_remove("TMUX")
            .output()
            .expect("run tmux")
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "e2e"];
        args.extend_from_slice(keys);
        let out = self.run(&args);
        assert!(out.status.success(), "send-keys {keys:?} failed");
    }

    fn text(&self, text: &str) {
        let out = self.run(&["send-keys", "-t", "e2e", "-l", text]);
        assert!(out.status.success(), "send-keys -l {text:?} failed");
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "e2e"]).stdout).into_owned()
    }

    /// Waits until `ready` holds for the screen; returns that screen.
    fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "waited {WAIT:?} for {what}; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
        let _ = std::fs::remove_file(&self.socket);
    }
}

/// Fails with a clear message when tmux is missing.
fn require_tmux() {
    let found = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "tmux is needed for the end-to-end test of sss-tui and was not found on PATH; \
         install it with scripts/install-test-deps (Debian: apt-get install tmux)"
    );
}

/// The embedded daemon (`sss-daemon` with no flags) on a free loopback port, in a background
/// runtime that lives as long as the test process.
fn start_daemon() -> SocketAddr {
    sss_daemon::testing::spawn_in_background(&[]).expect("the daemon started")
}

/// The status bar: the last line with text.
fn status(screen: &str) -> &str {
    screen
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
}

/// The product count in the status bar ("356 products").
fn total(screen: &str) -> u64 {
    let line = status(screen);
    count_before_products(line).unwrap_or_else(|| panic!("no total in {line:?}"))
}

/// The number before " product" in `line` ("…, 1,234 products").
fn count_before_products(line: &str) -> Option<u64> {
    if !line.contains(" product") {
        return None;
    }
    let before = line.split(" product").next()?.rsplit(' ').next()?;
    before.replace(',', "").parse().ok()
}

/// The filter panel's total, in its title ("┏ Filters ━━━ 356 products ┓").
fn panel_total(screen: &str) -> Option<u64> {
    let title = screen.lines().find(|l| l.contains(" Filters "))?;
    count_before_products(title)
}

/// The filter panel's value under the cursor (`› [x] Tonga   120`, `› ( ) $25 – $50   40`):
/// its name, count and whether it is chosen.
fn panel_cursor(screen: &str) -> Option<(String, u64, bool)> {
    screen.lines().find_map(|l| {
        let (_, rest) = l.split_once("› ")?;
        let mark: String = rest.chars().take(3).collect();
        let chosen = match mark.as_str() {
            "[x]" | "(•)" => true,
            "[ ]" | "( )" => false,
            _ => return None,
        };
        let rest: String = rest.chars().skip(3).collect();
        let inside = rest.split('┃').next()?;
        let mut words: Vec<&str> = inside.split_whitespace().collect();
        let count = words.pop()?.replace(',', "").parse().ok()?;
        Some((words.join(" "), count, chosen))
    })
}

/// The line of the sidebar under the cursor.
fn sidebar_cursor(screen: &str) -> String {
    screen
        .lines()
        .find_map(|l| {
            let rest = l.strip_prefix('┃').or_else(|| l.strip_prefix('│'))?;
            rest.starts_with('›')
                .then(|| rest.chars().take(32).collect())
        })
        .unwrap_or_default()
}

/// `sss-tui` with `args` against a fresh daemon, in a tmux of its own: the tmux, the temp dir
/// (the caller removes it) and the log file.
fn launch(name: &str, args: &str) -> (Tmux, PathBuf, PathBuf) {
    require_tmux();
    let addr = start_daemon();
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let dir = std::env::temp_dir().join(format!("sss-tui-{name}-{}-{stamp}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let log = dir.join("sss-tui.log");
    let command = format!(
        "'{bin}' --server http://{addr} --log-file '{log}' {args}; echo \"[sss-tui exited: $?]\"; sleep 120",
        bin = env!("CARGO_BIN_EXE_sss-tui"),
        log = log.display(),
    );
    let tmux = Tmux::start(&dir, &command);
    (tmux, dir, log)
}

#[test]
fn browse_dresses_search_and_quit_in_tmux() {
    let (tmux, dir, log) = launch("e2e", "");

    // The tree: top level only.
    tmux.wait_for("the category tree", |s| {
        s.contains("Women's Fashion") && s.contains("Men's Fashion")
    });

    // Women's Fashion > Clothing > Dresses.
    tmux.keys(&["Right", "Down", "Right"]);
    tmux.wait_for("Clothing expanded", |s| s.contains("Dresses"));
    tmux.keys(&["Down", "Down", "Down"]);
    let screen = tmux.wait_for("the cursor on Dresses", |s| {
        sidebar_cursor(s).contains("Dresses")
    });
    assert!(
        sidebar_cursor(&screen).contains("356"),
        "the count is shown: {screen}"
    );
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("a page of dresses, MISS", |s| {
        status(s).contains("Dresses") && status(s).contains("MISS")
    });
    assert!(status(&screen).contains("page 1 of"), "{screen}");
    let dresses = total(&screen);
    assert!(dresses >= 20, "{screen}");
    let rows = screen.lines().filter(|l| l.contains(" Dress")).count();
    assert!(rows >= 10, "real dresses in the table:\n{screen}");
    assert!(
        screen.contains("Product "),
        "the detail pane shows one:\n{screen}"
    );

    // The same category again: from the cache.
    tmux.keys(&["Enter"]);
    tmux.wait_for("the same page, HIT", |s| {
        status(s).contains("Dresses") && status(s).contains("HIT")
    });

    // A search narrows the list.
    tmux.keys(&["/"]);
    tmux.text("blue");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("blue dresses, MISS", |s| {
        status(s).contains("\"blue\"") && status(s).contains("MISS")
    });
    let blue = total(&screen);
    assert!(0 < blue && blue < dresses, "{blue} of {dresses}:\n{screen}");
    let table: Vec<&str> = screen.lines().filter(|l| l.contains('$')).take(5).collect();
    assert!(!table.is_empty(), "{screen}");
    assert!(
        table.iter().any(|l| l.to_lowercase().contains("blue")),
        "blue products:\n{screen}"
    );

    // Back to the sidebar, Dresses again: the same query, now a hit.
    tmux.keys(&["h", "Enter"]);
    tmux.wait_for("blue dresses, HIT", |s| {
        status(s).contains("\"blue\"") && status(s).contains("HIT")
    });

    // q leaves the terminal as it was: the TUI is gone, the shell command goes on.
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("sss-tui to exit", |s| s.contains("[sss-tui exited: 0]"));
    assert!(
        !screen.contains("Categories") && !screen.contains("Women's Fashion"),
        "the alternate screen was left:\n{screen}"
    );
    let log = std::fs::read_to_string(&log).expect("the log file");
    assert!(log.contains("search answered"), "{log}");
    drop(tmux);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn filter_panel_chooses_a_brand_in_tmux() {
    let (tmux, dir, log) = launch("filters", "--category dresses");
    let screen = tmux.wait_for("a page of dresses", |s| {
        status(s).contains("Dresses") && status(s).contains("MISS")
    });
    let dresses = total(&screen);

    // f: the panel with the brands of the dresses, counted; the first under the cursor.
    tmux.keys(&["f"]);
    let screen = tmux.wait_for("the brands counted", |s| {
        panel_total(s).is_some() && panel_cursor(s).is_some()
    });
    assert_eq!(panel_total(&screen), Some(dresses), "{screen}");
    let (brand, count, chosen) = panel_cursor(&screen).expect("a brand");
    assert!(!chosen && 0 < count && count < dresses, "{screen}");
    for facet in ["Brand", "Colour", "Size", "Price", "Discount", "Retailer"] {
        assert!(screen.contains(facet), "{facet} listed:\n{screen}");
    }

    // Space chooses it: the search and the counts come again, narrowed to it.
    tmux.keys(&["Space"]);
    let screen = tmux.wait_for("the brand chosen and counted", |s| {
        panel_cursor(s).is_some_and(|(_, _, chosen)| chosen)
            && panel_total(s) == Some(count)
            && count_before_products(status(s)) == Some(count)
    });
    assert!(
        status(&screen).contains(&format!("brand: {brand}")),
        "the status bar names it:\n{screen}"
    );

    // Enter closes the panel: only that brand's products, the filter in the status bar.
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the panel closed", |s| !s.contains(" Filters "));
    assert_eq!(total(&screen), count, "{screen}");
    assert!(
        status(&screen).contains(&format!("brand: {brand}")),
        "{screen}"
    );
    let short: String = brand.chars().take(10).collect();
    // The table's rows (the detail pane's price line aside).
    let rows: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains('$') && !l.contains("Price "))
        .collect();
    assert!(rows.len() as u64 >= count.min(10), "{screen}");
    assert!(
        rows.iter().all(|l| l.contains(&short)),
        "every row is of {brand}:\n{screen}"
    );

    // Again: the counts of the other facets are that brand's; a price band (one choice) on
    // top narrows the search to the count it showed.
    tmux.keys(&["f", "Right"]);
    let screen = tmux.wait_for("the colours", |s| {
        panel_cursor(s).is_some_and(|(name, _, _)| name != brand)
    });
    let (_, colour_count, _) = panel_cursor(&screen).expect("a colour");
    assert!(colour_count <= count, "{screen}");
    tmux.keys(&["Right", "Right"]);
    let screen = tmux.wait_for("the price bands", |s| s.contains("› ( ) $"));
    let (band, band_count, _) = panel_cursor(&screen).expect("a price band");
    assert!(band_count <= count, "{screen}");
    tmux.keys(&["Space"]);
    let screen = tmux.wait_for("the band chosen and counted", |s| {
        s.contains("› (•) $")
            && panel_total(s) == Some(band_count)
            && count_before_products(status(s)) == Some(band_count)
    });
    assert!(
        status(&screen).contains(&format!("brand: {brand} · {band}")),
        "{screen}"
    );
    tmux.keys(&["Escape"]);
    tmux.wait_for("the panel closed", |s| !s.contains(" Filters "));

    // x clears them: all the dresses again.
    tmux.keys(&["x"]);
    let screen = tmux.wait_for("the filters cleared", |s| {
        !status(s).contains("brand:") && count_before_products(status(s)) == Some(dresses)
    });
    assert!(!status(&screen).contains(&brand), "{screen}");

    tmux.keys(&["q"]);
    tmux.wait_for("sss-tui to exit", |s| s.contains("[sss-tui exited: 0]"));
    let log = std::fs::read_to_string(&log).expect("the log file");
    assert!(log.contains("facets answered"), "{log}");
    drop(tmux);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The completions' rows on screen (`┃│› Men's Sneakers      category   2,406 │`, the list's
/// border one column in from the pane's): the text, the kind, the count and whether it is
/// highlighted.
fn completions(screen: &str) -> Vec<(String, String, u64, bool)> {
    screen
        .lines()
        .filter_map(|l| {
            let mut chars = l.chars().skip(1);
            if chars.next()? != '│' {
                return None;
            }
            let rest: String = chars.take_while(|c| *c != '│').collect();
            let rest = rest.as_str();
            let highlighted = rest.starts_with('›');
            let rest = rest.strip_prefix('›').unwrap_or(rest);
            let mut words: Vec<&str> = rest.split_whitespace().collect();
            let count = words.pop()?.replace(',', "").parse().ok()?;
            let kind = words.pop()?;
            if !["category", "brand", "search"].contains(&kind) {
                return None;
            }
            Some((words.join(" "), kind.to_owned(), count, highlighted))
        })
        .collect()
}

/// The search line's text.
fn search_line(screen: &str) -> String {
    screen
        .lines()
        .nth(1)
        .map(|l| l.trim_matches(|c: char| c == '┃' || c == '│' || c.is_whitespace()))
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn completions_and_corrections_in_tmux() {
    let (tmux, dir, log) = launch("suggest", "");
    tmux.wait_for("the category tree", |s| s.contains("Women's Fashion"));

    // "sne": sneakers among the completions, each with its kind and count.
    tmux.keys(&["/"]);
    tmux.text("sne");
    let screen = tmux.wait_for("the completions for sne", |s| {
        completions(s).iter().any(|(text, ..)| text == "sneakers")
    });
    let listed = completions(&screen);
    assert!(listed.len() <= 8, "{screen}");
    let (_, kind, sneakers, _) = listed
        .iter()
        .find(|(text, ..)| text == "sneakers")
        .cloned()
        .expect("sneakers");
    assert_eq!(kind, "search", "{screen}");
    assert!(sneakers > 100, "{screen}");
    assert!(
        listed
            .iter()
            .any(|(text, kind, ..)| kind == "category" && text.contains("Sneakers")),
        "a sneakers category too:\n{screen}"
    );

    // Down to sneakers, Tab takes it into the line, Enter searches it.
    let at = listed
        .iter()
        .position(|(text, ..)| text == "sneakers")
        .expect("listed");
    for _ in 0..=at {
        tmux.keys(&["Down"]);
    }
    tmux.wait_for("sneakers highlighted", |s| {
        completions(s)
            .iter()
            .any(|(text, _, _, on)| text == "sneakers" && *on)
    });
    tmux.keys(&["Tab"]);
    tmux.wait_for("sneakers in the line", |s| search_line(s) == "sneakers");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the sneakers", |s| {
        status(s).contains("\"sneakers\"") && status(s).contains("MISS")
    });
    assert!(
        completions(&screen).is_empty(),
        "the list is gone:\n{screen}"
    );
    let found = total(&screen);
    assert!(found > 100, "{screen}");
    let rows = screen
        .lines()
        .filter(|l| l.contains('$') && l.to_lowercase().contains("sneaker"))
        .count();
    assert!(rows >= 5, "sneakers in the table:\n{screen}");

    // "nik": the brand Nike; Enter on it searches that brand.
    tmux.keys(&["/", "C-u"]);
    tmux.text("nik");
    let screen = tmux.wait_for("the completions for nik", |s| {
        completions(s)
            .iter()
            .any(|(text, kind, ..)| text == "Nike" && kind == "brand")
    });
    let at = completions(&screen)
        .iter()
        .position(|(text, kind, ..)| text == "Nike" && kind == "brand")
        .expect("listed");
    let (_, _, nike, _) = completions(&screen)[at].clone();
    for _ in 0..=at {
        tmux.keys(&["Down"]);
    }
    tmux.wait_for("Nike highlighted", |s| {
        completions(s)
            .iter()
            .any(|(text, kind, _, on)| text == "Nike" && kind == "brand" && *on)
    });
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("Nike's products", |s| {
        status(s).contains("All categories │ brand: Nike")
            && count_before_products(status(s)).is_some()
    });
    assert_eq!(
        total(&screen),
        nike,
        "the count the completion showed:\n{screen}"
    );
    assert!(
        !status(&screen).contains('"'),
        "no text searched:\n{screen}"
    );

    // A typo: the page is of what was meant, and says so.
    tmux.keys(&["x", "/", "C-u"]);
    tmux.text("sneekers");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the corrected search", |s| {
        s.contains("Showing results for sneakers") && status(s).contains("\"sneekers\"")
    });
    assert!(total(&screen) > 100, "{screen}");

    // Esc hides the list, a second Esc leaves the line, a third quits.
    tmux.keys(&["/", "C-u"]);
    tmux.text("dres");
    tmux.wait_for("the completions for dres", |s| !completions(s).is_empty());
    tmux.keys(&["Escape"]);
    let screen = tmux.wait_for("the list hidden", |s| completions(s).is_empty());
    assert_eq!(search_line(&screen), "dres", "still typing:\n{screen}");
    tmux.keys(&["Escape"]);
    tmux.wait_for("the line left", |s| search_line(s) == "sneekers");
    tmux.keys(&["Escape"]);
    tmux.wait_for("sss-tui to exit", |s| s.contains("[sss-tui exited: 0]"));
    let log = std::fs::read_to_string(&log).expect("the log file");
    assert!(log.contains("search answered"), "{log}");
    drop(tmux);
    let _ = std::fs::remove_dir_all(&dir);
}
