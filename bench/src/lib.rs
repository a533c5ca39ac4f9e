//! Benchmarks only: see `benches/` (`cargo bench -p hero-bench`).
