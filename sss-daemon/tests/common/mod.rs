//! What the integration tests share: servers on `127.0.0.1:0`, child processes that are killed
//! when dropped, and the URLs of the test Redis and MongoDB (`SSS_TEST_REDIS_URL`,
//! `SSS_TEST_MONGO_URL`, started by `scripts/test`; loopback defaults otherwise).
#![allow(dead_code)] // each test binary uses a different part of this module

pub mod stack;

use std::net::{SocketAddr, TcpListener as StdListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use axum::Router;

/// The test Redis.
pub fn redis_url() -> String {
    std::env::var("SSS_TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379/".into())
}

/// The test MongoDB-wire server.
pub fn mongo_url() -> String {
    std::env::var("SSS_TEST_MONGO_URL").unwrap_or_else(|_| "mongodb://127.0.0.1:27017/".into())
}

/// A name no other test run uses (key prefixes, database names).
pub fn unique(prefix: &str) -> String {
    format!("{prefix}{:012x}", fastrand::u64(..) & 0xffff_ffff_ffff)
}

/// A router served on a free loopback port until dropped.
pub struct Server {
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Server {
    pub async fn start(router: Router) -> Server {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await;
        });
        Server {
            addr,
            stop: Some(tx),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }
}

/// A free loopback port (bound and released; good enough for tests that retry).
pub fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// A child process, killed when dropped. Its output goes to a log file in `dir`.
pub struct Proc {
    pub name: String,
    child: Child,
    pub log: PathBuf,
}

impl Proc {
    pub fn spawn(
        name: &str,
        dir: &Path,
        program: &str,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Proc {
        Proc::spawn_in(name, dir, None, program, args, env)
    }

    /// As [`Proc::spawn`], started in the working folder `cwd` when given.
    pub fn spawn_in(
        name: &str,
        dir: &Path,
        cwd: Option<&Path>,
        program: &str,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Proc {
        let log = dir.join(format!("{name}.log"));
        let out = std::fs::File::create(&log).expect("log file");
        let err = out.try_clone().expect("log file");
        let mut cmd = Command::new(program);
        cmd.args(args)
            .stdout(Stdio::from(out))
            .stderr(Stdio::from(err));
        if let Some(cwd) = cwd {
            cmd.current_dir(cwd);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().unwrap_or_else(|e| {
            panic!("cannot start {program}: {e} (is it installed? scripts/install-test-deps)")
        });
        Proc {
            name: name.to_owned(),
            child,
            log,
        }
    }

    /// Asks it to stop (SIGTERM, by its PID) and waits for it to exit, at most `secs`.
    pub fn terminate(&mut self, secs: u64) -> Option<std::process::ExitStatus> {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        self.wait_exit(secs)
    }

    /// Waits for it to exit by itself, at most `secs`.
    pub fn wait_exit(&mut self, secs: u64) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + Duration::from_secs(secs);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }

    /// Stops it now (SIGKILL) and waits.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let start = text.len().saturating_sub(2000);
        text[start..].to_owned()
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A scratch directory under the target dir, removed when dropped.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(unique(&format!("sss-test-{name}-")));
        std::fs::create_dir_all(&dir).expect("scratch dir");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Waits until `url` answers 200, or panics after `secs` with `proc`'s log.
pub async fn wait_ready(url: &str, secs: u64, proc: Option<&Proc>) {
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < deadline {
        if let Ok(r) = client.get(url).send().await
            && r.status().is_success()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let log = proc.map(Proc::log_tail).unwrap_or_default();
    panic!("{url} not ready after {secs} s\n{log}");
}

/// Waits until `check` is true, or panics with `what` after `secs`.
pub async fn eventually<F, Fut>(secs: u64, what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < deadline {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("not within {secs} s: {what}");
}

/// A redis-server of the test's own, for tests that stop and restart it.
pub fn start_redis(dir: &Path, port: u16) -> Proc {
    start_redis_with(dir, port, &[])
}

/// A redis-server of the test's own on loopback, without persistence, with `extra` arguments.
pub fn start_redis_with(dir: &Path, port: u16, extra: &[&str]) -> Proc {
    let port_s = port.to_string();
    let mut args = vec![
        "--port",
        &port_s,
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
    ];
    args.extend_from_slice(extra);
    Proc::spawn(&format!("redis-{port}"), dir, "redis-server", &args, &[])
}

/// A MongoDB-wire server of the test's own (`secantusd-rs`), for tests that stop and restart it.
pub fn start_mongo(dir: &Path, port: u16) -> Proc {
    let port_s = port.to_string();
    let storage = dir.join("mongo-data");
    let storage_s = storage.to_string_lossy().into_owned();
    Proc::spawn(
        &format!("mongo-{port}"),
        dir,
        "secantusd-rs",
        &[
            "--host",
            "127.0.0.1",
            "--port",
            &port_s,
            "--storage-path",
            &storage_s,
            "--cache-size",
            "64M",
            "--log-file-max",
            "8MB",
        ],
        &[],
    )
}

/// Waits until a TCP port accepts.
pub async fn wait_port(port: u16, secs: u64) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < deadline {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("port {port} not open after {secs} s");
}

/// The embedded default's router with `args` (after `sss-daemon`), on a data folder of its own:
/// tests never touch the user's store, nor each other's. The folder goes as soon as the store is
/// open (the open file lives on).
pub async fn embedded_router(args: &[&str]) -> Router {
    let data = Scratch::new("embedded");
    let mut argv = vec![
        "sss-daemon",
        "--data-dir",
        data.0.to_str().expect("a UTF-8 temp dir"),
    ];
    argv.extend_from_slice(args);
    let cli = <sss_daemon::cli::Cli as clap::Parser>::try_parse_from(argv).expect("args");
    let (_state, router) = sss_daemon::serve::build(&cli.serve).await.expect("build");
    router
}
