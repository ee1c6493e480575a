//! The transport when no SMTP relay is configured: one `.eml` file per mail under
//! `<data_dir>/outbox/`, which any mail client opens.

use dimos_domain::Timestamp;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct EmlFiles {
    dir: PathBuf,
}

impl EmlFiles {
    pub fn new(dir: impl Into<PathBuf>) -> EmlFiles {
        EmlFiles { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes the message as `<created, UTC>-<id>.eml`. The name depends only on the mail, so a
    /// mail written twice (a retry after a lost `mark_sent`) replaces its own file. The bytes go
    /// to a hidden temporary name first, reach the disk, and are then renamed: a reader never
    /// sees half a file, and a file that exists survives a crash.
    pub(crate) async fn write(
        &self,
        id: &str,
        created_at: Timestamp,
        message: Vec<u8>,
    ) -> std::io::Result<PathBuf> {
        let dir = self.dir.clone();
        let name = file_name(id, created_at);
        tokio::task::spawn_blocking(move || write_atomically(&dir, &name, &message))
            .await
            .map_err(std::io::Error::other)?
    }
}

fn file_name(id: &str, created_at: Timestamp) -> String {
    let stamp = jiff::Timestamp::from_millisecond(created_at.as_millis())
        .map(|t| t.strftime("%Y%m%dT%H%M%SZ").to_string())
        .unwrap_or_else(|_| created_at.to_string());
    // The id is ours (a UUID), but a path component is no place to trust that.
    let id: String = id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    format!("{stamp}-{id}.eml")
}

fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let temporary = dir.join(format!(".{name}.{}.tmp", uuid::Uuid::now_v7()));
    let written = (|| {
        let mut file = std::fs::File::create_new(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    let target = dir.join(name);
    if let Err(e) = written.and_then(|()| std::fs::rename(&temporary, &target)) {
        let _ = std::fs::remove_file(&temporary);
        return Err(e);
    }
    // The rename itself is durable only once the folder is synced (POSIX); best effort.
    if let Ok(folder) = std::fs::File::open(dir) {
        let _ = folder.sync_all();
    }
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_by_time_and_cannot_escape_the_folder() {
        assert_eq!(
            file_name(
                "0190f0c2-1a2b-7c3d",
                Timestamp::from_millis(1_735_689_600_000)
            ),
            "20250101T000000Z-0190f0c2-1a2b-7c3d.eml"
        );
        assert_eq!(
            file_name("../../etc/x", Timestamp::EPOCH),
            "19700101T000000Z-etcx.eml"
        );
    }

    #[tokio::test]
    async fn writing_twice_leaves_one_complete_file_and_no_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let files = EmlFiles::new(dir.path().join("outbox"));
        let first = files
            .write("abc", Timestamp::EPOCH, b"first".to_vec())
            .await
            .unwrap();
        let again = files
            .write("abc", Timestamp::EPOCH, b"second".to_vec())
            .await
            .unwrap();
        assert_eq!(first, again);
        assert_eq!(std::fs::read(&again).unwrap(), b"second");
        let names: Vec<_> = std::fs::read_dir(files.dir())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }
}
