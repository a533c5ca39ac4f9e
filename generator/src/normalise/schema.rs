//! Schemas -> `TypeRef`s and named `TypeDef`s.

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};

use super::facts::schema_facts;
use super::merge::{property_pointer, Declared};
use super::Normaliser;
use crate::diagnostics::join;
use crate::ir::{EnumDef, EnumVariant, Field, StructDef, TypeDef, TypeKind, TypeRef};
use crate::names::{pascal, snake, Scope};

/// A schema with the keyword groups we act on pulled out, whatever
/// combination of `type`, `properties`, `oneOf`... the document used.
pub(super) enum Shape<'s> {
    String {
        format: Option<String>,
        values: Vec<Option<String>>,
    },
    Integer {
        format: Option<String>,
    },
    Number,
    Boolean,
    Array {
        items: Option<&'s ReferenceOr<Box<Schema>>>,
    },
    Object {
        properties: &'s IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &'s [String],
        additional: Option<&'s AdditionalProperties>,
    },
    OneOf(&'s [ReferenceOr<Schema>]),
    AllOf {
        parts: &'s [ReferenceOr<Schema>],
        properties: Option<&'s IndexMap<String, ReferenceOr<Box<Schema>>>>,
        required: &'s [String],
    },
    Any,
}

fn format_name<T: std::fmt::Debug>(format: &openapiv3::VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match format {
        openapiv3::VariantOrUnknownOrEmpty::Item(item) => {
            Some(heck::ToKebabCase::to_kebab_case(format!("{item:?}").as_str()))
        }
        openapiv3::VariantOrUnknownOrEmpty::Unknown(other) => Some(other.clone()),
        openapiv3::VariantOrUnknownOrEmpty::Empty => None,
    }
}

pub(super) fn shape(schema: &Schema) -> Shape<'_> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            Shape::String { format: format_name(&s.format), values: s.enumeration.clone() }
        }
        SchemaKind::Type(Type::Integer(i)) => Shape::Integer { format: format_name(&i.format) },
        SchemaKind::Type(Type::Number(_)) => Shape::Number,
        SchemaKind::Type(Type::Boolean(_)) => Shape::Boolean,
        SchemaKind::Type(Type::Array(a)) => Shape::Array { items: a.items.as_ref() },
        SchemaKind::Type(Type::Object(o)) => Shape::Object {
            properties: &o.properties,
            required: &o.required,
            additional: o.additional_properties.as_ref(),
        },
        SchemaKind::OneOf { one_of } => Shape::OneOf(one_of),
        SchemaKind::AnyOf { any_of } => Shape::OneOf(any_of),
        SchemaKind::AllOf { all_of } => Shape::AllOf { parts: all_of, properties: None, required: &[] },
        SchemaKind::Not { .. } => Shape::Any,
        SchemaKind::Any(any) => {
            let has_properties = !any.properties.is_empty();
            if !any.all_of.is_empty() {
                Shape::AllOf {
                    parts: &any.all_of,
                    properties: has_properties.then_some(&any.properties),
                    required: &any.required,
                }
            } else if !any.one_of.is_empty() {
                Shape::OneOf(&any.one_of)
            } else if !any.any_of.is_empty() {
                Shape::OneOf(&any.any_of)
            } else if has_properties || any.typ.as_deref() == Some("object") || any.additional_properties.is_some() {
                Shape::Object {
                    properties: &any.properties,
                    required: &any.required,
                    additional: any.additional_properties.as_ref(),
                }
            } else if any.items.is_some() || any.typ.as_deref() == Some("array") {
                Shape::Array { items: any.items.as_ref() }
            } else {
                let strings: Option<Vec<Option<String>>> = any
                    .enumeration
                    .iter()
                    .map(|v| match v {
                        serde_json::Value::String(s) => Some(Some(s.clone())),
                        serde_json::Value::Null => Some(None),
                        _ => None,
                    })
                    .collect();
                match (any.typ.as_deref(), strings) {
                    (Some("string") | None, Some(values)) if !values.is_empty() => {
                        Shape::String { format: any.format.clone(), values }
                    }
                    (Some("string"), _) => Shape::String { format: any.format.clone(), values: Vec::new() },
                    (Some("integer"), _) => Shape::Integer { format: any.format.clone() },
                    (Some("number"), _) => Shape::Number,
                    (Some("boolean"), _) => Shape::Boolean,
                    _ => Shape::Any,
                }
            }
        }
    }
}

/// Inline schemas nested deeper than this are typed as any JSON.
const MAX_INLINE_DEPTH: usize = 32;

