//! Rust names from document names: valid, readable, deterministic.

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in",
    "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "static", "struct", "super", "trait",
    "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box", "do",
    "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Type names a generated type must not take, because generated code uses
/// them unqualified.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Self",
    "Default",
    "Clone",
    "Debug",
    "Copy",
    "PartialEq",
    "Send",
    "Sync",
    "Sized",
    "Fn",
    "Drop",
    "Iterator",
    "From",
    "Into",
    "IntoFuture",
    "Future",
    "Pin",
];

/// Splits on anything that is not an ASCII letter or digit; `+`/`-` at the
/// start become words, so `+1` and `-1` stay apart.
fn words(raw: &str) -> String {
    let mut text = String::with_capacity(raw.len() + 8);
    let rest = if let Some(rest) = raw.strip_prefix('+') {
        text.push_str("plus ");
        rest
    } else if let Some(rest) = raw.strip_prefix('-') {
        text.push_str("minus ");
        rest
    } else {
        raw
    };
    // Other scripts are transliterated (`Ünïcode` -> `Unicode`, `ид` -> `id`),
    // so names stay readable rather than falling back to a numbered default.
    let ascii;
    let rest = if rest.is_ascii() {
        rest
    } else {
        ascii = deunicode::deunicode_with_tofu(rest, " ");
        ascii.as_str()
    };
    for c in rest.chars() {
        text.push(if c.is_ascii_alphanumeric() { c } else { ' ' });
    }
    text
}

/// `PascalCase` identifier; `fallback` when nothing usable is left.
pub fn pascal(raw: &str, fallback: &str) -> String {
    let mut name = words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if name == "Self" {
        name.push('_');
    }
    name
}

/// `snake_case` identifier, with keywords and leading digits made valid.
pub fn snake(raw: &str, fallback: &str) -> String {
    let mut name = words(raw).to_snake_case();
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "n_");
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// Hands out names unique within one scope: the first asker gets the plain
/// name, later ones a numeric suffix, in the order asked (deterministic
/// because the document is walked in its own order).
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: HashSet<String>,
}

impl Scope {
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self { taken: reserved.iter().map(|s| (*s).to_owned()).collect() }
    }

    pub fn for_types() -> Self {
        Self::with_reserved(RESERVED_TYPE_NAMES)
    }

    /// Whether generated code uses `name` unqualified, so no type may take it.
    pub fn is_reserved_type(name: &str) -> bool {
        RESERVED_TYPE_NAMES.contains(&name)
    }

    pub fn claim(&mut self, base: &str, separator: &str) -> String {
        if self.taken.insert(base.to_owned()) {
            return base.to_owned();
        }
        // `type_` (a keyword made valid) becomes `type_2`, not `type__2`.
        let stem = base.strip_suffix(separator).filter(|_| !separator.is_empty()).unwrap_or(base);
        (2..)
            .map(|n| format!("{stem}{separator}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or_else(|| base.to_owned())
    }
}

/// A version segment of a path: `v1`, `2.0`, `v1beta2`, `v3-preview`.
pub fn is_version_segment(segment: &str) -> bool {
    let lower = segment.to_ascii_lowercase();
    let number = lower.strip_prefix('v').unwrap_or(&lower);
    let rest = number.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    let label = rest.trim_start_matches(['-', '_']);
    rest.len() < number.len()
        && (label.is_empty()
            || ["alpha", "beta", "rc", "preview"]
                .iter()
                .any(|l| label.strip_prefix(l).is_some_and(|n| n.chars().all(|c| c.is_ascii_digit() || c == '.'))))
}

/// An English plural's singular, by the common rules only (`sources` ->
/// `source`, `policies` -> `policy`, `addresses` -> `address`; `status` and
/// `access` stay).
pub fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies").filter(|stem| !stem.is_empty()) {
        return format!("{stem}y");
    }
    for suffix in ["sses", "xes", "ches", "shes", "zes"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            return format!("{stem}{}", &suffix[..suffix.len() - 2]);
        }
    }
    match word.strip_suffix('s') {
        Some(stem) if !stem.is_empty() && !["s", "u", "i"].iter().any(|end| stem.ends_with(end)) => stem.to_owned(),
        _ => word.to_owned(),
    }
}

