use std::fmt;
use std::ops::Deref;
use std::str::FromStr;

use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// The name under which serde_json hands a deserializer's raw text to a
/// type that asks for it (what `Box<RawValue>` asks for). Any other
/// deserializer ignores it and sends the value itself, which is kept too.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// Any JSON value the document leaves open, kept as the JSON text the server
/// sent (or you built), parsed only when you ask.
///
/// A parsed `serde_json::Value` takes 10 to 20 times its text in memory
/// (every number, string and key is a node of its own); the text takes its
/// own size, so a call's memory stays a small multiple of its body. Numbers
/// too large for `f64` and the order of keys come back as they were sent.
///
/// Read it with [`parse`](Self::parse) into your own type or
/// [`to_value`](Self::to_value); build one from a `serde_json::Value`
/// (`Json::from(serde_json::json!({"a": 1}))`) or text
/// (`"[1, 2]".parse::<Json>()`).
#[derive(Clone)]
pub struct Json(Box<RawValue>);

impl Json {
    /// JSON `null`.
    pub fn null() -> Self {
        Self(Box::<RawValue>::default())
    }

    /// Checks that `text` is one JSON value and keeps it.
    pub fn from_text(text: impl Into<String>) -> Result<Self, serde_json::Error> {
        RawValue::from_string(text.into()).map(Self)
    }

    /// Any serializable value, as JSON text.
    pub fn from_serialize<T: Serialize + ?Sized>(value: &T) -> Result<Self, serde_json::Error> {
        serde_json::value::to_raw_value(value).map(Self)
    }

    /// The JSON text.
    pub fn text(&self) -> &str {
        self.0.get()
    }

    /// Decodes the text into `T`.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(self.text())
    }

    /// The value as a `serde_json::Value` (this is where the memory goes).
    pub fn to_value(&self) -> Result<Value, serde_json::Error> {
        self.parse()
    }

    /// True for JSON `null`.
    pub fn is_null(&self) -> bool {
        self.text() == "null"
    }

    /// The first character of the text: which kind of JSON value it is.
    fn kind(&self) -> Option<char> {
        self.text().trim_start().chars().next()
    }
}

impl Default for Json {
    fn default() -> Self {
        Self::null()
    }
}

impl From<Value> for Json {
    fn from(value: Value) -> Self {
        Self::from(&value)
    }
}

impl From<&Value> for Json {
    fn from(value: &Value) -> Self {
        // A `Value` always serializes: its map keys are strings.
        Self::from_serialize(value).unwrap_or_default()
    }
}

impl From<Map<String, Value>> for Json {
    fn from(map: Map<String, Value>) -> Self {
        Self::from(Value::Object(map))
    }
}

impl From<JsonObject> for Json {
    fn from(object: JsonObject) -> Self {
        object.0
    }
}

impl FromStr for Json {
    type Err = serde_json::Error;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::from_text(text)
    }
}

/// Equal when the texts are, or else when they decode to the same value
/// (`{"a":1}` equals `{ "a": 1 }`).
impl PartialEq for Json {
    fn eq(&self, other: &Self) -> bool {
        self.text() == other.text() || matches!((self.to_value(), other.to_value()), (Ok(a), Ok(b)) if a == b)
    }
}

impl PartialEq<Value> for Json {
    fn eq(&self, other: &Value) -> bool {
        self.to_value().is_ok_and(|value| value == *other)
    }
}

impl fmt::Display for Json {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text())
    }
}

impl fmt::Debug for Json {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Json({})", self.text())
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(RAW_VALUE_TOKEN, JsonVisitor)
    }
}

/// Takes serde_json's raw text when it offers it; otherwise (a value
/// buffered by serde, e.g. under `#[serde(flatten)]`) builds the value and
/// writes it as text.
struct JsonVisitor;

