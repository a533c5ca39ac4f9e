//! Webhook signatures: HMAC-SHA256, keyed with the webhook's signing key,
//! over `"{timestamp}.{raw_body}"`, in two headers the generated
//! `webhooks` module names. Comparison is constant-time (`hmac`'s
//! `verify_slice`).

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::secret::SecretString;

type HmacSha256 = Hmac<Sha256>;

/// Why a delivery was not accepted. Never contains the signing key.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyError {
    /// A required header is absent (or not text).
    MissingHeader(&'static str),
    /// The timestamp is neither epoch seconds, epoch milliseconds nor ISO
    /// 8601; it is kept cut to [`MAX_ECHOED_CHARS`](crate::MAX_ECHOED_CHARS)
    /// (a sender controls it, and errors are logged).
    BadTimestamp(String),
    /// The signature is neither hex nor base64 of 32 bytes.
    BadSignatureEncoding,
    /// The timestamp is older than the replay window allows.
    Stale {
        /// How old it is.
        age: Duration,
    },
    /// The timestamp is further in the future than the replay window allows.
    FromTheFuture {
        /// How far ahead it is.
        ahead: Duration,
    },
    /// The signature does not match: wrong key, or the body or timestamp changed.
    Mismatch,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingHeader(name) => write!(f, "the {name} header is missing: this is not a signed delivery"),
            Self::BadTimestamp(value) => {
                write!(f, "the timestamp {value:?} is not epoch seconds, epoch milliseconds or ISO 8601")
            }
            Self::BadSignatureEncoding => f.write_str("the signature is neither hex nor base64 of a SHA-256 HMAC"),
            Self::Stale { age } => {
                write!(f, "the delivery is {}s old, outside the replay window: reject it", age.as_secs())
            }
            Self::FromTheFuture { ahead } => {
                write!(f, "the delivery is timestamped {}s in the future: check clocks, reject it", ahead.as_secs())
            }
            Self::Mismatch => f.write_str("the signature does not match the body and timestamp for this signing key"),
        }
    }
}

impl std::error::Error for VerifyError {}

/// The signing key given for a verifier is empty (or only whitespace): with it,
/// anyone could sign a delivery. Usually an unset environment variable.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EmptySigningKey;

impl fmt::Display for EmptySigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the webhook signing key is empty: give the key returned when the webhook was created")
    }
}

impl std::error::Error for EmptySigningKey {}

/// Checks webhook deliveries against a signing key.
#[derive(Clone)]
pub struct WebhookVerifier {
    key: SecretString,
    tolerance: Duration,
    timestamp_header: &'static str,
    signature_header: &'static str,
}

impl fmt::Debug for WebhookVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookVerifier")
            .field("key", &self.key)
            .field("tolerance", &self.tolerance)
            .finish_non_exhaustive()
    }
}

impl WebhookVerifier {
    pub(crate) fn new(
        key: SecretString,
        timestamp_header: &'static str,
        signature_header: &'static str,
    ) -> Result<Self, EmptySigningKey> {
        if key.expose().trim().is_empty() {
            return Err(EmptySigningKey);
        }
        Ok(Self { key, tolerance: Duration::from_secs(300), timestamp_header, signature_header })
    }

    /// How far a delivery's timestamp may be from now, either way (default 5 minutes).
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Verifies a delivery from its headers and the exact bytes of its body.
    pub fn verify(&self, headers: &reqwest::header::HeaderMap, body: &[u8]) -> Result<(), VerifyError> {
        let header = |name: &'static str| {
            headers.get(name).and_then(|v| v.to_str().ok()).ok_or(VerifyError::MissingHeader(name))
        };
        self.verify_at(header(self.timestamp_header)?, header(self.signature_header)?, body, SystemTime::now())
    }

    /// Verifies the two header values and the body as of `now`.
    pub fn verify_at(&self, timestamp: &str, signature: &str, body: &[u8], now: SystemTime) -> Result<(), VerifyError> {
        let sent =
            parse_timestamp(timestamp).ok_or_else(|| VerifyError::BadTimestamp(super::base_url::bounded(timestamp)))?;
        match now.duration_since(sent) {
            Ok(age) if age > self.tolerance => return Err(VerifyError::Stale { age }),
            Err(ahead) if ahead.duration() > self.tolerance => {
                return Err(VerifyError::FromTheFuture { ahead: ahead.duration() })
            }
            _ => {}
        }
        let given = decode_signature(signature).ok_or(VerifyError::BadSignatureEncoding)?;
        let mac = mac(self.key.expose(), timestamp, body).ok_or(VerifyError::Mismatch)?;
        mac.verify_slice(&given).map_err(|_| VerifyError::Mismatch)
    }
}

