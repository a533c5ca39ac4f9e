use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An optional field that may also be set to null: three states, so an
/// update can leave a field alone (`Absent`), clear it (`Null`) or set it.
///
/// `Nullable::from(value)` sets a value; `Nullable::from(None::<T>)` clears.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Nullable<T> {
    /// Not sent: the server keeps its value.
    #[default]
    Absent,
    /// Sent as `null`: the server clears its value.
    Null,
    /// Sent as this value.
    Value(T),
}

impl<T> Nullable<T> {
    /// True when the field is left out of the request.
    pub fn is_absent(&self) -> bool {
        matches!(self, Self::Absent)
    }

    /// The value, if one is set.
    pub fn as_value(&self) -> Option<&T> {
        match self {
            Self::Value(value) => Some(value),
            Self::Absent | Self::Null => None,
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Self::Value(value)
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `None` clears the field (`Null`); it does not leave it out.
    fn from(value: Option<T>) -> Self {
        value.map_or(Self::Null, Self::Value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // `Absent` is skipped by the field's `skip_serializing_if`; alone it is null.
        match self {
            Self::Value(value) => value.serialize(serializer),
            Self::Absent | Self::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    /// A present field is `Null` or `Value`; a missing one is `Absent`
    /// through the field's `#[serde(default)]`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.into())
    }
}

#[cfg(test)]
mod tests {
    use super::Nullable;

    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    struct Update {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        note: Nullable<String>,
    }

    #[test]
    fn three_states_on_the_wire() {
        for (value, json) in [
            (Nullable::Absent, "{}"),
            (Nullable::Null, r#"{"note":null}"#),
            (Nullable::Value("x".to_owned()), r#"{"note":"x"}"#),
        ] {
            let update = Update { note: value };
            assert_eq!(serde_json::to_string(&update).expect("encodes"), json);
            assert_eq!(serde_json::from_str::<Update>(json).expect("decodes"), update);
        }
    }
}
