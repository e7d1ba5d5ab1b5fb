// The commit a binary is built from, for `--version`: included by the build scripts of sss-daemon,
// sss-cli and sss-tui (`include!("../build-info.rs")`), so it needs nothing but std and `git`.
//
// - `SSS_BUILD_COMMIT`, when set, wins (a build without the .git folder, such as the Docker
//   image's, passes it in);
// - else `git rev-parse --short=12 HEAD` in the crate's folder;
// - else `unknown` (a source tarball, no git installed, a repository git refuses to read).
//
// The binary is rebuilt when HEAD moves: the build script watches HEAD, the branch it points at
// and packed-refs.

/// Sets `SSS_BUILD_COMMIT` for the crate being built and returns it.
fn build_commit() -> String {
    println!("cargo:rerun-if-env-changed=SSS_BUILD_COMMIT");
    let commit = match std::env::var("SSS_BUILD_COMMIT") {
        Ok(given) if !given.trim().is_empty() => given.trim().to_owned(),
        _ => git_commit().unwrap_or_else(|| "unknown".to_owned()),
    };
    println!("cargo:rustc-env=SSS_BUILD_COMMIT={commit}");
    commit
}

/// The short hash of HEAD, watching the files that move it; `None` outside a git checkout.
fn git_commit() -> Option<String> {
    let dir = std::env::var_os("CARGO_MANIFEST_DIR")?;
    let git = |args: &[&str]| -> Option<String> {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(&dir)
            .output()
            .ok()?;
        let text = String::from_utf8(out.stdout).ok()?;
        (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_owned())
    };
    let commit = git(&["rev-parse", "--short=12", "HEAD"])?;
    let mut watched = vec!["HEAD".to_owned(), "packed-refs".to_owned()];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watched.push(branch);
    }
    for name in watched {
        if let Some(path) = git(&["rev-parse", "--path-format=absolute", "--git-path", &name]) {
            // A file that does not exist would make cargo rerun the script on every build.
            if std::path::Path::new(&path).exists() {
                println!("cargo:rerun-if-changed={path}");
            }
        }
    }
    Some(commit)
}
