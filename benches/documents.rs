//! Issued documents: render (Typst → PDF with the frame and QR code) and sign (PAdES B-B) on ONE
//! thread; documents per second, p50/p99 latency, size of a one-page document.
//!
//! `cargo bench --bench documents` (release). `DIMOS_BENCH_SECONDS` (default 20) is the measured
//! time after a warm-up of 20 documents. Figures in BENCHMARKS.md.

use std::time::{Duration, Instant};

use dimos_documents::sample::{RESIDENCE_TEMPLATE, sample};
use dimos_documents::{DocumentEngine, DocumentSigner, Frame};
use dimos_domain::VerificationCode;

fn main() {
    let seconds: u64 = std::env::var("DIMOS_BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let dir = std::env::temp_dir().join(format!("dimos-bench-documents-{}", std::process::id()));
    let signer = DocumentSigner::self_signed(&dir, "Δήμος Αθηναίων", jiff::Timestamp::now())
        .expect("the self-signed certificate");
    let engine = DocumentEngine::new(signer);
    let (data, sample_frame) = sample();
    let frame = |n: u64| {
        Frame::new(
            "Δήμος Αθηναίων",
            format!("2026/{n:06}"),
            VerificationCode::generate(),
            "https://e.dimos.gr",
            sample_frame.labels.clone(),
        )
        .expect("a frame")
    };
    let issue = |n: u64| {
        engine
            .issue(RESIDENCE_TEMPLATE, &data, &frame(n))
            .expect("a document")
    };

    let first = Instant::now();
    let pdf = issue(0);
    let cold = first.elapsed();
    for n in 1..20 {
        issue(n);
    }
    assert!(engine.verify(&pdf).is_ok(), "the bench's document verifies");

    let mut latencies = Vec::new();
    let start = Instant::now();
    let mut n = 20;
    while start.elapsed() < Duration::from_secs(seconds) {
        let one = Instant::now();
        issue(n);
        latencies.push(one.elapsed());
        n += 1;
    }
    let elapsed = start.elapsed();
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    println!("documents rendered and signed on one thread:");
    println!(
        "  first document (cold caches, key loaded): {:.1} ms",
        ms(cold)
    );
    println!(
        "  {} documents in {:.1} s: {:.1} documents/s",
        latencies.len(),
        elapsed.as_secs_f64(),
        latencies.len() as f64 / elapsed.as_secs_f64()
    );
    println!(
        "  latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        ms(at(0.50)),
        ms(at(0.99)),
        ms(*latencies.last().unwrap())
    );
    println!(
        "  one-page document: {} bytes ({:.1} KB)",
        pdf.len(),
        pdf.len() as f64 / 1024.0
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
