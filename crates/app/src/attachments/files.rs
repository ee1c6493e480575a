//! The bytes on disk: a file is streamed into `tmp/` while it is counted, hashed and its type
//! recognised from its first bytes, then renamed to a server-made `<yyyy>/<uuid>`. A guard
//! removes whatever is left behind by a failure, or by a client that went away mid-upload
//! (the handler's future is then dropped).

use super::{AttachmentError, ChunkSource, MAX_ATTACHMENT_BYTES, SourceError};
use sha2::{Digest, Sha256};
use std::path::{Component, Path, PathBuf};
use tokio::io::AsyncWriteExt;

/// The kinds of file accepted, recognised by their first bytes (never by name or by what the
/// client claims).
const SIGNATURES: [(&[u8], &str); 3] = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xFF\xD8\xFF", "image/jpeg"),
];
/// Enough of the head of a file to tell its kind.
const HEAD_LEN: usize = 8;

/// The content type of a file that starts with `head`, if it is one we accept.
pub fn sniff(head: &[u8]) -> Option<&'static str> {
    SIGNATURES
        .iter()
        .find(|(magic, _)| head.starts_with(magic))
        .map(|(_, kind)| *kind)
}

/// The usual extension of an accepted content type.
pub fn extension(content_type: &str) -> &'static str {
    match content_type {
        "application/pdf" => "pdf",
        "image/png" => "png",
        _ => "jpg",
    }
}

const NAME_MAX_CHARS: usize = 100;

/// The uploader's name for a file, made safe to show and to put in `Content-Disposition`: the
/// last path segment only (`/` or `\`), without control or bidirectional-override characters,
/// at most 100 characters (the extension kept). Never used on disk.
pub fn display_name(original: &str, content_type: &str) -> String {
    let base = original.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !is_invisible_format(*c))
        .collect();
    // Leading dots and spaces in any order (". . x" as well as ".x"): a name never starts
    // hidden or with a dot after trimming.
    let cleaned = cleaned
        .trim_start_matches(|c: char| c == '.' || c.is_whitespace())
        .trim_end();
    if cleaned.is_empty() {
        return format!("attachment.{}", extension(content_type));
    }
    if cleaned.chars().count() <= NAME_MAX_CHARS {
        return cleaned.to_owned();
    }
    let ext = cleaned
        .rsplit_once('.')
        .map(|(_, e)| e)
        .filter(|e| !e.is_empty() && e.chars().count() <= 10);
    match ext {
        Some(ext) => {
            let keep = NAME_MAX_CHARS - ext.chars().count() - 1;
            let stem: String = cleaned.chars().take(keep).collect();
            format!("{stem}.{ext}")
        }
        None => cleaned.chars().take(NAME_MAX_CHARS).collect(),
    }
}

/// Characters that change how a name displays without showing themselves (a right-to-left
/// override can make `exe.pdf` look like `fdp.exe`).
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// A file that is removed when dropped, unless kept.
pub struct Doomed {
    path: Option<PathBuf>,
}

impl Doomed {
    pub fn new(path: PathBuf) -> Doomed {
        Doomed { path: Some(path) }
    }

    pub fn path(&self) -> &Path {
        self.path
            .as_deref()
            .expect("a doomed file has its path until kept")
    }

    /// The file is wanted after all: no longer removed.
    pub fn keep(mut self) {
        self.path = None;
    }
}

impl Drop for Doomed {
    fn drop(&mut self) {
        if let Some(path) = self.path.take() {
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    tracing::error!(path = %path.display(), error = %e, "could not remove a failed upload")
                }
            }
        }
    }
}

/// What was learnt while a file was received.
pub struct Received {
    pub file: Doomed,
    pub size_bytes: u64,
    pub sha256: String,
    pub content_type: &'static str,
}

fn internal(what: &str, e: std::io::Error) -> AttachmentError {
    AttachmentError::App(crate::AppError::Internal(format!("{what}: {e}")))
}

