//! t_hash: one Argon2id hash and one verify with the production (OWASP) parameters, on the
//! calling thread, so the figure is the cost of one core per login or registration.
//!
//! `cargo bench -p dimos-app --bench password_hash`

use criterion::{Criterion, criterion_group, criterion_main};
use dimos_app::passwords::{HashParams, Verification, hash_blocking, verify_blocking};
use dimos_domain::Password;
use std::hint::black_box;

fn password_hash(c: &mut Criterion) {
    let params = HashParams::OWASP;
    let password = Password::parse("violet kettle drums under 9 bridges").unwrap();
    let stored = hash_blocking(&password, &params).unwrap();

    let mut group = c.benchmark_group("argon2id_owasp");
    // Each sample is tens of milliseconds; ten seconds gives criterion its 100 samples.
    group.measurement_time(std::time::Duration::from_secs(10));
    group.bench_function("hash", |b| {
        b.iter(|| hash_blocking(black_box(&password), &params).unwrap())
    });
    group.bench_function("verify", |b| {
        b.iter(|| {
            let verification = verify_blocking(black_box(&password), &stored, &params);
            assert_eq!(
                verification,
                Verification::Valid {
                    needs_rehash: false
                }
            );
        })
    });
    group.finish();
}

criterion_group!(benches, password_hash);
criterion_main!(benches);
