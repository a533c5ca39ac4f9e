use std::cell::Cell;

use serde::Serialize;
use serde_json::Value;

thread_local! {
    /// Set while a union tries its alternatives strictly.
    static STRICT_ENUMS: Cell<bool> = const { Cell::new(false) };
}

/// True while unknown enum values must be refused: a union is checking which
/// alternative a value was written as, and an alternative whose enums do not
/// know the value is not it (a single-value enum often names the variant).
pub(crate) fn strict_enums() -> bool {
    STRICT_ENUMS.with(Cell::get)
}

/// Runs `attempt` with strict enums on or off, restoring the previous setting
/// afterwards (unions nest).
pub(crate) fn with_strict_enums<T>(strict: bool, attempt: impl FnOnce() -> T) -> T {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            STRICT_ENUMS.with(|flag| flag.set(self.0));
        }
    }
    let _restore = Restore(STRICT_ENUMS.with(|flag| flag.replace(strict)));
    attempt()
}

/// How much of `input` a decoded candidate kept: matching object keys (and
/// their contents), array items and equal scalars. Fields a candidate does
/// not know are dropped when it decodes, so the candidate that keeps the most
/// is the alternative the value was written as.
fn kept(input: &Value, output: &Value) -> usize {
    match (input, output) {
        (Value::Object(input), Value::Object(output)) => {
            input.iter().filter_map(|(key, value)| output.get(key).map(|kept_value| 1 + kept(value, kept_value))).sum()
        }
        (Value::Array(input), Value::Array(output)) => {
            input.iter().zip(output).map(|(a, b)| kept(a, b)).sum::<usize>() + 1
        }
        (a, b) if a == b => 1,
        _ => 0,
    }
}

/// Keeps the candidate that preserves most of `input`; on a tie the earlier
/// one (alternatives are listed most specific first).
pub(crate) fn consider<T: Serialize>(best: &mut Option<(usize, T)>, input: &Value, candidate: T) {
    let score = serde_json::to_value(&candidate).map(|output| kept(input, &output)).unwrap_or(0);
    if best.as_ref().is_none_or(|(best_score, _)| score > *best_score) {
        *best = Some((score, candidate));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_candidate_that_keeps_most_wins_and_ties_go_first() {
        let input = serde_json::json!({"a": 1, "b": 2});
        let mut best = None;
        consider(&mut best, &input, serde_json::json!({"a": 1}));
        consider(&mut best, &input, serde_json::json!({"a": 1, "b": 2}));
        consider(&mut best, &input, serde_json::json!({"b": 2}));
        assert_eq!(best.map(|(_, v)| v), Some(input.clone()));
        let mut tie = None;
        consider(&mut tie, &serde_json::json!(7), 7_i64);
        consider(&mut tie, &serde_json::json!(7), 8_i64);
        assert_eq!(tie.map(|(_, v)| v), Some(7));
    }
}
