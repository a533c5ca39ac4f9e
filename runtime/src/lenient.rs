//! Scalars as servers send them: where the wire is unambiguous, a value of
//! another JSON type than the document says is taken (an integral float for
//! an integer, `0`/`1` for a boolean, a number for a string, a numeric string
//! for a number). Strict decoding ([`ClientBuilder::strict_decoding`]) refuses
//! them instead; unions try their alternatives strictly first.
//!
//! [`ClientBuilder::strict_decoding`]: crate::ClientBuilder::strict_decoding

use std::cell::Cell;
use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Unexpected, Visitor};

thread_local! {
    static STRICT_SCALARS: Cell<bool> = const { Cell::new(false) };
    static COERCIONS: Cell<Coercions> = const { Cell::new(Coercions::NONE) };
}

/// How many values one response needed coercing, by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Coercions {
    pub(crate) integral_floats: u32,
    pub(crate) numbers_as_booleans: u32,
    pub(crate) scalars_as_strings: u32,
    pub(crate) strings_as_numbers: u32,
}

impl Coercions {
    const NONE: Self =
        Self { integral_floats: 0, numbers_as_booleans: 0, scalars_as_strings: 0, strings_as_numbers: 0 };

    pub(crate) fn total(&self) -> u32 {
        self.integral_floats + self.numbers_as_booleans + self.scalars_as_strings + self.strings_as_numbers
    }
}

/// Runs `decode` with scalar coercions allowed or not, and returns what it
/// coerced; settings nest and are restored afterwards.
pub(crate) fn with_scalar_rules<T>(strict: bool, decode: impl FnOnce() -> T) -> (T, Coercions) {
    struct Restore(bool, Coercions);
    impl Drop for Restore {
        fn drop(&mut self) {
            STRICT_SCALARS.with(|flag| flag.set(self.0));
            COERCIONS.with(|counts| counts.set(self.1));
        }
    }
    let restore =
        Restore(STRICT_SCALARS.with(|flag| flag.replace(strict)), COERCIONS.with(|c| c.replace(Coercions::NONE)));
    let value = decode();
    let coerced = COERCIONS.with(Cell::get);
    drop(restore);
    (value, coerced)
}

fn strict() -> bool {
    STRICT_SCALARS.with(Cell::get) || super::union::strict_enums()
}

/// Takes a coerced value unless decoding is strict.
fn coerce<T, E: de::Error>(
    value: T,
    found: Unexpected<'_>,
    expected: &dyn de::Expected,
    count: fn(&mut Coercions) -> &mut u32,
) -> Result<T, E> {
    if strict() {
        return Err(E::invalid_type(found, expected));
    }
    COERCIONS.with(|cell| {
        let mut counts = cell.get();
        *count(&mut counts) = count(&mut counts).saturating_add(1);
        cell.set(counts);
    });
    Ok(value)
}

