//! `.items()` on a paged list and `.events()` / `.json_lines()` on a streamed
//! answer: the request builder methods that fetch more than one answer.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, ours};
use super::operations::{dispatch, response_arms, SuccessAs};
use super::rust::{ident, type_tokens, TypesPath};
use crate::ir::{Operation, PageStyle, Pagination, StreamKind, TypeRef};

/// One field of a page's view: the list, a value, or an object nesting more.
enum Slot {
    Items,
    Value(usize),
    Nest(Vec<(String, Slot)>),
}

/// The private structs a page is read through: only the fields paging
/// needs, each value read whatever JSON type it came as.
struct View {
    definitions: Vec<TokenStream>,
    /// Per value path (in the order given), the expression of its `Option<&PageValue>`.
    values: Vec<TokenStream>,
    /// How to take the items out of `view` (last, as it moves them).
    items: TokenStream,
    ty: TokenStream,
}

fn insert(slots: &mut Vec<(String, Slot)>, path: &[String], leaf: Slot) {
    let Some((first, rest)) = path.split_first() else { return };
    if rest.is_empty() {
        if !slots.iter().any(|(name, _)| name == first) {
            slots.push((first.clone(), leaf));
        }
        return;
    }
    if !slots.iter().any(|(name, slot)| name == first && matches!(slot, Slot::Nest(_))) {
        if slots.iter().any(|(name, _)| name == first) {
            return;
        }
        slots.push((first.clone(), Slot::Nest(Vec::new())));
    }
    if let Some((_, Slot::Nest(inner))) =
        slots.iter_mut().find(|(name, slot)| name == first && matches!(slot, Slot::Nest(_)))
    {
        insert(inner, rest, leaf);
    }
}

fn value_paths(pagination: &Pagination) -> Vec<Vec<String>> {
    let next = match &pagination.style {
        PageStyle::Cursor { next, .. } | PageStyle::NextUrl { next } => Some(next.clone()),
        _ => None,
    };
    [pagination.total.clone(), pagination.pages.clone(), pagination.has_more.clone(), next]
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect()
}