/// A part that only documents (description, title, example, nullable...)
/// and constrains nothing a Rust type expresses.
pub(super) fn is_annotation_only(part: &ReferenceOr<Schema>) -> bool {
    match part {
        ReferenceOr::Reference { .. } => false,
        ReferenceOr::Item(schema) => match &schema.schema_kind {
            SchemaKind::Any(any) => {
                any.typ.is_none()
                    && any.properties.is_empty()
                    && any.all_of.is_empty()
                    && any.one_of.is_empty()
                    && any.any_of.is_empty()
                    && any.items.is_none()
                    && any.enumeration.is_empty()
                    && any.additional_properties.is_none()
                    && any.format.is_none()
            }
            _ => false,
        },
    }
}

/// The `#/components/schemas/NAME` a reference points at, if it does.
pub(super) fn component_name(reference: &str) -> Option<&str> {
    reference.strip_prefix("#/components/schemas/").filter(|name| !name.contains('/'))
}

/// Where a type is being defined: the name hint (operation + role + property
/// path), its JSON pointer, and the name it must take (a component's), if any.
#[derive(Clone, Copy)]
pub(super) struct Site<'s> {
    pub(super) hint: &'s str,
    pub(super) pointer: &'s str,
    pub(super) fixed_name: Option<&'s str>,
}

/// The parts of an `allOf` and what the schema declares beside them.
#[derive(Clone, Copy)]
struct AllOf<'d, 'r> {
    parts: &'d [ReferenceOr<Schema>],
    own_properties: Option<&'d IndexMap<String, ReferenceOr<Box<Schema>>>>,
    own_required: &'r [String],
}

impl<'d> Normaliser<'d> {
    /// Follows `$ref`s (through aliases) to a schema of the document.
    pub(super) fn resolve(&self, schema: &'d ReferenceOr<Schema>) -> Option<&'d Schema> {
        match schema {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { reference } => self.resolve_ref(reference),
        }
    }

    pub(super) fn resolve_ref(&self, reference: &str) -> Option<&'d Schema> {
        let schemas = &self.doc.components.as_ref()?.schemas;
        let mut name = unescape(component_name(reference)?);
        for _ in 0..32 {
            match schemas.get(&name)? {
                ReferenceOr::Item(schema) => return Some(schema),
                ReferenceOr::Reference { reference } => name = unescape(component_name(reference)?),
            }
        }
        None
    }

    pub(super) fn resolve_boxed(&self, schema: &'d ReferenceOr<Box<Schema>>) -> Option<&'d Schema> {
        match schema {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { reference } => self.resolve_ref(reference),
        }
    }

    /// Converts a schema (or reference) to the Rust type used where it sits.
    /// `hint` names any type this schema needs defined; the result includes
    /// `Option` when the schema is nullable.
    pub(super) fn schema_type(&mut self, schema: &'d ReferenceOr<Schema>, hint: &str, pointer: &str) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.reference_type(reference, pointer),
            ReferenceOr::Item(schema) => self.inline_type(schema, hint, pointer),
        }
    }

