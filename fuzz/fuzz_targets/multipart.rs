//! An attachment upload: the input is `<boundary>\n<body>`, sent as
//! `multipart/form-data; boundary=<boundary>`, through axum's `Multipart` (multer), the
//! upload routes' search for the `file` part, and the use case's receiving of the bytes (size
//! limit, type sniffing, hashing, into a temporary file under /dev/shm or the temp dir) and
//! naming of the file. A name kept is always safe to show and to put in `Content-Disposition`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

fn tmp_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let base = if std::path::Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        base.join(format!("dimos-fuzz-multipart-{}", std::process::id()))
    })
}

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
    let (boundary, body) = (&data[..split], data.get(split + 1..).unwrap_or(&[]));
    let mut content_type = b"multipart/form-data; boundary=".to_vec();
    content_type.extend_from_slice(boundary);
    let outcome = dimos_web::fuzzing::multipart(&content_type, body, tmp_dir());
    if std::env::var_os("DIMOS_FUZZ_SHOW").is_some() {
        eprintln!("{outcome:?}");
    }
    match outcome {
        dimos_web::fuzzing::Upload::Kept(received) => {
            assert!(received.size_bytes <= body.len() as u64);
            assert!(dimos_app::attachments::sniff(b"%PDF-").is_some());
        }
        dimos_web::fuzzing::Upload::Refused(status) => assert!(status.is_client_error()),
    }
    // Nothing is left behind, kept or refused.
    if let Ok(mut entries) = std::fs::read_dir(tmp_dir()) {
        assert!(entries.next().is_none(), "an upload left a file behind");
    }
});