/// A field type whose scalars decode leniently: the scalars themselves and
/// `Option`, `Vec` and maps of them.
pub(crate) trait LenientScalar: Sized {
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// `#[serde(deserialize_with = "crate::runtime::lenient")]` on a field of a
/// [`LenientScalar`] type.
pub(crate) fn lenient<'de, D: Deserializer<'de>, T: LenientScalar>(deserializer: D) -> Result<T, D::Error> {
    T::decode(deserializer)
}

/// Text is never quoted into an error: it may be personal data.
const A_STRING: Unexpected<'static> = Unexpected::Other("a string");

struct IntegerVisitor<T>(PhantomData<T>);

impl<T: TryFrom<i64> + TryFrom<u64>> Visitor<'_> for IntegerVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an integer of {} bits", std::mem::size_of::<T>() * 8)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<T, E> {
        T::try_from(value).map_err(|_| E::invalid_value(Unexpected::Other("an integer out of range"), &self))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<T, E> {
        T::try_from(value).map_err(|_| E::invalid_value(Unexpected::Other("an integer out of range"), &self))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<T, E> {
        // Exactly representable and in range: `25.0` is 25.
        let integral = value.fract() == 0.0 && (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&value);
        match (integral, T::try_from(value as i64)) {
            (true, Ok(integer)) => {
                coerce(integer, Unexpected::Other("a floating point number"), &self, |c| &mut c.integral_floats)
            }
            _ => Err(E::invalid_type(Unexpected::Other("a fractional number"), &self)),
        }
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
        match text.trim().parse::<i64>().ok().and_then(|integer| T::try_from(integer).ok()) {
            Some(integer) => coerce(integer, A_STRING, &self, |c| &mut c.strings_as_numbers),
            None => Err(E::invalid_type(A_STRING, &self)),
        }
    }
}

struct FloatVisitor;

impl Visitor<'_> for FloatVisitor {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number")
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<f64, E> {
        Ok(value as f64)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<f64, E> {
        Ok(value as f64)
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<f64, E> {
        Ok(value)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<f64, E> {
        match text.trim().parse::<f64>() {
            Ok(number) if number.is_finite() => coerce(number, A_STRING, &self, |c| &mut c.strings_as_numbers),
            _ => Err(E::invalid_type(A_STRING, &self)),
        }
    }
}

struct BoolVisitor;

impl Visitor<'_> for BoolVisitor {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<bool, E> {
        Ok(value)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<bool, E> {
        match value {
            0 | 1 => coerce(value == 1, Unexpected::Signed(value), &self, |c| &mut c.numbers_as_booleans),
            _ => Err(E::invalid_type(Unexpected::Other("an integer other than 0 or 1"), &self)),
        }
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<bool, E> {
        self.visit_i64(i64::try_from(value).unwrap_or(i64::MAX))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<bool, E> {
        match text {
            "true" | "false" => coerce(text == "true", A_STRING, &self, |c| &mut c.numbers_as_booleans),
            _ => Err(E::invalid_type(A_STRING, &self)),
        }
    }
}

struct StringVisitor;

impl Visitor<'_> for StringVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<String, E> {
        Ok(text.to_owned())
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<String, E> {
        Ok(text)
    }

    // A number kept as its text, as the server wrote it.
    fn visit_i64<E: de::Error>(self, value: i64) -> Result<String, E> {
        coerce(value.to_string(), Unexpected::Other("a number"), &self, |c| &mut c.scalars_as_strings)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<String, E> {
        coerce(value.to_string(), Unexpected::Other("a number"), &self, |c| &mut c.scalars_as_strings)
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<String, E> {
        coerce(value.to_string(), Unexpected::Other("a number"), &self, |c| &mut c.scalars_as_strings)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<String, E> {
        coerce(value.to_string(), Unexpected::Other("a boolean"), &self, |c| &mut c.scalars_as_strings)
    }
}

macro_rules! scalar {
    ($ty:ty, $visitor:expr) => {
        impl LenientScalar for $ty {
            fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_any($visitor)
            }
        }
    };
}

scalar!(i64, IntegerVisitor::<i64>(PhantomData));
scalar!(i32, IntegerVisitor::<i32>(PhantomData));
scalar!(f64, FloatVisitor);
scalar!(bool, BoolVisitor);
scalar!(String, StringVisitor);

/// Decodes one `T` where serde expects a `DeserializeSeed`.
struct Seed<T>(PhantomData<T>);

impl<'de, T: LenientScalar> DeserializeSeed<'de> for Seed<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::decode(deserializer)
    }
}

struct OptionVisitor<T>(PhantomData<T>);

impl<'de, T: LenientScalar> Visitor<'de> for OptionVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        T::decode(deserializer).map(Some)
    }
}

impl<T: LenientScalar> LenientScalar for Option<T> {
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_option(OptionVisitor(PhantomData))
    }
}

struct VecVisitor<T>(PhantomData<T>);

