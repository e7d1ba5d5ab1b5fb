//! Build script of sss-daemon:
//! - `SSS_BUILD_COMMIT`, the commit `--version` names (../build-info.rs);
//! - `$OUT_DIR/web_files.rs`: every file of the web page (`../web`) as `include_bytes!`, so the
//!   `serve` role carries its page (`src/serve/web.rs`). The same files the `--web-dir` override
//!   reads: dot files and files over 8 MiB left out, at most 8 folders deep.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

include!("../build-info.rs");

/// Files above this size are left out (the same limit as `--web-dir`, `src/serve/web.rs`).
const MAX_FILE_BYTES: u64 = 8 << 20;
/// How deep the folder is walked (as `src/serve/web.rs`).
const MAX_DEPTH: usize = 8;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=../build-info.rs");
    build_commit();

    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let web = manifest.join("..").join("web");
    // A folder: cargo reruns the script when any file under it changes.
    println!("cargo:rerun-if-changed={}", web.display());
    let mut files = Vec::new();
    if web.is_dir() {
        walk(&web, "", 0, &mut files);
    } else {
        // The page is then only served with --web-dir (the daemon says so at start-up).
        println!(
            "cargo:warning=no web page folder at {}; the binary carries no page",
            web.display()
        );
    }
    files.sort();
    let mut code = String::from(
        "/// The web page's files: (path under `web/`, bytes), sorted by path.\n\
         pub static FILES: &[(&str, &[u8])] = &[\n",
    );
    for (rel, path) in &files {
        let abs = path.canonicalize().expect("a file just listed");
        let abs = abs.to_str().expect("a UTF-8 path");
        writeln!(code, "    ({rel:?}, include_bytes!({abs:?})),").expect("to a String");
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    std::fs::write(out.join("web_files.rs"), code).expect("writing web_files.rs");
}

/// Lists the files under `dir` as (path relative to the web folder, path on disk).
fn walk(dir: &Path, prefix: &str, depth: usize, out: &mut Vec<(String, PathBuf)>) {
    let entries = std::fs::read_dir(dir).expect("reading the web folder");
    for entry in entries {
        let entry = entry.expect("reading the web folder");
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            println!("cargo:warning=web file with a non-UTF-8 name left out");
            continue;
        };
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let rel = format!("{prefix}{name}");
        let meta = std::fs::metadata(&path).expect("a listed file");
        if meta.is_dir() {
            if depth < MAX_DEPTH {
                walk(&path, &format!("{rel}/"), depth + 1, out);
            }
        } else if meta.len() > MAX_FILE_BYTES {
            println!("cargo:warning=web file {rel} over 8 MiB left out");
        } else {
            out.push((rel, path));
        }
    }
}
