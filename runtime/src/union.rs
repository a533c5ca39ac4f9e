use std::cell::Cell;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::error::withhold_values;

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

/// How many of the object's own keys `fields` names.
fn known_keys<'k>(input: &Value, fields: impl IntoIterator<Item = &'k str>) -> usize {
    match input {
        Value::Object(object) => fields.into_iter().filter(|field| object.contains_key(*field)).count(),
        _ => 0,
    }
}

/// One alternative that did not decode, and where.
struct Failure {
    variant: &'static str,
    message: String,
    known: usize,
}

/// Choosing among a union's alternatives: the one that decodes and keeps the
/// most of the value, unless an alternative that failed knows more of the
/// object's keys than the winner kept: then the value was most likely
/// written as that one, and taking another would drop its fields in silence.
pub(crate) struct Choice<T> {
    best: Option<(usize, usize, T)>,
    failures: Vec<Failure>,
}

impl<T: Serialize> Choice<T> {
    pub(crate) fn new() -> Self {
        Self { best: None, failures: Vec::new() }
    }

    /// True while nothing typed has kept any of the value: a free-form
    /// alternative is the last resort.
    pub(crate) fn nothing_kept(&self) -> bool {
        self.best.as_ref().is_none_or(|(score, _, _)| *score == 0)
    }

    /// Tries `input` as alternative `variant` (whose object fields are
    /// `fields`), wrapped into the union by `wrap`.
    pub(crate) fn attempt<A: DeserializeOwned>(
        &mut self,
        input: &Value,
        variant: &'static str,
        fields: &[&str],
        wrap: impl FnOnce(A) -> T,
    ) {
        match serde_path_to_error::deserialize::<_, A>(super::lenient::Lenient(input)) {
            Ok(candidate) => self.consider(input, wrap(candidate)),
            Err(error) => {
                let path = error.path().to_string();
                let message = withhold_values(&error.inner().to_string(), error.inner().classify());
                // The union's own error is scrubbed again as a whole: no quotes in it.
                let message = format!("{variant} at {path}: {message}").replace(['`', '"'], "");
                self.failures.push(Failure { variant, message, known: known_keys(input, fields.iter().copied()) });
            }
        }
    }

    fn consider(&mut self, input: &Value, candidate: T) {
        let output = serde_json::to_value(&candidate).unwrap_or(Value::Null);
        let score = kept(input, &output);
        let keys = match &output {
            Value::Object(object) => known_keys(input, object.keys().map(String::as_str)),
            _ => 0,
        };
        if self.best.as_ref().is_none_or(|(best_score, _, _)| score > *best_score) {
            self.best = Some((score, keys, candidate));
        }
    }

    /// The decision after one pass: `None` asks for another (lenient) pass.
    pub(crate) fn decide(self, last_pass: bool, union: &str) -> Option<Result<T, String>> {
        let outdone =
            |kept_keys: usize| self.failures.iter().filter(|failure| failure.known > kept_keys).max_by_key(|f| f.known);
        match &self.best {
            Some((_, kept_keys, _)) if outdone(*kept_keys).is_none() => self.best.map(|(_, _, chosen)| Ok(chosen)),
            Some((_, kept_keys, _)) if last_pass => {
                let failure = outdone(*kept_keys)?;
                Some(Err(format!(
                    "{union}: the value has {} fields of alternative {}, which did not decode ({}); \
                     no other alternative accounts for them",
                    failure.known, failure.variant, failure.message
                )))
            }
            None if last_pass => {
                let reasons: Vec<&str> = self.failures.iter().map(|failure| failure.message.as_str()).collect();
                Some(Err(format!("{union}: no alternative decodes: {}", reasons.join("; "))))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Short {
        id: String,
    }

    #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Full {
        id: String,
        created: i64,
        name: String,
    }

    #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
    #[serde(untagged)]
    enum Either {
        Full(Full),
        Short(Short),
    }

    fn choose(input: Value) -> Result<Either, String> {
        let mut choice = Choice::new();
        choice.attempt(&input, "Full", &["id", "created", "name"], Either::Full);
        choice.attempt(&input, "Short", &["id"], Either::Short);
        choice.decide(true, "Either").expect("last pass decides")
    }

    #[test]
    fn the_candidate_that_keeps_most_wins() {
        let full = serde_json::json!({"id": "a", "created": 1, "name": "n"});
        assert!(matches!(choose(full), Ok(Either::Full(_))));
        assert!(matches!(choose(serde_json::json!({"id": "a"})), Ok(Either::Short(_))));
        let mut tie = Choice::<i64>::new();
        tie.attempt(&serde_json::json!(7), "A", &[], |v: i64| v);
        tie.attempt(&serde_json::json!(7), "B", &[], |v: i64| v + 1);
        assert_eq!(tie.decide(true, "Tie"), Some(Ok(7)));
    }

    #[test]
    fn a_failed_alternative_that_knows_more_fields_is_never_replaced_in_silence() {
        // `created` is not an integer: Full fails, Short would decode and drop two fields.
        let input = serde_json::json!({"id": "a", "created": "Jane Doe", "name": "n"});
        let error = choose(input.clone()).expect_err("not silently Short");
        assert!(error.contains("3 fields of alternative Full") && error.contains("Full at created"), "{error}");
        assert!(!error.contains("Jane"), "{error}");
        let mut first_pass = Choice::<Either>::new();
        first_pass.attempt(&input, "Full", &["id", "created", "name"], Either::Full);
        first_pass.attempt(&input, "Short", &["id"], Either::Short);
        assert_eq!(first_pass.decide(false, "Either"), None, "a lenient pass may still decode Full");
    }

    #[test]
    fn when_nothing_decodes_each_alternative_says_where_it_failed() {
        let error = choose(serde_json::json!({"name": 5})).expect_err("nothing decodes");
        assert!(error.starts_with("Either: no alternative decodes: Full at"), "{error}");
        assert!(error.contains("; Short at"), "{error}");
        assert!(!error.contains(['`', '"']), "{error}");
    }
}