impl<'de, T: LenientScalar> Visitor<'de> for VecVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        // The length comes from the server: cap the up-front allocation.
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(Seed(PhantomData))? {
            items.push(item);
        }
        Ok(items)
    }
}

impl<T: LenientScalar> LenientScalar for Vec<T> {
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(VecVisitor(PhantomData))
    }
}

struct MapVisitor<T>(PhantomData<T>);

impl<'de, T: LenientScalar> Visitor<'de> for MapVisitor<T> {
    type Value = HashMap<String, T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<HashMap<String, T>, A::Error> {
        let mut entries = HashMap::with_capacity(map.size_hint().unwrap_or(0).min(4096));
        while let Some(key) = map.next_key::<String>()? {
            entries.insert(key, map.next_value_seed(Seed(PhantomData))?);
        }
        Ok(entries)
    }
}

impl<T: LenientScalar> LenientScalar for HashMap<String, T> {
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Fields {
        #[serde(deserialize_with = "lenient")]
        count: i64,
        #[serde(deserialize_with = "lenient")]
        small: i32,
        #[serde(deserialize_with = "lenient")]
        ratio: f64,
        #[serde(deserialize_with = "lenient")]
        active: bool,
        #[serde(deserialize_with = "lenient")]
        code: String,
        #[serde(default, deserialize_with = "lenient")]
        ids: Option<Vec<i64>>,
        #[serde(default, deserialize_with = "lenient")]
        flags: HashMap<String, bool>,
    }

    const SENT: &str = r#"{"count": 25.0, "small": "7", "ratio": "2.5", "active": 1, "code": 123,
        "ids": [1.0, 2], "flags": {"a": 0, "b": true}}"#;

    #[test]
    fn unambiguous_values_of_another_json_type_decode_and_are_counted() {
        let (decoded, coerced) = with_scalar_rules(false, || serde_json::from_str::<Fields>(SENT));
        let decoded = decoded.expect("decodes");
        assert_eq!((decoded.count, decoded.small, decoded.ratio, decoded.active), (25, 7, 2.5, true));
        assert_eq!(decoded.code, "123");
        assert_eq!(decoded.ids, Some(vec![1, 2]));
        assert_eq!(decoded.flags.get("a"), Some(&false));
        let expected =
            Coercions { integral_floats: 2, numbers_as_booleans: 2, scalars_as_strings: 1, strings_as_numbers: 2 };
        assert_eq!(coerced, expected);
        let (exact, coerced) = with_scalar_rules(false, || {
            serde_json::from_str::<Fields>(
                r#"{"count": 25, "small": 7, "ratio": 2, "active": true, "code": "123", "ids": null}"#,
            )
        });
        assert_eq!(exact.expect("decodes").ids, None);
        assert_eq!(coerced.total(), 0);
    }

    #[test]
    fn strict_decoding_refuses_them_and_nothing_is_ever_guessed() {
        let (decoded, _) = with_scalar_rules(true, || serde_json::from_str::<Fields>(SENT));
        assert!(decoded.is_err());
        for ambiguous in [
            r#"{"count": 25.5, "small": 7, "ratio": 2, "active": true, "code": "x"}"#,
            r#"{"count": 1, "small": 3000000000, "ratio": 2, "active": true, "code": "x"}"#,
            r#"{"count": 1, "small": 7, "ratio": "NaN", "active": true, "code": "x"}"#,
            r#"{"count": 1, "small": 7, "ratio": 2, "active": 2, "code": "x"}"#,
            r#"{"count": 1, "small": 7, "ratio": 2, "active": "yes", "code": "x"}"#,
            r#"{"count": "Jane Doe", "small": 7, "ratio": 2, "active": true, "code": "x"}"#,
        ] {
            let (decoded, _) = with_scalar_rules(false, || serde_json::from_str::<Fields>(ambiguous));
            let error = decoded.expect_err(ambiguous).to_string();
            assert!(!error.contains("Jane"), "{error}");
        }
    }
}
