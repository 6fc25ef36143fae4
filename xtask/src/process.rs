//! Child processes for the tasks that run servers and programs
//! (`contract`, `live`): bounded waits, stopping, free ports, an HTTP probe,
//! building a cargo executable, and the interrupt flag that Ctrl-C and
//! SIGTERM set so a task can stop its children and unwind.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Makes SIGINT, SIGTERM and SIGHUP set the interrupt flag instead of
/// killing the task at once: every wait here then stops what it waits for
/// and returns an error, so the task's guards run and its servers stop.
pub fn stop_on_signals() -> Result<(), String> {
    ctrlc::set_handler(|| {
        if !INTERRUPTED.swap(true, Ordering::SeqCst) {
            eprintln!("interrupted: stopping");
        }
    })
    .map_err(|e| format!("cannot handle Ctrl-C and SIGTERM: {e}"))
}

/// Whether a signal asked the task to stop.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Kills `child` if it still runs, and reaps it. A child started in a
/// process group of its own ([`own_process_group`]) is killed with its
/// whole group: cargo killed alone leaves its rustc processes running.
pub fn stop_child(mut child: Child) {
    if matches!(child.try_wait(), Ok(None)) {
        kill_group_of(&child);
        let _ = child.kill();
    }
    let _ = child.wait();
}

/// Starts the command's process in a new process group, led by it, so that
/// [`stop_child`] stops what it started too.
#[cfg(unix)]
pub fn own_process_group(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    command.process_group(0);
}

#[cfg(not(unix))]
pub fn own_process_group(_: &mut Command) {}

/// Kills the process group `child` leads, if it leads one (a group's id is
/// its leader's pid: for any other child there is no such group).
#[cfg(unix)]
fn kill_group_of(child: &Child) {
    if let Ok(pid) = i32::try_from(child.id()) {
        let _ = nix::sys::signal::killpg(
            nix::unistd::Pid::from_raw(pid),
            nix::sys::signal::Signal::SIGKILL,
        );
    }
}

#[cfg(not(unix))]
fn kill_group_of(_: &Child) {}

/// Waits for `child` to exit; kills it if `limit` passes first or the task
/// is interrupted.
pub fn wait_with_deadline(
    mut child: Child,
    limit: Duration,
    what: &str,
) -> Result<ExitStatus, String> {
    let deadline = Instant::now() + limit;
    // Short pauses (a `waitpid` each, cheap): benchmarks time programs that
    // end within a second, so their end must be seen within milliseconds.
    let mut pause = Duration::from_millis(1);
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) if interrupted() => {
                stop_child(child);
                return Err(format!("{what}: interrupted; stopped"));
            }
            Ok(None) if Instant::now() >= deadline => {
                stop_child(child);
                return Err(format!("{what} took longer than {limit:?}; stopped"));
            }
            Ok(None) => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(10));
            }
            Err(e) => {
                stop_child(child);
                return Err(format!("{what}: {e}"));
            }
        }
    }
}

/// Has the kernel send the child SIGTERM when the task's process ends, so
/// a task killed with SIGKILL (which no handler sees) leaves no server or
/// program behind.
#[cfg(target_os = "linux")]
pub fn stop_with_parent(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    // SAFETY: the closure runs between fork and exec, where only
    // async-signal-safe calls are allowed; it makes one, prctl(2).
    unsafe {
        command.pre_exec(|| {
            nix::sys::prctl::set_pdeathsig(nix::sys::signal::Signal::SIGTERM)
                .map_err(std::io::Error::from)
        });
    }
}

#[cfg(not(target_os = "linux"))]
pub fn stop_with_parent(_: &mut Command) {}

/// Runs `command`, a `cargo build` that must not already set a message
/// format, and returns the path of the executable target named `bin`.
/// Compiler messages are shown as they come; a warning in our own code
/// (path packages: generated clients included) fails the build, as the
/// house rules allow none.
pub fn cargo_build_executable(
    mut command: Command,
    bin: &str,
    limit: Duration,
    what: &str,
) -> Result<PathBuf, String> {
    command
        .arg("--message-format=json")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    println!("{what}");
    let mut child = command
        .spawn()
        .map_err(|e| format!("could not run cargo: {e}"))?;
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| "cargo's output is not piped".to_owned())?;
    let reader = std::thread::spawn(move || {
        let mut messages = Vec::new();
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let Ok(message) = oagen::serde_json::from_str::<oagen::serde_json::Value>(&line) else {
                continue;
            };
            if let Some(rendered) = message["message"]["rendered"].as_str() {
                eprint!("{rendered}");
            }
            messages.push(message);
        }
        messages
    });
    let status = wait_with_deadline(child, limit, what)?;
    let messages = reader.join().unwrap_or_default();
    if !status.success() {
        return Err(format!("{what} failed ({status})"));
    }
    // Cargo repeats the warnings of fresh units, so a warm build counts too.
    let warnings = messages
        .iter()
        .filter(|m| m["reason"] == "compiler-message" && m["message"]["level"] == "warning")
        .filter(|m| {
            m["package_id"]
                .as_str()
                .is_some_and(|id| id.starts_with("path+file:"))
        })
        .count();
    if warnings > 0 {
        return Err(format!(
            "{what}: {warnings} compiler warnings in our own code (shown above); none are allowed"
        ));
    }
    messages
        .iter()
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == bin)
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| format!("cargo did not name the executable of `{bin}`"))
}