/// How many of `words` spell `group` at their start, the group's last word
/// in either number (`webhook` in `webhooks`, `pets` in `pet`).
pub fn starts_with_words(words: &[&str], group: &[&str]) -> Option<usize> {
    let (last, first) = group.split_last()?;
    let fits = words.len() >= group.len()
        && words.iter().zip(first).all(|(word, expected)| word == expected)
        && singular(words[first.len()]) == singular(last);
    fits.then_some(group.len())
}

/// The English name of an HTTP status, as a Rust variant name.
pub fn status_variant(code: u16) -> String {
    let name = match code {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        300 => "MultipleChoices",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        414 => "UriTooLong",
        415 => "UnsupportedMediaType",
        416 => "RangeNotSatisfiable",
        417 => "ExpectationFailed",
        418 => "ImATeapot",
        421 => "MisdirectedRequest",
        422 => "UnprocessableEntity",
        423 => "Locked",
        424 => "FailedDependency",
        425 => "TooEarly",
        426 => "UpgradeRequired",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        431 => "RequestHeaderFieldsTooLarge",
        451 => "UnavailableForLegalReasons",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        505 => "HttpVersionNotSupported",
        _ => return format!("Status{code}"),
    };
    name.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_values_become_identifiers() {
        assert_eq!(pascal("GP – Dermatology Specialist", "Empty"), "GpDermatologySpecialist");
        assert_eq!(pascal("", "Empty"), "Empty");
        assert_eq!(pascal("appointment.confirmed", "Empty"), "AppointmentConfirmed");
        assert_eq!(pascal("1st", "Empty"), "V1st");
        assert_eq!(pascal("+1", "Empty"), "Plus1");
        assert_eq!(pascal("-1", "Empty"), "Minus1");
        assert_eq!(snake("type", "field"), "type_");
        assert_eq!(snake("status[]", "field"), "status");
        assert_eq!(snake("2fa", "field"), "n_2fa");
        assert_eq!(snake("statusCode", "field"), "status_code");
        assert_eq!(snake("self", "field"), "self_");
    }

    #[test]
    fn other_scripts_are_transliterated() {
        assert_eq!(snake("Ünïcode tag", "other"), "unicode_tag");
        assert_eq!(snake("ид", "param"), "id");
        assert_eq!(pascal("été", "Empty"), "Ete");
        assert_eq!(pascal("über-größe", "Empty"), "UberGrosse");
        assert!(pascal("🙂", "Empty").chars().all(|c| c.is_ascii_alphanumeric()));
    }

    #[test]
    fn plurals_meet_their_singulars() {
        for (plural, one) in [
            ("sources", "source"),
            ("policies", "policy"),
            ("addresses", "address"),
            ("boxes", "box"),
            ("status", "status"),
            ("access", "access"),
            ("analysis", "analysis"),
            ("s", "s"),
        ] {
            assert_eq!(singular(plural), one, "{plural}");
        }
        assert_eq!(starts_with_words(&["webhook", "events"], &["webhooks"]), Some(1));
        assert_eq!(starts_with_words(&["practice", "groups", "get"], &["practice", "group"]), Some(2));
        assert_eq!(starts_with_words(&["practice"], &["practice", "group"]), None);
        assert_eq!(starts_with_words(&["users"], &[]), None);
    }

    #[test]
    fn versions_are_not_resources() {
        for version in ["v1", "2.0", "v1beta2", "v3-preview", "V2"] {
            assert!(is_version_segment(version), "{version}");
        }
        for word in ["v", "vendors", "3d-models", "beta"] {
            assert!(!is_version_segment(word), "{word}");
        }
    }

    #[test]
    fn scope_suffixes_in_order() {
        let mut scope = Scope::for_types();
        assert_eq!(scope.claim("Pet", ""), "Pet");
        assert_eq!(scope.claim("Pet", ""), "Pet2");
        assert_eq!(scope.claim("Option", ""), "Option2");
        let mut fields = Scope::default();
        assert_eq!(fields.claim("type_", "_"), "type_");
        assert_eq!(fields.claim("type_", "_"), "type_2");
    }
}