impl JsonVisitor {
    fn from_value<E: de::Error>(value: Value) -> Result<Json, E> {
        Json::from_serialize(&value).map_err(E::custom)
    }
}

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let Some(first) = map.next_key::<String>()? else { return Self::from_value(Value::Object(Map::new())) };
        if first == RAW_VALUE_TOKEN {
            let text: String = map.next_value()?;
            return Json::from_text(text).map_err(de::Error::custom);
        }
        let mut object = Map::new();
        object.insert(first, map.next_value()?);
        while let Some((key, value)) = map.next_entry::<String, Value>()? {
            object.insert(key, value);
        }
        Self::from_value(Value::Object(object))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Json, A::Error> {
        Self::from_value(Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<Json, D::Error> {
        Self::from_value(Value::deserialize(deserializer)?)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Json, D::Error> {
        Self::from_value(Value::deserialize(deserializer)?)
    }

    fn visit_none<E: de::Error>(self) -> Result<Json, E> {
        Ok(Json::null())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Json, E> {
        Ok(Json::null())
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Json, E> {
        Self::from_value(Value::Bool(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Json, E> {
        Self::from_value(Value::from(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Json, E> {
        Self::from_value(Value::from(value))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Json, E> {
        Self::from_value(Value::from(value))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Json, E> {
        Self::from_value(Value::from(value))
    }
}

/// A JSON object whose keys the document leaves open, kept as text like
/// [`Json`] (which it dereferences to: `text()`, `parse()`, `to_value()`).
/// Decoding refuses anything but an object.
#[derive(Clone, PartialEq)]
pub struct JsonObject(Json);

impl JsonObject {
    /// The empty object `{}`.
    pub fn new() -> Self {
        Self::default()
    }

    /// The object as a `serde_json::Map`.
    pub fn to_map(&self) -> Result<Map<String, Value>, serde_json::Error> {
        self.0.parse()
    }
}

impl Default for JsonObject {
    fn default() -> Self {
        Self(Json::from(Map::new()))
    }
}

impl Deref for JsonObject {
    type Target = Json;

    fn deref(&self) -> &Json {
        &self.0
    }
}

impl From<Map<String, Value>> for JsonObject {
    fn from(map: Map<String, Value>) -> Self {
        Self(Json::from(map))
    }
}

/// Only an object converts; anything else comes back as the error.
impl TryFrom<Json> for JsonObject {
    type Error = Json;

    fn try_from(json: Json) -> Result<Self, Json> {
        if json.kind() == Some('{') {
            Ok(Self(json))
        } else {
            Err(json)
        }
    }
}

impl TryFrom<Value> for JsonObject {
    type Error = Value;

    fn try_from(value: Value) -> Result<Self, Value> {
        match value {
            Value::Object(map) => Ok(Self::from(map)),
            other => Err(other),
        }
    }
}

impl PartialEq<Value> for JsonObject {
    fn eq(&self, other: &Value) -> bool {
        self.0 == *other
    }
}

impl fmt::Display for JsonObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for JsonObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "JsonObject({})", self.text())
    }
}

impl Serialize for JsonObject {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for JsonObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let json = Json::deserialize(deserializer)?;
        let unexpected = match json.kind() {
            Some('{') => return Ok(Self(json)),
            Some('[') => de::Unexpected::Seq,
            Some('"') => de::Unexpected::Other("string"),
            Some('t' | 'f') => de::Unexpected::Other("boolean"),
            Some('n') => de::Unexpected::Unit,
            _ => de::Unexpected::Other("number"),
        };
        Err(de::Error::invalid_type(unexpected, &"a JSON object"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Deserialize, Serialize)]
    struct Holder {
        any: Json,
        object: Option<JsonObject>,
    }

    #[test]
    fn the_text_is_kept_as_sent() {
        let text = r#"{"any":{"z":1,"a":[12345678901234567890123,"x"]},"object":{"k":"v"}}"#;
        let holder: Holder = serde_json::from_str(text).expect("decodes");
        assert_eq!(holder.any.text(), r#"{"z":1,"a":[12345678901234567890123,"x"]}"#, "order and digits kept");
        assert_eq!(serde_json::to_string(&holder).expect("encodes"), text, "written back byte for byte");
        assert_eq!(holder.object.expect("present").to_map().expect("a map")["k"], "v");
    }

    #[test]
    fn values_buffered_by_serde_are_kept_too() {
        #[derive(Deserialize)]
        struct Flattened {
            #[serde(flatten)]
            rest: std::collections::HashMap<String, Json>,
        }
        let decoded: Flattened = serde_json::from_str(r#"{"a":[1,{"b":null}],"c":"d"}"#).expect("decodes");
        assert_eq!(decoded.rest["a"], Json::from(serde_json::json!([1, {"b": null}])));
        let from_value: Holder =
            serde_json::from_value(serde_json::json!({"any": 1.5, "object": {"k": true}})).expect("decodes");
        assert_eq!(from_value.any.text(), "1.5");
    }

    #[test]
    fn an_object_is_only_an_object() {
        for text in [r#"{"object":[1]}"#, r#"{"object":"x"}"#, r#"{"object":3}"#] {
            let error =
                serde_json::from_str::<Holder>(&format!(r#"{{"any":null,{}"#, &text[1..])).expect_err("not an object");
            assert!(error.to_string().contains("a JSON object"), "{error}");
        }
        assert!(JsonObject::try_from(Json::from(serde_json::json!([]))).is_err());
    }

    #[test]
    fn equality_is_by_value() {
        assert_eq!("{ \"a\": 1 }".parse::<Json>().expect("JSON"), Json::from(serde_json::json!({"a": 1})));
        assert_ne!(Json::from(serde_json::json!(1)), Json::from(serde_json::json!("1")));
        assert!(Json::default().is_null());
        assert!("{".parse::<Json>().is_err());
    }
}
