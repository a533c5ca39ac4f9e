//! What a generated API uses, counted for the corpus report and the CLI:
//! wire features per operation, and names that repeat their group.

use super::{Api, Operation, PageStyle, StreamKind, TypeRef};

impl Api {
    /// How many operations use each wire feature the document asks for.
    pub fn wire_facts(&self) -> WireFacts {
        let count = |test: &dyn Fn(&Operation) -> bool| self.operations().filter(|op| test(op)).count();
        WireFacts {
            own_server: count(&|op| op.server.is_some()),
            multi_segment: count(&|op| op.params.iter().any(|param| param.spans_segments)),
            wildcard_raw: count(&|op| {
                op.body
                    .as_ref()
                    .is_some_and(|body| body.documented_media_type.as_deref().is_some_and(|m| m.contains('*')))
            }),
            documented_redirects: count(&|op| {
                op.responses.iter().any(|r| r.body.as_ref().is_some_and(|b| b.ty == TypeRef::Redirect))
            }),
            media_choice: count(&|op| !op.accepts.is_empty()),
            security_schemes: self.security.len(),
            pages: PageStyle::LABELS
                .map(|label| (label, count(&|op| op.pagination.as_ref().is_some_and(|p| p.style.label() == label)))),
            events: count(&|op| op.stream.as_ref().is_some_and(|s| s.kind == StreamKind::Events)),
            json_lines: count(&|op| op.stream.as_ref().is_some_and(|s| s.kind == StreamKind::JsonLines)),
        }
    }

    /// How many methods repeat their group's words at their start, of all
    /// tagged operations and of those whose operationId starts with the tag.
    pub fn name_facts(&self) -> NameFacts {
        let mut facts = NameFacts::default();
        for group in self.groups.iter().filter(|group| !group.untagged) {
            let tag = crate::names::snake(&group.tag, "");
            let tag: Vec<&str> = tag.split('_').filter(|w| !w.is_empty()).collect();
            let module: Vec<&str> = group.module.split('_').collect();
            for op in &group.operations {
                let id = crate::names::snake(&op.id, "");
                let id: Vec<&str> = id.split('_').collect();
                let method: Vec<&str> = op.method_name.split('_').collect();
                let prefixed = crate::names::starts_with_words(&id, &tag).is_some();
                let stutters = crate::names::starts_with_words(&method, &module).is_some();
                facts.tagged += 1;
                facts.tag_prefixed += usize::from(prefixed);
                facts.stutter += usize::from(stutters);
                facts.stutter_tag_prefixed += usize::from(stutters && prefixed);
            }
        }
        facts.shared_types = self.shared_types;
        facts.settings = self.settings.len();
        facts
    }
}

/// Per document, the tagged operations whose names repeat their group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NameFacts {
    pub tagged: usize,
    /// Whose operationId starts with its tag's words.
    pub tag_prefixed: usize,
    /// Whose method starts with its group's words.
    pub stutter: usize,
    /// Of those, whose operationId starts with the tag.
    pub stutter_tag_prefixed: usize,
    /// Types several operations share, named by their role.
    pub shared_types: usize,
    /// Path parameters set once on the client.
    pub settings: usize,
}

impl std::fmt::Display for NameFacts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "tagged {}, tag-prefixed {}, stutter {}, stutter-tag-prefixed {}, shared-types {}, settings {}",
            self.tagged, self.tag_prefixed, self.stutter, self.stutter_tag_prefixed, self.shared_types, self.settings
        )
    }
}

/// Per document, the operations that use each wire feature (the corpus
/// report's per-class lines).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WireFacts {
    /// Sent to a server of their own.
    pub own_server: usize,
    /// With a path parameter spanning segments.
    pub multi_segment: usize,
    /// With a wildcard request media type, sent raw.
    pub wildcard_raw: usize,
    /// With a documented redirect as an answer.
    pub documented_redirects: usize,
    /// Offering a choice of response media type.
    pub media_choice: usize,
    /// The document's security schemes (0: only `bearer_token`, `basic_auth`
    /// and `default_header` carry a credential).
    pub security_schemes: usize,
    /// Operations with `.items()`, per paging style ([`PageStyle::label`]).
    pub pages: [(&'static str, usize); 5],
    /// Operations with `.events()` (server-sent events).
    pub events: usize,
    /// Operations with `.json_lines()`.
    pub json_lines: usize,
}

impl std::fmt::Display for WireFacts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "own-server {}, multi-segment {}, wildcard-raw {}, redirects {}, media-choice {}, security-schemes {}",
            self.own_server,
            self.multi_segment,
            self.wildcard_raw,
            self.documented_redirects,
            self.media_choice,
            self.security_schemes
        )?;
        for (label, count) in self.pages {
            write!(f, ", pages-{label} {count}")?;
        }
        write!(f, ", events {}, json-lines {}", self.events, self.json_lines)
    }
}
