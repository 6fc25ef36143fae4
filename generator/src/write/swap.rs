//! Swapping a freshly built folder in for the output, so that whenever the
//! process dies (`kill -9` included) the output holds either all the old
//! files or all the new ones; and the next run's recovery from a run that
//! died.
//!
//! A run builds the new files in `.<name>.oagen-new-<pid>` beside the output
//! (writing the marker file first, so the folder is known as ours from the
//! start), then swaps it in: on Linux with one atomic exchange of the two
//! folders; elsewhere, or where the file system cannot exchange, by moving
//! the output aside to `.<name>.oagen-old-<pid>` and the new folder in.
//! What was swapped out is then deleted, the marker last.
//!
//! While it writes, a run holds a lock on the parent folder, so the
//! temporaries of its output that it finds are those of a run that died:
//! an output moved aside and not replaced is put back, and every other
//! temporary is deleted, but only a folder with the temporaries' name
//! pattern that holds the marker (or nothing at all): never anything else.

use super::MARKER;
use crate::error::{Error, Result};
use std::fs;
use std::path::{Path, PathBuf};

/// The lock on an output's parent folder, held while a run recovers and
/// writes; released when dropped, or by the system when the process dies.
pub(super) struct ParentLock {
    _file: Option<fs::File>,
}

/// Waits for the lock on `parent`. Where a folder cannot be locked (it
/// cannot be opened as a file on Windows), runs go unlocked.
pub(super) fn lock_parent(parent: &Path) -> ParentLock {
    let file = fs::File::open(parent)
        .ok()
        .filter(|file| file.lock().is_ok());
    ParentLock { _file: file }
}

/// What a temporary beside the output is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Temporary {
    /// A new output being built (or, after an exchange, the old one).
    New,
    /// The old output, moved aside.
    Old,
}

/// The temporary of kind `kind` this process uses for the output `name`.
pub(super) fn staging_path(parent: &Path, name: &str) -> PathBuf {
    temporary_path(parent, name, Temporary::New)
}

fn temporary_path(parent: &Path, name: &str, kind: Temporary) -> PathBuf {
    let tag = match kind {
        Temporary::New => "new",
        Temporary::Old => "old",
    };
    parent.join(format!(".{name}.oagen-{tag}-{}", std::process::id()))
}

/// The kind of the temporary of output `name` that `file_name` names, if it
/// names one: `.<name>.oagen-new-<digits>` or `.<name>.oagen-old-<digits>`.
fn temporary_kind(file_name: &str, name: &str) -> Option<Temporary> {
    let rest = file_name.strip_prefix('.')?.strip_prefix(name)?;
    let (kind, pid) = if let Some(pid) = rest.strip_prefix(".oagen-new-") {
        (Temporary::New, pid)
    } else {
        (Temporary::Old, rest.strip_prefix(".oagen-old-")?)
    };
    (!pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())).then_some(kind)
}

/// Recovers from runs on the output `dir` (named `name`, in `parent`) that
/// died: puts back an output moved aside and not replaced, then deletes the
/// temporaries that are ours. Call with the parent's lock held.
pub(super) fn recover(parent: &Path, name: &str, dir: &Path) -> Result<()> {
    let mut temporaries: Vec<(PathBuf, Temporary)> = Vec::new();
    let entries = match fs::read_dir(parent) {
        Ok(entries) => entries,
        Err(_) => return Ok(()),
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if let Some(kind) = temporary_kind(&file_name, name) {
            temporaries.push((entry.path(), kind));
        }
    }
    temporaries.sort();
    if fs::symlink_metadata(dir).is_err() {
        // A run died between moving the output aside and moving the new
        // one in: put the old one back (that deletes nothing).
        if let Some(index) = temporaries.iter().rposition(|(path, kind)| {
            *kind == Temporary::Old && fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
        }) {
            let (backup, _) = temporaries.remove(index);
            fs::rename(&backup, dir).map_err(|source| Error::Io {
                path: dir.to_path_buf(),
                source,
            })?;
        }
    }
    for (path, _) in temporaries {
        if is_ours(&path) {
            remove_marker_last(&path).map_err(|source| Error::Io { path, source })?;
        }
    }
    Ok(())
}

/// Whether `path` is a folder (not a link to one) holding the marker, or
/// nothing at all.
fn is_ours(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
        && (fs::symlink_metadata(path.join(MARKER)).is_ok_and(|m| m.is_file())
            || fs::read_dir(path).is_ok_and(|mut entries| entries.next().is_none()))
}

/// Deletes the folder `path`, its marker last, so that a run dying half-way
/// leaves a folder the next run still knows as ours.
pub(super) fn remove_marker_last(path: &Path) -> std::io::Result<()> {
    if fs::symlink_metadata(path)?.is_symlink() {
        // Never follow a link into a folder that is not ours.
        return fs::remove_file(path);
    }
    for entry in fs::read_dir(path)? {
        let entry = entry?;
        if entry.file_name() == MARKER {
            continue;
        }
        if entry.file_type()?.is_dir() {
            fs::remove_dir_all(entry.path())?;
        } else {
            fs::remove_file(entry.path())?;
        }
    }
    match fs::remove_file(path.join(MARKER)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    fs::remove_dir(path)
}

/// Puts the complete folder `staging` in the place of `dir`, and deletes
/// what was there. On failure, `dir` is as it was and `staging` is gone.
pub(super) fn swap_in(staging: &Path, dir: &Path, parent: &Path, name: &str) -> Result<()> {
    let io = |source| Error::Io {
        path: dir.to_path_buf(),
        source,
    };
    if fs::symlink_metadata(dir).is_err() {
        return fs::rename(staging, dir).map_err(|e| {
            let _ = remove_marker_last(staging);
            io(e)
        });
    }
    if exchange(staging, dir).is_ok() {
        // `staging` now holds the old output.
        let _ = remove_marker_last(staging);
        return Ok(());
    }
    swap_by_renames(staging, dir, &temporary_path(parent, name, Temporary::Old))
}

/// The swap in two renames, through `backup`: a run dying between them
/// leaves no `dir`, and the next run's [`recover`] puts `backup` back.
pub(super) fn swap_by_renames(staging: &Path, dir: &Path, backup: &Path) -> Result<()> {
    let io = |source| Error::Io {
        path: dir.to_path_buf(),
        source,
    };
    if let Err(e) = fs::rename(dir, backup) {
        let _ = remove_marker_last(staging);
        return Err(io(e));
    }
    if let Err(e) = fs::rename(staging, dir) {
        let _ = fs::rename(backup, dir);
        let _ = remove_marker_last(staging);
        return Err(io(e));
    }
    let _ = remove_marker_last(backup);
    Ok(())
}

/// Swaps two folders in one step, where the system can.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporaries_are_known_by_their_exact_names() {
        assert_eq!(
            temporary_kind(".client.oagen-new-12", "client"),
            Some(Temporary::New)
        );
        assert_eq!(
            temporary_kind(".client.oagen-old-3", "client"),
            Some(Temporary::Old)
        );
        for other in [
            ".client.oagen-new-",
            ".client.oagen-new-1x",
            ".clients.oagen-new-1",
            "client.oagen-new-1",
            ".client.oagen-tmp-1",
            ".other.oagen-old-1",
        ] {
            assert_eq!(temporary_kind(other, "client"), None, "{other}");
        }
    }
}
