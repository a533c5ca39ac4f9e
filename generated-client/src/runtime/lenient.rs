// @generated: copied verbatim from the generator's `runtime/` folder. Edit it there, then regenerate.

//! Scalars as servers send them: where the wire is unambiguous, a value of
//! another JSON type than the document says is taken (an integral float for
//! an integer, `0`/`1` for a boolean, a number for a string, a numeric string
//! for a number). Strict decoding ([`ClientBuilder::strict_decoding`]) refuses
//! them instead; unions try their alternatives strictly first.
//!
//! [`ClientBuilder::strict_decoding`]: crate::ClientBuilder::strict_decoding

use std::cell::Cell;
use std::fmt;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Unexpected, VariantAccess,
    Visitor,
};
use serde::Deserialize;

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

/// Decodes `T` from `deserializer` with leniency: every scalar anywhere in
/// the value is taken as servers send it (see the module's docs).
pub(crate) fn decode<'de, T: Deserialize<'de>, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    T::deserialize(Lenient(deserializer))
}

/// [`decode`] from a JSON value (a union's tagged alternative).
pub(crate) fn from_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, serde_json::Error> {
    decode(value)
}

/// [`decode`] from JSON bytes, which must hold one value and nothing after it.
pub(crate) fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = decode(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

/// Text is never quoted into an error: it may be personal data.
const A_STRING: Unexpected<'static> = Unexpected::Other("a string");

/// A deserializer that asks its inner one for any value where a scalar is
/// wanted, and coerces what is unambiguous; everything below it (fields,
/// items, variants) is decoded through the same wrapper. Leniency lives here,
/// not in a `deserialize_with` attribute on every field: serde writes a
/// wrapper type per such field, a quarter of a large crate's `cargo check`.
pub(crate) struct Lenient<D>(pub(crate) D);

macro_rules! coerced {
    ($($method:ident => $visitor:ident),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            self.0.deserialize_any($visitor(visitor))
        }
    )*};
}