    pub(super) fn boxed_schema_type(
        &mut self,
        schema: &'d ReferenceOr<Box<Schema>>,
        hint: &str,
        pointer: &str,
    ) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.reference_type(reference, pointer),
            ReferenceOr::Item(schema) => self.inline_type(schema, hint, pointer),
        }
    }

    pub(super) fn reference_type(&mut self, reference: &str, pointer: &str) -> TypeRef {
        let Some(name) = component_name(reference).map(unescape) else {
            self.diagnostics.warn(
                pointer,
                format!("reference {reference:?} is not to `#/components/schemas/...`: not followed, the value is typed as any JSON"),
            );
            return TypeRef::Any;
        };
        let Some(type_name) = self.component_types.get(&name).cloned() else {
            self.diagnostics.warn(
                pointer,
                format!(
                    "reference {reference:?} points at no schema: the value is typed as any JSON; \
                     add `{name}` under components/schemas or fix the reference"
                ),
            );
            return TypeRef::Any;
        };
        let nullable = self.resolve_ref(reference).is_some_and(is_nullable);
        let ty = TypeRef::Named(type_name);
        if nullable {
            ty.option()
        } else {
            ty
        }
    }

    /// The type of an inline schema, defining a named type when it needs one.
    pub(super) fn inline_type(&mut self, schema: &'d Schema, hint: &str, pointer: &str) -> TypeRef {
        let ty = self.shape_type(schema, Site { hint, pointer, fixed_name: None });
        if is_nullable(schema) {
            ty.option()
        } else {
            ty
        }
    }

    /// Defines component schema `name` as type `type_name`.
    pub(super) fn define_component(&mut self, schema: &'d Schema, type_name: &str, pointer: &str) {
        let ty = self.shape_type(schema, Site { hint: type_name, pointer, fixed_name: Some(type_name) });
        if ty != TypeRef::Named(type_name.to_owned()) {
            self.push_type(type_name.to_owned(), schema, pointer, TypeKind::Alias(ty));
        }
    }

    /// `fixed_name`: the type name is already claimed (a component) and
    /// must be used if a type is defined.
    fn shape_type(&mut self, schema: &'d Schema, site: Site<'_>) -> TypeRef {
        let pointer = site.pointer;
        // The stack must not depend on the document: past this depth a schema
        // is any JSON, with a warning.
        if self.depth >= MAX_INLINE_DEPTH {
            self.diagnostics.warn(
                pointer,
                format!("schemas nest more than {MAX_INLINE_DEPTH} levels deep here: this one is typed as any JSON"),
            );
            return TypeRef::Any;
        }
        self.depth += 1;
        let ty = self.shape_type_within_depth(schema, site);
        self.depth -= 1;
        ty
    }

    fn shape_type_within_depth(&mut self, schema: &'d Schema, site: Site<'_>) -> TypeRef {
        let Site { hint, pointer, fixed_name } = site;
        match shape(schema) {
            Shape::String { format, values } => {
                let mut unique: Vec<String> = Vec::new();
                for value in values.into_iter().flatten() {
                    if unique.contains(&value) {
                        self.diagnostics.warn(
                            &join(pointer, "enum"),
                            format!("enum value {value:?} is listed more than once: kept once"),
                        );
                    } else {
                        unique.push(value);
                    }
                }
                let values = unique;
                if !values.is_empty() {
                    let name = self.type_name(hint, fixed_name);
                    let mut scope = Scope::default();
                    let variants = values
                        .iter()
                        .map(|value| EnumVariant {
                            rust_name: scope.claim(&pascal(value, "Empty"), ""),
                            wire_value: value.clone(),
                        })
                        .collect();
                    self.push_type(name.clone(), schema, pointer, TypeKind::Enum(EnumDef { variants }));
                    return TypeRef::Named(name);
                }
                match format.as_deref() {
                    Some("date") => TypeRef::Date,
                    Some("date-time") => TypeRef::DateTime,
                    Some(other) if names_a_timestamp(other) => TypeRef::DateTime,
                    _ => TypeRef::String,
                }
            }
            Shape::Integer { format } => match format.as_deref() {
                Some("int32") => TypeRef::I32,
                _ => TypeRef::I64,
            },
            Shape::Number => TypeRef::F64,
            Shape::Boolean => TypeRef::Bool,
            Shape::Array { items } => match items {
                Some(items) => {
                    let item = self.boxed_schema_type(items, &format!("{hint}Item"), &join(pointer, "items"));
                    TypeRef::Vec(Box::new(item))
                }
                None => TypeRef::Vec(Box::new(TypeRef::Any)),
            },
            Shape::Object { properties, required, additional } => {
                let additional_type = match additional {
                    Some(AdditionalProperties::Schema(extra)) => {
                        Some(self.schema_type(extra, &format!("{hint}Value"), &join(pointer, "additionalProperties")))
                    }
                    _ => None,
                };
                if properties.is_empty() {
                    return match additional_type {
                        Some(value) => TypeRef::Map(Box::new(value)),
                        None => TypeRef::FreeFormObject,
                    };
                }
                let name = self.type_name(hint, fixed_name);
                let fields = self.fields(properties.iter().map(|(k, v)| (k.as_str(), v)), required, &name, pointer);
                self.push_type(
                    name.clone(),
                    schema,
                    pointer,
                    TypeKind::Struct(StructDef { fields, additional: additional_type }),
                );
                TypeRef::Named(name)
            }
            Shape::AllOf { parts, properties, required } => {
                self.all_of(schema, AllOf { parts, own_properties: properties, own_required: required }, site)
            }
            Shape::OneOf(alternatives) => self.one_of(schema, alternatives, site),
            Shape::Any => TypeRef::Any,
        }
    }

    pub(super) fn type_name(&mut self, hint: &str, fixed_name: Option<&str>) -> String {
        match fixed_name {
            Some(name) => name.to_owned(),
            None => self.type_names.claim(&pascal(hint, "Anonymous"), ""),
        }
    }

    pub(super) fn push_type(&mut self, name: String, schema: &Schema, pointer: &str, kind: TypeKind) {
        let description = schema
            .schema_data
            .description
            .clone()
            .or_else(|| schema.schema_data.title.clone())
            .or_else(|| Some(describe_pointer(pointer, self.doc)));
        self.types.push(TypeDef {
            name,
            module: self.module.clone(),
            description,
            pointer: pointer.to_owned(),
            kind,
            features: Vec::new(),
        });
    }

    pub(super) fn fields(
        &mut self,
        properties: impl Iterator<Item = (&'d str, &'d ReferenceOr<Box<Schema>>)>,
        required: &[String],
        parent: &str,
        pointer: &str,
    ) -> Vec<Field> {
        let mut scope = Scope::with_reserved(&[]);
        let mut fields = Vec::new();
        for (wire_name, property) in properties {
            let property_pointer = join(&join(pointer, "properties"), wire_name);
            let ty =
                self.boxed_schema_type(property, &format!("{parent}{}", pascal(wire_name, "Field")), &property_pointer);
            let resolved = self.resolve_boxed(property);
            let nullable = matches!(ty, TypeRef::Option(_));
            let is_required = required.iter().any(|r| r == wire_name);
            let ty = if is_required { ty } else { ty.option() };
            let (description, deprecated) = match property {
                ReferenceOr::Item(schema) => (schema.schema_data.description.clone(), schema.schema_data.deprecated),
                ReferenceOr::Reference { .. } => (None, resolved.is_some_and(|s| s.schema_data.deprecated)),
            };
            let example = resolved.and_then(|s| s.schema_data.example.clone());
            let format = resolved.and_then(|s| match shape(s) {
                Shape::String { format, .. } => format,
                _ => None,
            });
            let facts = resolved.map(schema_facts).unwrap_or_default();
            fields.push(Field {
                rust_name: scope.claim(&snake(wire_name, "field"), "_"),
                wire_name: wire_name.to_owned(),
                ty,
                required: is_required,
                nullable,
                description,
                deprecated,
                flatten: false,
                example,
                format,
                facts,
            });
        }
        fields
    }

    fn all_of(&mut self, schema: &'d Schema, all_of: AllOf<'d, '_>, site: Site<'_>) -> TypeRef {
        let AllOf { parts, own_properties, .. } = all_of;
        let Site { hint, pointer, fixed_name: _ } = site;
        if parts.len() == 1 && own_properties.is_none() {
            return self.schema_type(&parts[0], hint, &format!("{pointer}/allOf/0"));
        }
        // `allOf: [$ref, {description: ...}]` (how converted Smithy and many
        // other documents document a reference) is the reference itself.
        let mut substantial = parts.iter().enumerate().filter(|(_, part)| !is_annotation_only(part));
        if let (Some((index, reference @ ReferenceOr::Reference { .. })), None, None) =
            (substantial.next(), substantial.next(), own_properties)
        {
            return self.schema_type(reference, hint, &format!("{pointer}/allOf/{index}"));
        }
        // A component already being merged further up refers to its type:
        // expanding it again would never end.
        if let Some((index, reference)) = parts.iter().enumerate().find_map(|(index, part)| match part {
            ReferenceOr::Reference { reference } if self.merging.contains(reference) => Some((index, part)),
            _ => None,
        }) {
            self.diagnostics.warn(
                &format!("{pointer}/allOf/{index}"),
                "allOf refers back to a schema it is part of: typed as that schema, without the other parts' fields",
            );
            return self.schema_type(reference, hint, &format!("{pointer}/allOf/{index}"));
        }
        let references: Vec<String> = parts
            .iter()
            .filter_map(|part| match part {
                ReferenceOr::Reference { reference } => Some(reference.clone()),
                ReferenceOr::Item(_) => None,
            })
            .collect();
        let merging_before = self.merging.len();
        self.merging.extend(references);
        let ty = self.merge_all_of(schema, all_of, site);
        self.merging.truncate(merging_before);
        ty
    }

    fn merge_all_of(&mut self, schema: &'d Schema, all_of: AllOf<'d, '_>, site: Site<'_>) -> TypeRef {
        let AllOf { parts, own_properties, own_required } = all_of;
        let Site { hint, pointer, fixed_name } = site;
        // Merge every object part into one struct: properties in order, a
        // property declared again merged with its earlier declaration
        // (`merge.rs`); required is the union.
        let mut properties: Vec<Declared<'d>> = Vec::new();
        let mut required: Vec<String> = own_required.to_vec();
        let mut others = Vec::new();
        let mut seen = 0usize;
        self.collect_all_of(parts, pointer, &mut properties, &mut required, &mut others, &mut seen);
        if let Some(own) = own_properties {
            for (key, value) in own {
                self.declare_property(&mut properties, key, value, join(&join(pointer, "properties"), key));
            }
        }
        if properties.is_empty() {
            return match others.first() {
                Some((first, first_pointer)) if others.len() == 1 => self.schema_type(first, hint, first_pointer),
                _ => TypeRef::FreeFormObject,
            };
        }
        let name = self.type_name(hint, fixed_name);
        let mut fields =
            self.fields(properties.iter().map(|(key, value, _)| (*key, *value)), &required, &name, pointer);
        // A union among the parts ("these fields, and one of those sets")
        // becomes a flattened field: the JSON stays flat, the choice is typed.
        for (other, other_pointer) in others {
            let resolved = self.resolve(other);
            match resolved.map(shape) {
                Some(Shape::OneOf(_)) => {
                    let title =
                        resolved.and_then(|s| s.schema_data.title.clone()).unwrap_or_else(|| "Variant".to_owned());
                    let ty = self.schema_type(other, &format!("{name}{}", pascal(&title, "Variant")), &other_pointer);
                    let taken: Vec<&str> = fields.iter().map(|f| f.rust_name.as_str()).collect();
                    let rust_name = Scope::with_reserved(&taken).claim(&snake(&title, "variant"), "_");
                    fields.push(Field {
                        wire_name: String::new(),
                        rust_name,
                        ty,
                        required: true,
                        nullable: false,
                        description: resolved.and_then(|s| s.schema_data.description.clone()),
                        deprecated: false,
                        flatten: true,
                        example: None,
                        format: None,
                        facts: Vec::new(),
                    });
                }
                _ => self.diagnostics.warn(
                    &other_pointer,
                    "allOf part is neither an object nor a union: its constraints are not represented in the type",
                ),
            }
        }
        self.push_type(name.clone(), schema, pointer, TypeKind::Struct(StructDef { fields, additional: None }));
        TypeRef::Named(name)
    }

    fn collect_all_of(
        &mut self,
        parts: &'d [ReferenceOr<Schema>],
        pointer: &str,
        properties: &mut Vec<Declared<'d>>,
        required: &mut Vec<String>,
        others: &mut Vec<(&'d ReferenceOr<Schema>, String)>,
        depth: &mut usize,
    ) {
        *depth += 1;
        if *depth > 64 {
            self.diagnostics.warn(
                pointer,
                "allOf nests or refers back to itself more than 64 levels deep: the fields of the deeper parts are left out",
            );
            return;
        }
        for (index, part) in parts.iter().enumerate() {
            let Some(resolved) = self.resolve(part) else {
                self.diagnostics.warn(&format!("{pointer}/allOf/{index}"), "allOf part could not be resolved: skipped");
                continue;
            };
            let part_pointer = match part {
                ReferenceOr::Reference { reference } => reference.trim_start_matches('#').to_owned(),
                ReferenceOr::Item(_) => format!("{pointer}/allOf/{index}"),
            };
            match shape(resolved) {
                Shape::Object { properties: props, required: req, .. } => {
                    for (key, value) in props {
                        let declared_at = property_pointer(part, &part_pointer, key);
                        self.declare_property(properties, key, value, declared_at);
                    }
                    required.extend(req.iter().cloned());
                }
                Shape::AllOf { parts: inner, properties: props, required: req } => {
                    self.collect_all_of(inner, &part_pointer, properties, required, others, depth);
                    if let Some(props) = props {
                        for (key, value) in props {
                            let declared_at = property_pointer(part, &part_pointer, key);
                            self.declare_property(properties, key, value, declared_at);
                        }
                    }
                    required.extend(req.iter().cloned());
                }
                _ => others.push((part, format!("{pointer}/allOf/{index}"))),
            }
        }
    }
}

