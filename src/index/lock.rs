//! One build at a time per index folder.
//!
//! Two builds into one folder at once would each remove the generations they
//! do not know, the other's new one among them (while it is being verified,
//! or after it went live). So a build holds an exclusive advisory lock
//! (`flock`) on `.build.lock` in the index folder from before it reads the
//! lists until it has removed the old generations, and a second build stops
//! at once with [`IndexError::Busy`], naming the holder: the file holds the
//! pid, host and start time of the build that has it. The operating system
//! releases the lock when its process ends, however it ends, so a build
//! that was killed blocks nobody; the file itself stays (removing it would
//! let a third build lock a new file while a second still holds the old one).

use super::{IndexError, io_err};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

/// The lock file's name inside an index folder.
pub const BUILD_LOCK: &str = ".build.lock";

/// The most of a lock file shown in a message.
const MAX_HOLDER_CHARS: usize = 200;

/// The build lock of an index folder, held while alive.
pub(crate) struct BuildLock {
    file: File,
}

impl BuildLock {
    /// Takes the lock of the index folder `index` (which must exist), or
    /// says who holds it.
    pub(crate) fn take(index: &Path) -> Result<BuildLock, IndexError> {
        let path = index.join(BUILD_LOCK);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io_err(&path))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(IndexError::Busy {
                    dir: index.to_path_buf(),
                    holder: holder(&mut file),
                });
            }
            Err(TryLockError::Error(e)) => return Err(io_err(&path)(e)),
        }
        let me = format!(
            "pid {} on {}, since {}\n",
            std::process::id(),
            host_name(),
            crate::clock::rfc3339_now()
        );
        file.set_len(0)
            .and_then(|()| file.write_all(me.as_bytes()))
            .and_then(|()| file.flush())
            .map_err(io_err(&path))?;
        Ok(BuildLock { file })
    }
}

impl Drop for BuildLock {
    /// Empties the file before the lock goes (closing the file releases it),
    /// so the file never names a build that has finished.
    fn drop(&mut self) {
        let _ = self.file.set_len(0);
    }
}

/// What a held lock file says about its holder.
fn holder(file: &mut File) -> String {
    let mut text = String::new();
    let read = file
        .seek(SeekFrom::Start(0))
        .and_then(|_| file.take(4096).read_to_string(&mut text));
    let text = text.trim();
    if read.is_err() || text.is_empty() {
        // Between taking the lock and writing its name, or not ours.
        return "a build that has not said who it is yet".to_string();
    }
    text.chars().take(MAX_HOLDER_CHARS).collect()
}

/// This machine's name, for the lock file (Linux; elsewhere `HOSTNAME`).
fn host_name() -> String {
    ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .find_map(|p| std::fs::read_to_string(p).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "an unknown host".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_is_refused_naming_the_holder_and_free_again_after() {
        let dir = tempfile::tempdir().expect("temp dir");
        let held = BuildLock::take(dir.path()).expect("first lock");
        match BuildLock::take(dir.path()) {
            Err(IndexError::Busy { holder, .. }) => {
                assert!(
                    holder.starts_with(&format!("pid {} on ", std::process::id())),
                    "{holder}"
                );
                assert!(holder.contains(", since "), "{holder}");
            }
            Err(e) => panic!("not Busy: {e}"),
            Ok(_) => panic!("a second lock was taken while the first is held"),
        }
        drop(held);
        let again = BuildLock::take(dir.path()).expect("the lock is free again");
        drop(again);
        let text =
            std::fs::read_to_string(dir.path().join(BUILD_LOCK)).expect("read the lock file");
        assert_eq!(text, "", "a released lock file names nobody");
    }
}