macro_rules! wrapped {
    ($($method:ident),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            self.0.$method(Wrap(visitor))
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Lenient<D> {
    type Error = D::Error;

    coerced!(
        deserialize_bool => Boolean,
        deserialize_i8 => Integer,
        deserialize_i16 => Integer,
        deserialize_i32 => Integer,
        deserialize_i64 => Integer,
        deserialize_u8 => Integer,
        deserialize_u16 => Integer,
        deserialize_u32 => Integer,
        deserialize_u64 => Integer,
        deserialize_f32 => Float,
        deserialize_f64 => Float,
        deserialize_str => Text,
        deserialize_string => Text,
    );

    wrapped!(
        deserialize_any,
        deserialize_i128,
        deserialize_u128,
        deserialize_char,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_option,
        deserialize_unit,
        deserialize_seq,
        deserialize_map,
        deserialize_identifier,
        deserialize_ignored_any,
    );

    fn deserialize_unit_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_unit_struct(name, Wrap(visitor))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_newtype_struct(name, Wrap(visitor))
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple(len, Wrap(visitor))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple_struct(name, len, Wrap(visitor))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_struct(name, fields, Wrap(visitor))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_enum(name, variants, Wrap(visitor))
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// Decodes through [`Lenient`] where serde hands over a `DeserializeSeed`.
struct Seed<S>(S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Lenient(deserializer))
    }
}

struct Items<A>(A);

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Items<A> {
    type Error = A::Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>, A::Error> {
        self.0.next_element_seed(Seed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

// Keys are JSON strings: only values need the wrapper.
struct Entries<A>(A);

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Entries<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(seed)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        self.0.next_value_seed(Seed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

struct Variants<A>(A);

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for Variants<A> {
    type Error = A::Error;
    type Variant = Variant<A::Variant>;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self::Variant), A::Error> {
        self.0.variant_seed(seed).map(|(value, variant)| (value, Variant(variant)))
    }
}

struct Variant<A>(A);

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Variant<A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, A::Error> {
        self.0.newtype_variant_seed(Seed(seed))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.0.tuple_variant(len, Wrap(visitor))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.0.struct_variant(fields, Wrap(visitor))
    }
}

macro_rules! forward {
    ($($method:ident($ty:ty)),* $(,)?) => {$(
        fn $method<E: de::Error>(self, value: $ty) -> Result<V::Value, E> {
            self.0.$method(value)
        }
    )*};
}

/// The caller's visitor, with whatever it is given next put in [`Lenient`].
struct Wrap<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    forward!(
        visit_bool(bool),
        visit_i8(i8),
        visit_i16(i16),
        visit_i32(i32),
        visit_i64(i64),
        visit_i128(i128),
        visit_u8(u8),
        visit_u16(u16),
        visit_u32(u32),
        visit_u64(u64),
        visit_u128(u128),
        visit_f32(f32),
        visit_f64(f64),
        visit_char(char),
        visit_str(&str),
        visit_borrowed_str(&'de str),
        visit_string(String),
        visit_bytes(&[u8]),
        visit_borrowed_bytes(&'de [u8]),
        visit_byte_buf(Vec<u8>),
    );

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(Lenient(deserializer))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.0.visit_newtype_struct(Lenient(deserializer))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(Items(seq))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(Entries(map))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.0.visit_enum(Variants(data))
    }
}

/// An integer, or an integral float or a numeric string for one.
struct Integer<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for Integer<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    forward!(visit_i64(i64), visit_u64(u64), visit_i128(i128), visit_u128(u128));

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<V::Value, E> {
        // Exactly representable and in range: `25.0` is 25.
        if value.fract() == 0.0 && (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&value) {
            coerce((), Unexpected::Other("a floating point number"), &self, |c| &mut c.integral_floats)?;
            return self.0.visit_i64(value as i64);
        }
        Err(E::invalid_type(Unexpected::Other("a fractional number"), &self))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<V::Value, E> {
        let text = text.trim();
        if let Ok(integer) = text.parse::<i64>() {
            coerce((), A_STRING, &self, |c| &mut c.strings_as_numbers)?;
            return self.0.visit_i64(integer);
        }
        if let Ok(integer) = text.parse::<u64>() {
            coerce((), A_STRING, &self, |c| &mut c.strings_as_numbers)?;
            return self.0.visit_u64(integer);
        }
        Err(E::invalid_type(A_STRING, &self))
    }
}

/// A number, or a numeric string (finite) for one.
struct Float<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for Float<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    forward!(visit_i64(i64), visit_u64(u64), visit_f64(f64));

    fn visit_str<E: de::Error>(self, text: &str) -> Result<V::Value, E> {
        match text.trim().parse::<f64>() {
            Ok(number) if number.is_finite() => {
                coerce((), A_STRING, &self, |c| &mut c.strings_as_numbers)?;
                self.0.visit_f64(number)
            }
            _ => Err(E::invalid_type(A_STRING, &self)),
        }
    }
}

/// A boolean, or `0`/`1` or `"true"`/`"false"` for one.
struct Boolean<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for Boolean<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    forward!(visit_bool(bool));

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<V::Value, E> {
        match value {
            0 | 1 => {
                coerce((), Unexpected::Signed(value), &self, |c| &mut c.numbers_as_booleans)?;
                self.0.visit_bool(value == 1)
            }
            _ => Err(E::invalid_type(Unexpected::Other("an integer other than 0 or 1"), &self)),
        }
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<V::Value, E> {
        self.visit_i64(i64::try_from(value).unwrap_or(i64::MAX))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<V::Value, E> {
        match text {
            "true" | "false" => {
                coerce((), A_STRING, &self, |c| &mut c.numbers_as_booleans)?;
                self.0.visit_bool(text == "true")
            }
            _ => Err(E::invalid_type(A_STRING, &self)),
        }
    }
}

/// A string, or a number or boolean kept as its text, as the server wrote it.
struct Text<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for Text<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    forward!(visit_str(&str), visit_borrowed_str(&'de str), visit_string(String));

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<V::Value, E> {
        coerce((), Unexpected::Other("a number"), &self, |c| &mut c.scalars_as_strings)?;
        self.0.visit_string(value.to_string())
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<V::Value, E> {
        coerce((), Unexpected::Other("a number"), &self, |c| &mut c.scalars_as_strings)?;
        self.0.visit_string(value.to_string())
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<V::Value, E> {
        coerce((), Unexpected::Other("a number"), &self, |c| &mut c.scalars_as_strings)?;
        self.0.visit_string(value.to_string())
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<V::Value, E> {
        coerce((), Unexpected::Other("a boolean"), &self, |c| &mut c.scalars_as_strings)?;
        self.0.visit_string(value.to_string())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, serde_json::Error> {
        from_slice(text.as_bytes())
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Fields {
        count: i64,
        small: i32,
        ratio: f64,
        active: bool,
        code: String,
        #[serde(default)]
        ids: Option<Vec<i64>>,
        #[serde(default)]
        flags: HashMap<String, bool>,
    }

    const SENT: &str = r#"{"count": 25.0, "small": "7", "ratio": "2.5", "active": 1, "code": 123,
        "ids": [1.0, 2], "flags": {"a": 0, "b": true}}"#;

    #[test]
    fn unambiguous_values_of_another_json_type_decode_and_are_counted() {
        let (decoded, coerced) = with_scalar_rules(false, || from_str::<Fields>(SENT));
        let decoded = decoded.expect("decodes");
        assert_eq!((decoded.count, decoded.small, decoded.ratio, decoded.active), (25, 7, 2.5, true));
        assert_eq!(decoded.code, "123");
        assert_eq!(decoded.ids, Some(vec![1, 2]));
        assert_eq!(decoded.flags.get("a"), Some(&false));
        let expected =
            Coercions { integral_floats: 2, numbers_as_booleans: 2, scalars_as_strings: 1, strings_as_numbers: 2 };
        assert_eq!(coerced, expected);
        let (exact, coerced) = with_scalar_rules(false, || {
            from_str::<Fields>(r#"{"count": 25, "small": 7, "ratio": 2, "active": true, "code": "123", "ids": null}"#)
        });
        assert_eq!(exact.expect("decodes").ids, None);
        assert_eq!(coerced.total(), 0);
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Outer {
        inner: Fields,
        list: Vec<Option<Box<Fields>>>,
        free: serde_json::Value,
        by_key: HashMap<String, Vec<i32>>,
        #[serde(flatten)]
        rest: HashMap<String, serde_json::Value>,
    }

    #[test]
    fn leniency_reaches_every_depth_and_leaves_free_form_json_as_sent() {
        let text = format!(
            r#"{{"inner": {SENT}, "list": [null, {SENT}], "free": {{"n": "42", "f": 2.0}},
               "by_key": {{"7": ["1", 2.0]}}, "extra": "8"}}"#
        );
        let (decoded, coerced) = with_scalar_rules(false, || from_str::<Outer>(&text));
        let decoded = decoded.expect("decodes");
        assert_eq!(decoded.list[1].as_deref(), Some(&decoded.inner));
        assert_eq!(decoded.inner.small, 7);
        assert_eq!(decoded.free, serde_json::json!({"n": "42", "f": 2.0}));
        assert_eq!(decoded.by_key.get("7"), Some(&vec![1, 2]));
        assert_eq!(decoded.rest.get("extra"), Some(&serde_json::json!("8")));
        // Each copy of SENT coerces 7 values; the map's items 2 more.
        assert_eq!(coerced.total(), 7 * 2 + 2);
    }

    #[test]
    fn strict_decoding_refuses_them_and_nothing_is_ever_guessed() {
        let (decoded, _) = with_scalar_rules(true, || from_str::<Fields>(SENT));
        assert!(decoded.is_err());
        for ambiguous in [
            r#"{"count": 25.5, "small": 7, "ratio": 2, "active": true, "code": "x"}"#,
            r#"{"count": 1, "small": 3000000000, "ratio": 2, "active": true, "code": "x"}"#,
            r#"{"count": 1, "small": 7, "ratio": "NaN", "active": true, "code": "x"}"#,
            r#"{"count": 1, "small": 7, "ratio": 2, "active": 2, "code": "x"}"#,
            r#"{"count": 1, "small": 7, "ratio": 2, "active": "yes", "code": "x"}"#,
            r#"{"count": "Jane Doe", "small": 7, "ratio": 2, "active": true, "code": "x"}"#,
        ] {
            let (decoded, _) = with_scalar_rules(false, || from_str::<Fields>(ambiguous));
            let error = decoded.expect_err(ambiguous).to_string();
            assert!(!error.contains("Jane"), "{error}");
        }
    }
}