/// Streams the chunks into a fresh file under `tmp_dir`. Refuses (and removes the file) as
/// soon as the head is not a type we accept or the size passes the limit.
pub async fn receive<S: ChunkSource>(
    tmp_dir: &Path,
    chunks: &mut S,
) -> Result<Received, AttachmentError> {
    tokio::fs::create_dir_all(tmp_dir)
        .await
        .map_err(|e| internal("cannot create the upload folder", e))?;
    let doomed = Doomed::new(tmp_dir.join(format!("{}.part", uuid::Uuid::now_v7())));
    let mut out = tokio::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(doomed.path())
        .await
        .map_err(|e| internal("cannot create an upload file", e))?;
    let mut hasher = Sha256::new();
    let mut size: u64 = 0;
    let mut head: Vec<u8> = Vec::with_capacity(HEAD_LEN);
    let mut content_type: Option<&'static str> = None;
    loop {
        let chunk = match chunks.next_chunk().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            Err(SourceError::TooLarge) => return Err(AttachmentError::TooLarge),
            Err(SourceError::Broken(e)) => return Err(AttachmentError::Broken(e)),
        };
        let bytes = chunk.as_ref();
        size += bytes.len() as u64;
        if size > MAX_ATTACHMENT_BYTES {
            return Err(AttachmentError::TooLarge);
        }
        if content_type.is_none() {
            let wanted = HEAD_LEN - head.len();
            head.extend_from_slice(&bytes[..wanted.min(bytes.len())]);
            if head.len() == HEAD_LEN {
                content_type = Some(
                    sniff(&head)
                        .ok_or_else(|| crate::AppError::field("file", "unsupported_type"))?,
                );
            }
        }
        hasher.update(bytes);
        out.write_all(bytes)
            .await
            .map_err(|e| internal("cannot write an upload", e))?;
    }
    // Shorter than the head: judged on what there is (an empty file is of no type).
    let content_type = match content_type {
        Some(t) => t,
        None => sniff(&head).ok_or_else(|| crate::AppError::field("file", "unsupported_type"))?,
    };
    out.flush()
        .await
        .map_err(|e| internal("cannot write an upload", e))?;
    out.sync_all()
        .await
        .map_err(|e| internal("cannot write an upload", e))?;
    drop(out);
    let sha256 = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(Received {
        file: doomed,
        size_bytes: size,
        sha256,
        content_type,
    })
}

/// Whether a stored path is one the server made (`<yyyy>/<uuid>`): nothing read from the
/// database is joined to a folder unless it is.
pub fn is_server_made(storage_path: &str) -> bool {
    let path = Path::new(storage_path);
    let parts: Vec<Component<'_>> = path.components().collect();
    let [Component::Normal(year), Component::Normal(name)] = parts.as_slice() else {
        return false;
    };
    let year = year.to_string_lossy();
    let name = name.to_string_lossy();
    year.len() == 4
        && year.chars().all(|c| c.is_ascii_digit())
        && uuid::Uuid::parse_str(&name).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_told_by_their_first_bytes() {
        assert_eq!(sniff(b"%PDF-1.7\n"), Some("application/pdf"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0"), Some("image/png"));
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0"), Some("image/jpeg"));
        assert_eq!(sniff(b"<html><body>"), None);
        assert_eq!(sniff(b"%PDF"), None);
        assert_eq!(sniff(b"\x89PNG\r\n"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn names_lose_their_path_and_their_tricks() {
        assert_eq!(
            display_name("../../etc/passwd.pdf", "application/pdf"),
            "passwd.pdf"
        );
        assert_eq!(
            display_name("C:\\Users\\maria\\ταυτότητα.jpg", "image/jpeg"),
            "ταυτότητα.jpg"
        );
        assert_eq!(display_name("a\u{0}b\nc.png", "image/png"), "abc.png");
        assert_eq!(
            display_name("report\u{202E}fdp.exe", "application/pdf"),
            "reportfdp.exe"
        );
        assert_eq!(display_name("", "application/pdf"), "attachment.pdf");
        assert_eq!(display_name("dir/", "image/png"), "attachment.png");
        assert_eq!(display_name("..", "image/jpeg"), "attachment.jpg");
        assert_eq!(display_name(".hidden.pdf", "application/pdf"), "hidden.pdf");
        // Found by fuzzing: dots and spaces interleaved left a lone "." after one pass.
        assert_eq!(
            display_name(".       .   ", "application/pdf"),
            "attachment.pdf"
        );
        assert_eq!(display_name(". . .x.pdf", "application/pdf"), "x.pdf");
        let long = format!("{}.pdf", "α".repeat(300));
        let short = display_name(&long, "application/pdf");
        assert_eq!(short.chars().count(), 100);
        assert!(short.ends_with(".pdf"));
    }

    #[test]
    fn only_server_made_paths_are_opened() {
        assert!(is_server_made("2025/0192f0e4-7b7a-7c3e-8a1b-2f4d5e6a7b8c"));
        assert!(!is_server_made(
            "../2025/0192f0e4-7b7a-7c3e-8a1b-2f4d5e6a7b8c"
        ));
        assert!(!is_server_made("/etc/passwd"));
        assert!(!is_server_made("2025/passwd"));
        assert!(!is_server_made("2025"));
    }
}
