use std::fmt;

/// A credential (API key, token) that never shows itself in `Debug` or
/// `Display` output, so it cannot leak into logs or error messages.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretString(String);

impl SecretString {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself; call this only where the value must be sent.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretString(<redacted>)")
    }
}

impl fmt::Display for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl From<String> for SecretString {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for SecretString {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::SecretString;

    #[test]
    fn debug_and_display_never_show_the_value() {
        let secret = SecretString::new("sk_live_123");
        assert!(!format!("{secret:?}").contains("sk_live_123"));
        assert!(!format!("{secret}").contains("sk_live_123"));
        assert_eq!(secret.expose(), "sk_live_123");
    }
}
