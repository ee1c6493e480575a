//! What every request is read for besides its body, chosen by the first byte: the query
//! strings of lists and searches (through `Query`), and the headers (bearer token, language
//! from `?lang=` and the cookie, `X-Forwarded-For`, user agent), given as
//! `<path?query>\n<name: value>\n…`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    if which & 0x80 == 0 {
        dimos_web::fuzzing::query(which, &String::from_utf8_lossy(rest));
    } else {
        let split = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        let target = String::from_utf8_lossy(&rest[..split]);
        dimos_web::fuzzing::headers(&target, rest.get(split + 1..).unwrap_or(&[]));
    }
});