fn view(pagination: &Pagination) -> View {
    let item = type_tokens(&pagination.item_ty, TypesPath::Crate);
    let paths = value_paths(pagination);
    if pagination.items.is_empty() {
        // The body is the list: nothing else can be read from it.
        let values = paths.iter().map(|_| quote!(None::<&crate::runtime::PageValue>)).collect();
        return View { definitions: Vec::new(), values, items: quote!(view), ty: quote!(Vec<#item>) };
    }
    let mut root = Vec::new();
    insert(&mut root, &pagination.items, Slot::Items);
    for (index, path) in paths.iter().enumerate() {
        if !path.is_empty() {
            insert(&mut root, path, Slot::Value(index));
        }
    }
    let mut definitions = Vec::new();
    let mut values: Vec<TokenStream> = paths.iter().map(|_| quote!(None::<&crate::runtime::PageValue>)).collect();
    let mut items = quote!(Vec::new());
    define(
        &root,
        "PageView",
        &item,
        quote!(Some(&view)),
        quote!(Some(view)),
        &mut definitions,
        &mut values,
        &mut items,
    );
    View { definitions, values, items, ty: quote!(PageView) }
}

/// One struct of the view; `reach` is the `Option<&Self>` expression that
/// gets to it, `owned` the `Option<Self>` one.
#[allow(clippy::too_many_arguments)]
fn define(
    slots: &[(String, Slot)],
    name: &str,
    item: &TokenStream,
    reach: TokenStream,
    owned: TokenStream,
    definitions: &mut Vec<TokenStream>,
    values: &mut [TokenStream],
    items: &mut TokenStream,
) {
    let struct_name = ident(name);
    let mut fields = Vec::new();
    for (position, (wire, slot)) in slots.iter().enumerate() {
        let field = ident(&format!("f{position}"));
        match slot {
            Slot::Items => {
                fields.push(quote!(#[serde(default, rename = #wire)] #field: Option<Vec<#item>>));
                *items = quote!(#owned.and_then(|node| node.#field).unwrap_or_default());
            }
            Slot::Value(index) => {
                fields.push(quote! {
                    #[serde(default, rename = #wire, deserialize_with = "crate::runtime::page_value")]
                    #field: crate::runtime::PageValue
                });
                values[*index] = quote!(#reach.map(|node| &node.#field));
            }
            Slot::Nest(inner) => {
                let inner_name = format!("{name}{position}");
                let inner_type = ident(&inner_name);
                fields.push(quote!(#[serde(default, rename = #wire)] #field: Option<#inner_type>));
                define(
                    inner,
                    &inner_name,
                    item,
                    quote!(#reach.and_then(|node| node.#field.as_ref())),
                    quote!(#owned.and_then(|node| node.#field)),
                    definitions,
                    values,
                    items,
                );
            }
        }
    }
    definitions.push(quote! {
        #[derive(serde::Deserialize)]
        struct #struct_name {
            #(#fields,)*
        }
    });
}

/// The `Some(u64)` a number or offset parameter is set to, as its type.
fn set_number(op: &Operation, param: &str, ty: &TypeRef, number: TokenStream) -> TokenStream {
    let field = ident(param);
    let value = match ty {
        TypeRef::I32 => quote!(i32::try_from(#number).unwrap_or(i32::MAX)),
        TypeRef::I64 => quote!(i64::try_from(#number).unwrap_or(i64::MAX)),
        _ => quote!(#number.to_string()),
    };
    if required(op, param) {
        quote!(call.#field = #value)
    } else {
        quote!(call.#field = Some(#value))
    }
}

fn required(op: &Operation, param: &str) -> bool {
    op.params.iter().any(|p| p.rust_name == param && p.required)
}

/// Where the listing starts: the number or offset the caller set, if any.
fn start(op: &Operation, style: &PageStyle) -> TokenStream {
    let set = |param: &str| {
        let field = ident(param);
        let reach = if required(op, param) { quote!(Some(&self.#field)) } else { quote!(self.#field.as_ref()) };
        quote!(#reach.and_then(|value| value.to_string().parse::<u64>().ok()))
    };
    match style {
        PageStyle::Number { param, first, .. } => {
            let set = set(param);
            let first = match first {
                Some(first) => quote!(Some(#first)),
                None => quote!(None),
            };
            quote!(crate::runtime::PageStart::number(#set, #first))
        }
        PageStyle::Offset { param, .. } => {
            let set = set(param);
            quote!(crate::runtime::PageStart::offset(#set))
        }
        _ => quote!(crate::runtime::PageStart::next()),
    }
}

fn style_docs(pagination: &Pagination) -> String {
    let step = match &pagination.style {
        PageStyle::Number { param, first: Some(first), .. } => {
            format!("page by page from the `{param}` set here (else {first}), one up each page")
        }
        PageStyle::Number { param, first: None, .. } => format!(
            "page by page from the `{param}` set here (else the server's first page, then 1, 2, ..., a repeat of the first page skipped)"
        ),
        PageStyle::Offset { param, .. } => {
            format!("page by page from the `{param}` set here (else 0), moving it on by the items each page had")
        }
        PageStyle::Cursor { param, .. } => {
            format!("page by page, sending as `{param}` the cursor each page gives")
        }
        PageStyle::LastItem { param, field } => {
            format!("page by page, sending as `{param}` the `{field}` of each page's last item")
        }
        PageStyle::LinkHeader => "page by page, following each answer's `Link: <...>; rel=\"next\"`".to_owned(),
        PageStyle::NextUrl { .. } => "page by page, following the next page's URL each page gives".to_owned(),
    };
    format!(
        "Every item across pages, fetched lazily {step}. It ends at an empty page, at a page without a next one, once the totals the pages report are reached (never yielding past the item total), or at the limits set on the stream ([`Pages::max_items`](crate::Pages::max_items), [`Pages::max_pages`](crate::Pages::max_pages)). A failed page ends it with its error; so does a page identical to an earlier one, or a cursor given twice ([`Error::PageRepeated`](crate::Error::PageRepeated)), and a next page on another origin ([`Error::PageElsewhere`](crate::Error::PageElsewhere))."
    )
}

/// `items()` for a paged list: a lazy stream over every page.
pub(super) fn pages_method(op: &Operation, error: &TokenStream) -> TokenStream {
    let Some(pagination) = &op.pagination else { return quote!() };
    let item = type_tokens(&pagination.item_ty, TypesPath::Crate);
    let View { definitions, values, items, ty: view_ty } = view(pagination);
    let [total, pages, has_more, next_value] = [0, 1, 2, 3].map(|index| values[index].clone());
    let move_to = match &pagination.style {
        PageStyle::Number { param, ty, .. } | PageStyle::Offset { param, ty } => {
            let set = set_number(op, param, ty, quote!(number));
            quote! {
                if let crate::runtime::PageAt::Number(number) | crate::runtime::PageAt::Offset(number) = at {
                    #set;
                }
            }
        }
        PageStyle::Cursor { param, .. } | PageStyle::LastItem { param, .. } => {
            let field = ident(param);
            let set = if required(op, param) { quote!(call.#field = token) } else { quote!(call.#field = Some(token)) };
            quote! {
                if let crate::runtime::PageAt::Token(token) = at {
                    #set;
                }
            }
        }
        PageStyle::LinkHeader | PageStyle::NextUrl { .. } => quote! {
            if let crate::runtime::PageAt::Url(url) = at {
                call.options.page_url = Some(url);
            }
        },
    };
    let next = match &pagination.style {
        PageStyle::Cursor { .. } => quote!(next_text.map(crate::runtime::PageAt::Token)),
        PageStyle::LastItem { field, .. } => {
            quote!(crate::runtime::last_item_field(&items, #field).map(crate::runtime::PageAt::Token))
        }
        PageStyle::NextUrl { .. } => quote! {
            next_text.and_then(|next| crate::runtime::resolve_page_url(&url, &next)).map(crate::runtime::PageAt::Url)
        },
        PageStyle::LinkHeader => quote!(crate::runtime::link_next(&headers, &url).map(crate::runtime::PageAt::Url)),
        PageStyle::Number { .. } | PageStyle::Offset { .. } => quote!(None),
    };
    let head = match &pagination.style {
        PageStyle::LinkHeader => quote!(let (headers, url) = (response.parts.headers.clone(), response.url.clone());),
        PageStyle::NextUrl { .. } => quote!(let url = response.url.clone();),
        _ => quote!(),
    };
    let next_text = match &pagination.style {
        PageStyle::Cursor { .. } | PageStyle::NextUrl { .. } => {
            quote!(let next_text = #next_value.and_then(crate::runtime::PageValue::text);)
        }
        _ => quote!(),
    };
    let arms = response_arms(op, SuccessAs::Json(&view_ty));
    let decode = dispatch(&arms);
    let start = start(op, &pagination.style);
    let op_id = &op.id;
    let docs = doc_attrs([ours(style_docs(pagination))]);
    quote! {
        #docs
        pub fn items(self) -> crate::Pages<'a, #item, #error> {
            #(#definitions)*
            crate::Pages::new(#op_id, #start, move |at| -> crate::BoxFuture<'a, Result<crate::runtime::Page<#item>, crate::Error<#error>>> {
                let mut call = self.clone();
                #move_to
                Box::pin(async move {
                    let response = call.prepare().send().await?;
                    #head
                    let view: #view_ty = #decode?;
                    let total_items = #total.and_then(crate::runtime::PageValue::count);
                    let total_pages = #pages.and_then(crate::runtime::PageValue::count);
                    let has_more = #has_more.and_then(crate::runtime::PageValue::flag);
                    #next_text
                    let items: Vec<#item> = #items;
                    let next = #next;
                    Ok(crate::runtime::Page { items, next, total_items, total_pages, has_more })
                })
            })
        }
    }
}

/// `events()` / `json_lines()` for a streamed answer.
pub(super) fn stream_method(op: &Operation, error: &TokenStream) -> TokenStream {
    let Some(stream) = &op.stream else { return quote!() };
    let media_type = &stream.media_type;
    let (item, decode) = match &stream.item_ty {
        Some(ty) => {
            let ty = type_tokens(ty, TypesPath::Crate);
            (ty.clone(), quote!(crate::runtime::json_data::<#ty>))
        }
        None => (quote!(String), quote!(crate::runtime::text_data)),
    };
    let select = match (&stream.select_field, &op.body) {
        (Some(field), Some(body)) if body.required => quote!(call.options.body_field(#field.to_owned(), true);),
        (Some(field), Some(_)) => quote! {
            if call.body.is_some() {
                call.options.body_field(#field.to_owned(), true);
            }
        },
        _ => quote!(),
    };
    let resume = match &stream.last_event_id {
        Some(param) => {
            let field = ident(param);
            let set = if required(op, param) { quote!(call.#field = id) } else { quote!(call.#field = Some(id)) };
            quote! {
                if let Some(id) = last_event_id {
                    #set;
                }
            }
        }
        None => quote!(let _ = last_event_id;),
    };
    let arms = response_arms(op, SuccessAs::Unexpected);
    let dispatch = dispatch(&arms);
    let asked = match &stream.select_field {
        Some(field) => format!(" with `{field}: true` in the body"),
        None => String::new(),
    };
    let method = match stream.kind {
        StreamKind::Events => {
            let reopen = if stream.last_event_id.is_some() {
                quote! {
                    Some(Box::new(move |last_event_id: Option<String>| -> crate::BoxFuture<'a, Result<crate::runtime::OpenResponse, crate::Error<#error>>> {
                        Box::pin(Self::open_stream(self.clone(), last_event_id))
                    }))
                }
            } else {
                quote!(None)
            };
            let docs = doc_attrs([ours(format!(
                "Asks for the answer as server-sent events (`Accept: {media_type}`{asked}) and returns them as they arrive, each event's data decoded. An error status is the error [`send`](Self::send) would return. {}",
                if stream.last_event_id.is_some() {
                    "A dropped connection is reopened with `Last-Event-ID` (3 times at most)."
                } else {
                    "A dropped connection ends the stream with its error: the operation takes no `Last-Event-ID`."
                }
            ))]);
            quote! {
                #docs
                pub async fn events(self) -> Result<crate::EventStream<'a, #item, #error>, crate::Error<#error>> {
                    let first = Self::open_stream(self.clone(), None).await?;
                    Ok(crate::EventStream::new(first, #decode, #reopen))
                }
            }
        }
        StreamKind::JsonLines => {
            let docs = doc_attrs([ours(format!(
                "Asks for the answer as JSON lines (`Accept: {media_type}`{asked}) and returns each value as it arrives. An error status is the error [`send`](Self::send) would return."
            ))]);
            quote! {
                #docs
                pub async fn json_lines(self) -> Result<crate::JsonLines<'a, #item, #error>, crate::Error<#error>> {
                    let first = Self::open_stream(self, None).await?;
                    Ok(crate::JsonLines::new(first, #decode))
                }
            }
        }
    };
    quote! {
        #method

        async fn open_stream(mut call: Self, last_event_id: Option<String>) -> Result<crate::runtime::OpenResponse, crate::Error<#error>> {
            call.options.headers.push(("accept".to_owned(), #media_type.to_owned()));
            #select
            #resume
            match call.prepare().open().await? {
                crate::runtime::Answer::Open(open) => Ok(open),
                crate::runtime::Answer::Read(response) => #dispatch,
            }
        }
    }
}