/// Pass "dates": string formats the corpus uses for timestamps besides
/// `date-time` (Google's `google-datetime`, Azure's `date-time-rfc1123`,
/// `datetime`, `rfc3339`...), compared without case or separators. The
/// runtime's `Timestamp` reads all of their forms.
const TIMESTAMP_FORMATS: &[&str] = &[
    "datetime",
    "googledatetime",
    "datetimerfc1123",
    "datetimerfc2822",
    "rfc1123",
    "rfc2822",
    "rfc3339",
    "httpdate",
    "isodatetime",
    "iso8601",
    "iso8601datetime",
    "iso8601timestamp",
    "isodate",
    "datetimeonly",
];

fn names_a_timestamp(format: &str) -> bool {
    let squeezed: String = format.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
    TIMESTAMP_FORMATS.contains(&squeezed.as_str())
}

pub(super) fn is_nullable(schema: &Schema) -> bool {
    schema.schema_data.nullable
        || matches!(&schema.schema_kind, SchemaKind::Type(Type::String(s)) if s.enumeration.iter().any(Option::is_none))
}

/// A component name as written in a `$ref` (RFC 6901 escapes undone).
pub(super) fn unescape(token: &str) -> String {
    crate::diagnostics::unescape_token(token)
}

/// Where a schema sits, in words, for types the document does not describe:
/// `/paths/~1pets/get/responses/200/content/application~1json/schema/properties/owner`
/// -> "Field `owner` of the 200 response body of `GET /pets`."
pub(super) fn describe_pointer(pointer: &str, doc: &openapiv3::OpenAPI) -> String {
    let tokens: Vec<String> = pointer.split('/').skip(1).map(unescape).collect();
    let mut place = String::new();
    let mut rest: &[String] = &[];
    let parameter_name = |path: &str, method: Option<&str>, index: &str| -> Option<String> {
        let ReferenceOr::Item(item) = doc.paths.paths.get(path)? else { return None };
        let list = match method {
            Some(method) => &item.iter().find(|(m, _)| *m == method)?.1.parameters,
            None => &item.parameters,
        };
        match list.get(index.parse::<usize>().ok()?)? {
            ReferenceOr::Item(parameter) => Some(parameter.parameter_data_ref().name.clone()),
            ReferenceOr::Reference { reference } => reference.rsplit('/').next().map(unescape),
        }
    };
    match tokens.first().map(String::as_str) {
        Some("components") if tokens.len() >= 3 => {
            place = format!("component schema `{}`", tokens[2]);
            rest = &tokens[3..];
        }
        Some("paths") if tokens.len() >= 4 && tokens[2] == "parameters" => {
            let name = parameter_name(&tokens[1], None, &tokens[3]).unwrap_or_default();
            place = format!("parameter `{name}` of every operation on `{}`", tokens[1]);
            rest = tokens.get(5..).unwrap_or(&[]);
        }
        Some("paths") if tokens.len() >= 3 => {
            // 3.2's other methods sit one level deeper, named as sent.
            let (method, after) = match tokens.get(3) {
                Some(method) if tokens[2] == "additionalOperations" => (method.clone(), 4),
                _ => (tokens[2].to_ascii_uppercase(), 3),
            };
            let operation = format!("`{method} {}`", tokens[1]);
            rest = &tokens[after..];
            place = match rest.first().map(String::as_str) {
                Some("requestBody") => {
                    rest = rest.get(4..).unwrap_or(&[]);
                    format!("the request body of {operation}")
                }
                Some("responses") if rest.len() >= 2 => {
                    let status = rest[1].clone();
                    rest = rest.get(5..).unwrap_or(&[]);
                    format!("the {status} response body of {operation}")
                }
                Some("parameters") if rest.len() >= 2 => {
                    let name = parameter_name(&tokens[1], Some(&tokens[2]), &rest[1]).unwrap_or_default();
                    rest = rest.get(3..).unwrap_or(&[]);
                    format!("parameter `{name}` of {operation}")
                }
                _ => operation,
            };
        }
        _ => place.push_str("the document"),
    }
    let mut path = String::new();
    let mut index = 0;
    while index < rest.len() {
        match rest[index].as_str() {
            "properties" if index + 1 < rest.len() => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&rest[index + 1]);
                index += 2;
            }
            "items" => {
                path.push_str("[]");
                index += 1;
            }
            "additionalProperties" => {
                path.push_str("{}");
                index += 1;
            }
            "oneOf" | "anyOf" | "allOf" if index + 1 < rest.len() => {
                path.push_str(&format!(" ({} {})", rest[index], rest[index + 1]));
                index += 2;
            }
            _ => index += 1,
        }
    }
    match (path.as_str(), place.starts_with("parameter")) {
        ("", false) => format!("Defined inline as {place}."),
        ("", true) => format!("Values of {place}."),
        ("[]", true) => format!("Items of {place}."),
        _ => format!("`{path}` in {place}."),
    }
}
