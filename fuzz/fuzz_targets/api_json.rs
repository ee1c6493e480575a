//! The JSON bodies of the API: the first byte picks the route (`dimos_web::fuzzing::JSON_ROUTES`)
//! and, by its top bit, whether the body is sent as `application/json`; the rest is the body,
//! through the handler's extraction (`ApiJson`), its conversion to the use case's input and the
//! checks that need no store. Refusals are 4xx in the API's error shape, never a 500.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&which, body)) = data.split_first() else {
        return;
    };
    let content_type = if which & 0x80 == 0 {
        "application/json"
    } else {
        "application/json; charset=utf-8"
    };
    let today = jiff::civil::date(2026, 11, 28);
    let status = dimos_web::fuzzing::api_json(which & 0x7f, content_type, body, today);
    assert!(status.is_success() || status.is_client_error(), "{status}");
});
