//! Pass "allOf": a property declared by more than one part of an `allOf` (or
//! by a part and the schema's own `properties`) is merged, never replaced:
//! objects are merged field by field, scalars of one type keep the earlier
//! part's format, values and description where the later one says nothing,
//! and a real conflict is a warning naming both places.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::schema::{is_annotation_only, shape, Shape};
use super::Normaliser;

/// A property of a merged `allOf` struct, with where it was declared.
pub(super) type Declared<'d> = (&'d str, &'d ReferenceOr<Box<Schema>>, String);

/// Parallel arrays nest this deep at most before the later items win.
const MAX_MERGE_DEPTH: usize = 16;

/// The pointer of a part's property `key`: inside the referenced component
/// for a reference, else inside the part itself.
pub(super) fn property_pointer(part: &ReferenceOr<Schema>, part_pointer: &str, key: &str) -> String {
    let base = match part {
        ReferenceOr::Reference { reference } => reference.trim_start_matches('#').to_owned(),
        ReferenceOr::Item(_) => part_pointer.to_owned(),
    };
    crate::diagnostics::join(&format!("{base}/properties"), key)
}

impl<'d> Normaliser<'d> {
    /// Adds a declaration of `key`, merging it into an earlier one.
    pub(super) fn declare_property(
        &mut self,
        properties: &mut Vec<Declared<'d>>,
        key: &'d str,
        schema: &'d ReferenceOr<Box<Schema>>,
        pointer: String,
    ) {
        match properties.iter().position(|(name, _, _)| *name == key) {
            None => properties.push((key, schema, pointer)),
            Some(index) => {
                let (_, earlier, earlier_pointer) = properties.remove(index);
                let merged = self.merge_property(earlier, &earlier_pointer, schema, &pointer, 0);
                // Declared again: it sits where its last declaration puts it.
                properties.push((key, merged, pointer));
            }
        }
    }

    fn merge_property(
        &mut self,
        earlier: &'d ReferenceOr<Box<Schema>>,
        earlier_pointer: &str,
        later: &'d ReferenceOr<Box<Schema>>,
        later_pointer: &str,
        depth: usize,
    ) -> &'d ReferenceOr<Box<Schema>> {
        if let (ReferenceOr::Reference { reference: a }, ReferenceOr::Reference { reference: b }) = (earlier, later) {
            if a == b {
                return later;
            }
        }
        let (Some(a), Some(b)) = (self.resolve_boxed(earlier), self.resolve_boxed(later)) else { return later };
        let unboxed = |schema: &ReferenceOr<Box<Schema>>| match schema {
            ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference: reference.clone() },
            ReferenceOr::Item(schema) => ReferenceOr::Item(Schema::clone(schema)),
        };
        // One side only documents: keep the other, with the description.
        if let Some((kept, notes)) = annotation_pair(earlier, a, later, b) {
            return match kept {
                ReferenceOr::Item(schema) => {
                    let mut schema = Schema::clone(schema);
                    if schema.schema_data.description.is_none() {
                        schema.schema_data.description = notes.schema_data.description.clone();
                    }
                    self.allocate(schema)
                }
                ReferenceOr::Reference { .. } => kept,
            };
        }
        match (shape(a), shape(b)) {
            (Shape::Object { .. } | Shape::AllOf { .. }, Shape::Object { .. } | Shape::AllOf { .. }) => {
                let mut schema = Schema {
                    schema_data: b.schema_data.clone(),
                    schema_kind: SchemaKind::AllOf { all_of: vec![unboxed(earlier), unboxed(later)] },
                };
                schema.schema_data.description =
                    b.schema_data.description.clone().or_else(|| a.schema_data.description.clone());
                schema.schema_data.nullable = a.schema_data.nullable && b.schema_data.nullable;
                self.allocate(schema)
            }
            (Shape::Array { items: Some(items_a) }, Shape::Array { items: Some(items_b) })
                if depth < MAX_MERGE_DEPTH =>
            {
                let items = self.merge_property(items_a, earlier_pointer, items_b, later_pointer, depth + 1);
                let mut schema = Schema::clone(b);
                match &mut schema.schema_kind {
                    SchemaKind::Type(Type::Array(array)) => array.items = Some(items.clone()),
                    SchemaKind::Any(any) => any.items = Some(items.clone()),
                    _ => {}
                }
                fill_docs(&mut schema, a);
                self.allocate(schema)
            }
            (Shape::String { .. }, Shape::String { .. })
            | (Shape::Boolean, Shape::Boolean)
            | (Shape::Number, Shape::Number)
            | (Shape::Integer { .. }, Shape::Integer { .. } | Shape::Number)
            | (Shape::Array { .. }, Shape::Array { .. }) => {
                let mut schema = Schema::clone(b);
                fill_docs(&mut schema, a);
                intersect_scalars(&mut schema, a);
                self.allocate(schema)
            }
            // An integer narrows a number: the intersection is the integer.
            (Shape::Number, Shape::Integer { .. }) => {
                let mut schema = Schema::clone(b);
                fill_docs(&mut schema, a);
                self.allocate(schema)
            }
            (Shape::Any, _) => later,
            (_, Shape::Any) => earlier,
            _ => {
                self.diagnostics.warn(
                    later_pointer,
                    format!(
                        "allOf declares this property again with another type than at #{earlier_pointer}: \
                         the later declaration is used"
                    ),
                );
                later
            }
        }
    }

    fn allocate(&self, schema: Schema) -> &'d ReferenceOr<Box<Schema>> {
        self.merged.alloc(ReferenceOr::Item(Box::new(schema)))
    }
}