/// HMAC accepts keys of any length, so this is always `Some`.
fn mac(key: &str, timestamp: &str, body: &[u8]) -> Option<HmacSha256> {
    let mut mac = HmacSha256::new_from_slice(key.as_bytes()).ok()?;
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    Some(mac)
}

/// The hex signature of a delivery, as the sender computes it: for testing
/// your own handlers.
pub fn sign(key: &str, timestamp: &str, body: &[u8]) -> String {
    let digest = mac(key, timestamp, body).map(|mac| mac.finalize().into_bytes().to_vec()).unwrap_or_default();
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Epoch seconds, epoch milliseconds (13 digits or more) or ISO 8601.
fn parse_timestamp(value: &str) -> Option<SystemTime> {
    let value = value.trim();
    if let Ok(number) = value.parse::<u64>() {
        let duration =
            if number >= 100_000_000_000 { Duration::from_millis(number) } else { Duration::from_secs(number) };
        return UNIX_EPOCH.checked_add(duration);
    }
    let parsed = chrono::DateTime::parse_from_rfc3339(value).ok()?;
    let millis = u64::try_from(parsed.timestamp_millis()).ok()?;
    UNIX_EPOCH.checked_add(Duration::from_millis(millis))
}

/// Hex or base64 (standard or URL-safe, padded or not), with an optional
/// `sha256=` prefix: the document does not say which encoding is used.
fn decode_signature(value: &str) -> Option<Vec<u8>> {
    let value = value.trim();
    let value = value.strip_prefix("sha256=").unwrap_or(value);
    let decoded = if value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit()) {
        (0..64).step_by(2).map(|i| u8::from_str_radix(&value[i..i + 2], 16).ok()).collect::<Option<Vec<u8>>>()
    } else {
        let engines = [
            &base64::engine::general_purpose::STANDARD,
            &base64::engine::general_purpose::STANDARD_NO_PAD,
            &base64::engine::general_purpose::URL_SAFE,
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        ];
        engines.iter().find_map(|engine| engine.decode(value).ok())
    }?;
    (decoded.len() == 32).then_some(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_or_blank_key_builds_no_verifier() {
        for key in ["", "  ", "\t\n"] {
            assert!(WebhookVerifier::new(SecretString::new(key), "t", "s").is_err(), "{key:?}");
        }
        assert!(WebhookVerifier::new(SecretString::new("whsec_1"), "t", "s").is_ok());
    }

    #[test]
    fn a_huge_timestamp_is_not_echoed_whole() {
        let verifier = WebhookVerifier::new(SecretString::new("whsec_1"), "t", "s").expect("a key");
        let huge = "9".repeat(64 * 1024) + "x";
        let error = verifier.verify_at(&huge, "00", b"{}", SystemTime::now()).expect_err("not a timestamp");
        assert!(error.to_string().len() < 400, "{} bytes", error.to_string().len());
    }

    #[test]
    fn timestamps_in_three_forms() {
        let second = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(parse_timestamp("1700000000"), Some(second));
        assert_eq!(parse_timestamp("1700000000000"), Some(second));
        assert_eq!(parse_timestamp("2023-11-14T22:13:20Z"), Some(second));
        assert_eq!(parse_timestamp("yesterday"), None);
    }

    #[test]
    fn signatures_in_hex_and_base64() {
        let bytes: Vec<u8> = (0..32).collect();
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(decode_signature(&hex), Some(bytes.clone()));
        assert_eq!(decode_signature(&format!("sha256={hex}")), Some(bytes.clone()));
        let b64 = base64::engine::general_purpose::STANDARD.encode(&bytes);
        assert_eq!(decode_signature(&b64), Some(bytes.clone()));
        assert_eq!(decode_signature(b64.trim_end_matches('=')), Some(bytes));
        assert_eq!(decode_signature("not a signature"), None);
    }
}