/// Runs `command` (its standard output piped here), echoing its lines as
/// they come, and waits for it, for at most `limit`. Returns its status and
/// its lines.
pub fn run_echoing(
    mut command: Command,
    limit: Duration,
    what: &str,
) -> Result<(ExitStatus, Vec<String>), String> {
    stop_with_parent(&mut command);
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("could not run {what}: {e}"))?;
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| format!("the output of {what} is not piped"))?;
    let reader = std::thread::spawn(move || {
        let mut lines = Vec::new();
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("{line}");
            lines.push(line);
        }
        lines
    });
    let status = wait_with_deadline(child, limit, what)?;
    let lines = reader.join().unwrap_or_default();
    Ok((status, lines))
}

/// A port that was free a moment ago.
pub fn free_port() -> Result<u16, String> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .map_err(|e| format!("no free port on 127.0.0.1: {e}"))
}

/// The status an HTTP server at `url` (`http://host:port`) answers to
/// `method path`, or `None` if nothing answers HTTP there.
pub fn http_status(url: &str, method: &str, path: &str) -> Option<u16> {
    let addr = url
        .strip_prefix("http://")
        .and_then(|a| a.parse::<SocketAddr>().ok())?;
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(1)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let request = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).ok()?;
    // "HTTP/1.1 200" is all we need of the answer.
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).ok()?;
    let head = std::str::from_utf8(&head).ok()?;
    head.strip_prefix("HTTP/1.")?.get(2..5)?.parse().ok()
}

/// The last `lines` lines of `text`.
pub fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::BufRead;

    #[test]
    fn http_status_reads_the_status_line() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let server = std::thread::spawn(move || {
            let (stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream);
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            reader
                .get_mut()
                .write_all(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n")
                .unwrap();
            line
        });
        assert_eq!(http_status(&url, "GET", "/-/ready"), Some(503));
        assert_eq!(server.join().unwrap(), "GET /-/ready HTTP/1.1\r\n");
    }

    #[test]
    fn nothing_listening_has_no_status() {
        let port = free_port().unwrap();
        assert_eq!(
            http_status(&format!("http://127.0.0.1:{port}"), "GET", "/"),
            None
        );
    }

    #[test]
    fn a_wait_past_its_limit_stops_the_child() {
        let child = Command::new("sleep").arg("30").spawn().unwrap();
        // Without the kill this would wait out the sleep and return Ok.
        let outcome = wait_with_deadline(child, Duration::from_millis(200), "sleeping");
        assert!(outcome.unwrap_err().contains("took longer than"));
    }

    /// What a stopped child started (cargo's rustc) is stopped with it
    /// when the child leads its own process group.
    #[cfg(target_os = "linux")]
    #[test]
    fn stopping_a_child_stops_what_it_started() {
        let dir = tempfile::tempdir().unwrap();
        let pid_file = dir.path().join("pid");
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(format!("sleep 30 & echo $! > {}; wait", pid_file.display()));
        own_process_group(&mut command);
        let child = command.spawn().unwrap();
        let started = Instant::now();
        let pid = loop {
            let text = std::fs::read_to_string(&pid_file).unwrap_or_default();
            if let Ok(pid) = text.trim().parse::<u32>() {
                break pid;
            }
            assert!(started.elapsed() < Duration::from_secs(10), "no pid");
            std::thread::sleep(Duration::from_millis(10));
        };
        let outcome = wait_with_deadline(child, Duration::from_millis(100), "a shell");
        assert!(outcome.unwrap_err().contains("took longer than"));
        // Killed, the grandchild is gone or a zombie waiting for init.
        let running = || {
            std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .ok()
                .and_then(|stat| {
                    let (_, after) = stat.rsplit_once(')')?;
                    Some(after.trim_start().chars().next()? != 'Z')
                })
                .unwrap_or(false)
        };
        let deadline = Instant::now() + Duration::from_secs(5);
        while running() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(!running(), "the grandchild {pid} still runs");
    }
}
