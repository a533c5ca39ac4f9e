//! Decoding a large list response (10,000 patients shaped like the
//! document's samples) into the generated types, against decoding the same
//! bytes into `serde_json::Value`. `cargo bench -p hero-bench --bench decode`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use hero_health::types::PatientsPatient;

fn patients(count: usize) -> String {
    let patient = |i: usize| {
        format!(
            r#"{{"ehr_partner_id":"{i}","emis_id":null,"deceased_at":null,"dob":"1989-04-11","title":"Mr","first_name":"Alex","last_name":"Smith{i}","sex":"Male","nhs_number":"9434765919","email":"alex{i}@example.com","mobile":"+447900000000","last_sync_at":"2024-05-01T09:30:00.000Z","restricted":false,"line_1":"1 High Street","line_2":null,"line_3":null,"town":"Leeds","county":"West Yorkshire","postcode":"LS1 1AA","hero_id":"{i}","hero_uid":"uid-{i}","identifiers":[],"ehr_registered":true}}"#
        )
    };
    format!("[{}]", (0..count).map(patient).collect::<Vec<_>>().join(","))
}

fn decode(c: &mut Criterion) {
    let body = patients(10_000);
    let mut group = c.benchmark_group("decode 10,000 patients");
    group.sample_size(20);
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("generated types", |b| {
        b.iter(|| serde_json::from_str::<Vec<PatientsPatient>>(&body).expect("decodes"))
    });
    group.bench_function("serde_json::Value", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(&body).expect("decodes"))
    });
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
