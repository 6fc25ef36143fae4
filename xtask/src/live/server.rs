//! A server run for the live tests: started on a free loopback port with its
//! output in a log file, polled until it says it is ready, and stopped
//! (SIGTERM, then SIGKILL after a grace period) when dropped, so it goes away
//! on every way out of the task: success, failure, panic, timeout and
//! interrupt (the signal handler only sets a flag; the waits notice it and
//! return, and the unwinding drops this guard). On Linux a server also gets
//! SIGTERM if the task is killed outright (SIGKILL), through the
//! parent-death signal.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::process::{free_port, http_status, interrupted, stop_with_parent, tail};

/// How long a server may take to say it is ready.
const START_TIMEOUT: Duration = Duration::from_secs(60);
/// How long a server may take to exit after SIGTERM before it is killed.
/// (Jupyter Server shuts its kernels down first, which takes a few seconds.)
const STOP_GRACE: Duration = Duration::from_secs(20);
/// Starts on another port when the first one was taken meanwhile.
const START_ATTEMPTS: usize = 3;

/// A running server; stopped when dropped.
pub struct Server {
    name: &'static str,
    child: Option<Child>,
    url: String,
    log: PathBuf,
}

impl Server {
    /// Runs `command(port)` on a free port, its output going to `log`, and
    /// waits until `GET ready_path` answers 200. A server that exits
    /// because another process took its port is started again on another.
    pub fn start(
        name: &'static str,
        log: &Path,
        ready_path: &str,
        command: impl Fn(u16) -> Command,
    ) -> Result<Server, String> {
        let mut attempt = 1;
        loop {
            let port = free_port()?;
            let mut server = Server::spawn(name, log, command(port), port)?;
            match server.wait_until_ready(ready_path) {
                Ok(()) => return Ok(server),
                Err(Exit::PortTaken) if attempt < START_ATTEMPTS => {
                    attempt += 1;
                    println!("{name}: port {port} was taken meanwhile; starting again");
                }
                Err(Exit::PortTaken) => {
                    return Err(format!("{name}: every port tried was taken meanwhile"));
                }
                Err(Exit::Failed(message)) => return Err(message),
            }
        }
    }

    fn spawn(
        name: &'static str,
        log: &Path,
        mut command: Command,
        port: u16,
    ) -> Result<Server, String> {
        let out = File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
        let err = out
            .try_clone()
            .map_err(|e| format!("{}: {e}", log.display()))?;
        stop_with_parent(&mut command);
        let child = command
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|e| format!("could not start {name}: {e}"))?;
        let url = format!("http://127.0.0.1:{port}");
        println!(
            "started {name} (pid {}) on {url}, log in {}",
            child.id(),
            log.display()
        );
        Ok(Server {
            name,
            child: Some(child),
            url,
            log: log.to_path_buf(),
        })
    }

    /// `http://127.0.0.1:PORT`
    pub fn url(&self) -> &str {
        &self.url
    }

    fn log_tail(&self) -> String {
        tail(&std::fs::read_to_string(&self.log).unwrap_or_default(), 20)
    }

    fn wait_until_ready(&mut self, ready_path: &str) -> Result<(), Exit> {
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            let exited = match self.child.as_mut().map(Child::try_wait) {
                Some(Ok(None)) => None,
                Some(Ok(Some(status))) => Some(status.to_string()),
                Some(Err(e)) => Some(e.to_string()),
                None => Some("not running".to_owned()),
            };
            if let Some(status) = exited {
                let log = self.log_tail();
                // "address already in use" (Go), "port ... is already in use" (Jupyter)
                if log.contains("already in use") {
                    return Err(Exit::PortTaken);
                }
                return Err(Exit::Failed(format!(
                    "{} exited ({status}) before it was ready:\n{log}",
                    self.name
                )));
            }
            if http_status(&self.url, "GET", ready_path) == Some(200) {
                println!("{} is ready", self.name);
                return Ok(());
            }
            if interrupted() {
                return Err(Exit::Failed(format!(
                    "{}: interrupted while starting",
                    self.name
                )));
            }
            if Instant::now() >= deadline {
                return Err(Exit::Failed(format!(
                    "{} did not answer 200 to GET {ready_path} within {START_TIMEOUT:?}:\n{}",
                    self.name,
                    self.log_tail()
                )));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Asks the server to stop (SIGTERM), kills it if it has not exited
    /// after the grace period, and reaps it. Says how it ended.
    pub fn stop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        let pid = child.id();
        if let Ok(Some(status)) = child.try_wait() {
            println!("{} (pid {pid}) had already exited ({status})", self.name);
            return;
        }
        ask_to_stop(&mut child);
        let deadline = Instant::now() + STOP_GRACE;
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                _ => break None,
            }
        };
        match status {
            Some(status) => println!("stopped {} (pid {pid}, {status})", self.name),
            None => {
                let _ = child.kill();
                let _ = child.wait();
                println!(
                    "killed {} (pid {pid}): still running {STOP_GRACE:?} after SIGTERM",
                    self.name
                );
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Why a server did not become ready.
enum Exit {
    /// It could not listen: another process took the port meanwhile.
    PortTaken,
    Failed(String),
}

/// SIGTERM: the server shuts down cleanly (and stops what it started).
#[cfg(unix)]
fn ask_to_stop(child: &mut Child) {
    use nix::sys::signal::{Signal, kill};
    use nix::unistd::Pid;
    if let Ok(pid) = i32::try_from(child.id()) {
        let _ = kill(Pid::from_raw(pid), Signal::SIGTERM);
    }
}

#[cfg(not(unix))]
fn ask_to_stop(child: &mut Child) {
    let _ = child.kill();
}
