//! An uploaded records file (`dimos import <kind> <file>`): the first byte picks the kind, the
//! rest is the file, through both passes of the import as production runs them (the store left
//! out). No panic; a file the first pass accepts is applied whole by the second; no more
//! records than lines.
#![no_main]

use dimos_domain::RecordKind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&which, file)) = data.split_first() else {
        return;
    };
    let kind = RecordKind::ALL[usize::from(which) % RecordKind::ALL.len()];
    let departments = ["tech".to_owned(), "finance".to_owned()];
    let outcome = dimos_app::fuzzing::import_file(kind, file, &departments);
    // Every record but the last ends with a line break (`\n`, `\r` or both), and so does the
    // header before them.
    let breaks = file.iter().filter(|&&b| b == b'\n' || b == b'\r').count() as u64;
    assert!(
        outcome.records <= breaks,
        "{} records in a file with {breaks} line breaks",
        outcome.records
    );
    if outcome.problem_count == 0 {
        assert!(outcome.records > 0, "an empty import accepted");
        assert_eq!(outcome.applied, Some(outcome.records));
    } else {
        assert_eq!(outcome.applied, None);
    }
    let lines = file.iter().filter(|&&b| b == b'\n').count() as u64 + 2;
    for problem in &outcome.problems {
        assert!(
            (1..=lines).contains(&problem.line),
            "problem on line {} of a file of {lines} lines: {problem:?}",
            problem.line
        );
        let _ = problem.to_string();
    }
});
