//! Arbitrary bytes -> the whole pipeline in memory. It may refuse the input;
//! it must not panic, overflow its stack or hang.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    openapi_rs_generator::fuzz_bytes(data);
});
