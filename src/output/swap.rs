//! Putting a finished site in place, and cleaning up after builds that were killed. On Linux the
//! new folder and the live site change places in one `renameat2(RENAME_EXCHANGE)`, so at every
//! instant site_dir is the whole previous site or the whole new one; where the platform or the
//! filesystem cannot exchange, two renames are used (with a moment where site_dir is missing).
//! Temporary folders are locked while their build runs, so the next build can tell the folders
//! of a killed build (stale) from those of one still running.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// Makes the folder `new` the site at `site`. Returns where the previous site now is, to be
/// kept or deleted by the caller (None when there was none). `aside` is the name used for the
/// previous site when the two-rename fallback is needed.
pub fn publish(new: &Path, site: &Path, aside: &Path) -> io::Result<Option<PathBuf>> {
    match std::fs::symlink_metadata(site) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            std::fs::rename(new, site)?;
            return Ok(None);
        }
        Err(e) => return Err(e),
        Ok(_) => {}
    }
    if exchange(new, site)? {
        return Ok(Some(new.to_path_buf()));
    }
    std::fs::rename(site, aside)?;
    if let Err(e) = std::fs::rename(new, site) {
        // Put the previous site back.
        let _ = std::fs::rename(aside, site);
        return Err(e);
    }
    Ok(Some(aside.to_path_buf()))
}

/// Exchanges two paths atomically. Ok(false) when this system or filesystem cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "NUL in a path"))
    };
    let (ca, cb) = (c(a)?, c(b)?);
    // SAFETY: both pointers are valid NUL-terminated strings for the duration of the call;
    // renameat2 reads them and keeps nothing.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        return Ok(true);
    }
    let e = io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EINVAL) | Some(libc::ENOSYS) | Some(libc::EOPNOTSUPP) => Ok(false),
        _ => Err(e),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<bool> {
    Ok(false)
}

/// The names of a build's temporary folders beside `site` (`.NAME.blogen-new-PID` for the site
/// being written, `.NAME.blogen-old-PID` for the previous one during a fallback swap).
pub fn temp_names(site: &Path) -> (PathBuf, PathBuf) {
    let parent = parent_of(site);
    let name = site_name(site);
    let pid = std::process::id();
    (
        parent.join(format!(".{name}.blogen-new-{pid}")),
        parent.join(format!(".{name}.blogen-old-{pid}")),
    )
}

pub fn parent_of(site: &Path) -> PathBuf {
    site.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn site_name(site: &Path) -> String {
    site.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into())
}

/// Takes the lock that marks `dir` as in use by this build (held while the File lives).
pub fn lock_dir(dir: &Path) -> Option<File> {
    let f = File::open(dir).ok()?;
    f.try_lock().ok()?;
    Some(f)
}

/// Removes the temporary folders that killed builds left beside `site`: a `-new-` folder whose
/// lock nobody holds, an `-old-` folder whose build is no longer running. Returns how many.
pub fn remove_stale(site: &Path) -> usize {
    let parent = parent_of(site);
    let name = site_name(site);
    let (new_prefix, old_prefix) = (
        format!(".{name}.blogen-new-"),
        format!(".{name}.blogen-old-"),
    );
    let Ok(entries) = std::fs::read_dir(&parent) else {
        return 0;
    };
    let mut removed = 0;
    for e in entries.flatten() {
        let file_name = e.file_name().to_string_lossy().into_owned();
        let path = e.path();
        let stale = if let Some(pid) = file_name.strip_prefix(&new_prefix) {
            pid.parse::<u32>().is_ok() && lock_dir(&path).is_some()
        } else if let Some(pid) = file_name.strip_prefix(&old_prefix) {
            pid.parse::<u32>().is_ok_and(|p| !running(p))
        } else {
            false
        };
        let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
        if stale && is_dir && std::fs::remove_dir_all(&path).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Whether a process with this id is running (this one counts as running).
fn running(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    #[cfg(target_os = "linux")]
    {
        Path::new("/proc").join(pid.to_string()).exists()
    }
    #[cfg(not(target_os = "linux"))]
    {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publish_exchanges_and_returns_the_previous_site() {
        let t = tempfile::tempdir().unwrap();
        let site = t.path().join("site");
        let new = t.path().join("new");
        let aside = t.path().join("old");
        std::fs::create_dir_all(&new).unwrap();
        std::fs::write(new.join("a"), "1").unwrap();
        assert_eq!(publish(&new, &site, &aside).unwrap(), None);
        std::fs::create_dir_all(&new).unwrap();
        std::fs::write(new.join("a"), "2").unwrap();
        let prev = publish(&new, &site, &aside).unwrap().unwrap();
        assert_eq!(std::fs::read_to_string(site.join("a")).unwrap(), "2");
        assert_eq!(std::fs::read_to_string(prev.join("a")).unwrap(), "1");
    }

    #[test]
    fn stale_folders_are_removed_live_ones_kept() {
        let t = tempfile::tempdir().unwrap();
        let site = t.path().join("site");
        let dead_new = t.path().join(".site.blogen-new-4000000");
        // No process has an id this large on Linux (pid_max is at most 2^22).
        let dead_old = t.path().join(".site.blogen-old-4000000");
        let (live_new, _) = temp_names(&site);
        for d in [&dead_new, &dead_old, &live_new] {
            std::fs::create_dir_all(d.join("x")).unwrap();
        }
        let _held = lock_dir(&live_new).unwrap();
        let unrelated = t.path().join(".site.other");
        std::fs::create_dir_all(&unrelated).unwrap();
        assert_eq!(remove_stale(&site), 2);
        assert!(!dead_new.exists() && !dead_old.exists());
        assert!(live_new.exists() && unrelated.exists());
    }
}
