//! One run at a time: runs share `target/corpus` (and the release `oagen`).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Holds `target/corpus/.lock` while a run lasts: a second run (by hand, or
/// CI's subset on the same machine) waits rather than rewriting the shared
/// workspace under the first one. A lock whose process is gone is taken over.
pub(crate) struct RunLock {
    path: PathBuf,
}

impl RunLock {
    pub(crate) fn acquire(path: &Path) -> Result<RunLock, String> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        let mut told = false;
        let started = Instant::now();
        loop {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
            {
                Ok(mut file) => {
                    use std::io::Write as _;
                    let _ = write!(file, "{}", std::process::id());
                    return Ok(RunLock {
                        path: path.to_path_buf(),
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let holder = std::fs::read_to_string(path).unwrap_or_default();
                    let holder = holder.trim();
                    // Without /proc there is no telling: wait, up to the patience.
                    let held = !Path::new("/proc").is_dir()
                        || (!holder.is_empty() && Path::new("/proc").join(holder).exists());
                    if !held {
                        // Left by a run that was killed: take it over.
                        let _ = std::fs::remove_file(path);
                        continue;
                    }
                    if started.elapsed() > LOCK_PATIENCE {
                        return Err(format!(
                            "another `cargo xtask corpus` (pid {holder}) has held {} for over {} \
                             minutes",
                            path.display(),
                            LOCK_PATIENCE.as_secs() / 60
                        ));
                    }
                    if !told {
                        eprintln!("waiting for another `cargo xtask corpus` (pid {holder})...");
                        told = true;
                    }
                    std::thread::sleep(Duration::from_secs(2));
                }
                Err(e) => return Err(format!("cannot create {}: {e}", path.display())),
            }
        }
    }
}

impl Drop for RunLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// How long a run waits for another before giving up.
const LOCK_PATIENCE: Duration = Duration::from_secs(60 * 60);