/// `(kept, notes)` when one declaration constrains and the other only documents.
fn annotation_pair<'d>(
    earlier: &'d ReferenceOr<Box<Schema>>,
    a: &'d Schema,
    later: &'d ReferenceOr<Box<Schema>>,
    b: &'d Schema,
) -> Option<(&'d ReferenceOr<Box<Schema>>, &'d Schema)> {
    let documents_only = |schema: &ReferenceOr<Box<Schema>>, resolved: &Schema| {
        matches!(schema, ReferenceOr::Item(_)) && is_annotation_only(&ReferenceOr::Item(resolved.clone()))
    };
    if documents_only(later, b) {
        Some((earlier, b))
    } else if documents_only(earlier, a) {
        Some((later, a))
    } else {
        None
    }
}

/// What the later declaration leaves unsaid, the earlier one says.
fn fill_docs(schema: &mut Schema, earlier: &Schema) {
    let data = &mut schema.schema_data;
    if data.description.is_none() {
        data.description = earlier.schema_data.description.clone();
    }
    if data.example.is_none() {
        data.example = earlier.schema_data.example.clone();
    }
    data.nullable = data.nullable && earlier.schema_data.nullable;
}

/// A string keeps the earlier format when the later one has none, and only
/// the values both allow.
fn intersect_scalars(schema: &mut Schema, earlier: &Schema) {
    let (SchemaKind::Type(Type::String(later)), SchemaKind::Type(Type::String(before))) =
        (&mut schema.schema_kind, &earlier.schema_kind)
    else {
        return;
    };
    if matches!(later.format, openapiv3::VariantOrUnknownOrEmpty::Empty) {
        later.format = before.format.clone();
    }
    if later.pattern.is_none() {
        later.pattern = before.pattern.clone();
    }
    if later.enumeration.is_empty() {
        later.enumeration = before.enumeration.clone();
    } else if !before.enumeration.is_empty() {
        let both: Vec<Option<String>> =
            later.enumeration.iter().filter(|value| before.enumeration.contains(value)).cloned().collect();
        // Nothing in common is a contradiction: keep the later list.
        if !both.is_empty() {
            later.enumeration = both;
        }
    }
}
