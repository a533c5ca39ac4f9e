// @generated: copied verbatim from the generator's `runtime/` folder. Edit it there, then regenerate.

//! The `Pages` stream: a list operation walked page by page, however the API
//! says where the next page is (a page number, an offset, a cursor or token,
//! a next URL in a `Link` header or in the body), ending on the first signal
//! that there is no more.

use std::collections::{HashMap, VecDeque};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::pin::Pin;
use std::task::{Context, Poll};

use super::error::Error;
use super::BoxFuture;

/// Where a page is, as the next request differs from the first.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum PageAt {
    /// The request as the caller built it.
    First,
    /// A page number.
    Number(u64),
    /// How many items to skip.
    Offset(u64),
    /// A cursor or token the previous page gave.
    Token(String),
    /// A URL the previous page gave (already resolved, same origin checked on sending).
    Url(String),
}

/// One page as the API returned it.
pub(crate) struct Page<T> {
    pub(crate) items: Vec<T>,
    /// Where the next page is, for APIs that say (a cursor, a token, a URL);
    /// `None` there means this was the last page.
    pub(crate) next: Option<PageAt>,
    /// How many items there are in all, if the page says.
    pub(crate) total_items: Option<u64>,
    /// How many pages there are in all, if the page says.
    pub(crate) total_pages: Option<u64>,
    /// Whether more pages follow, if the page says.
    pub(crate) has_more: Option<bool>,
}

impl<T> Page<T> {
    pub(crate) fn of(items: Vec<T>) -> Self {
        Self { items, next: None, total_items: None, total_pages: None, has_more: None }
    }
}

/// How the position moves from one page to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// One page number up.
    Number,
    /// As many items further as the page had.
    Offset,
    /// Where the page says the next one is.
    Next,
}

/// Where a listing starts, and what is known about what comes before it.
#[derive(Debug, Clone)]
pub(crate) struct PageStart {
    at: PageAt,
    step: Step,
    /// Items before the first page fetched, when known: item totals count from there.
    items_before: Option<u64>,
    /// Pages before the first page fetched, when known: page totals count from there.
    pages_before: Option<u64>,
    /// The numbering's first page is unknown: the first request goes as the
    /// caller built it (the server's first page), then page 1, which is
    /// skipped when it repeats the first (a numbering from 1).
    first_may_repeat: bool,
}

impl PageStart {
    /// A page number: the caller's, else the document's first page. Without
    /// either, the server's first page, then 1, 2, ...
    pub(crate) fn number(set: Option<u64>, first: Option<u64>) -> Self {
        match (set, first) {
            (Some(number), Some(first)) => Self {
                at: PageAt::Number(number),
                step: Step::Number,
                items_before: (number == first).then_some(0),
                pages_before: number.checked_sub(first),
                first_may_repeat: false,
            },
            (None, Some(first)) => Self::from_the_start(PageAt::Number(first), Step::Number),
            (Some(number), None) => Self {
                at: PageAt::Number(number),
                step: Step::Number,
                items_before: None,
                pages_before: None,
                first_may_repeat: false,
            },
            (None, None) => Self { first_may_repeat: true, ..Self::from_the_start(PageAt::First, Step::Number) },
        }
    }

    /// An offset: the caller's, else as the server starts (0).
    pub(crate) fn offset(set: Option<u64>) -> Self {
        let at = set.map_or(PageAt::First, PageAt::Offset);
        Self { items_before: Some(set.unwrap_or(0)), pages_before: None, ..Self::from_the_start(at, Step::Offset) }
    }

    /// A cursor, token or URL each page gives: from the request as built.
    pub(crate) fn next() -> Self {
        Self::from_the_start(PageAt::First, Step::Next)
    }

    fn from_the_start(at: PageAt, step: Step) -> Self {
        Self { at, step, items_before: Some(0), pages_before: Some(0), first_may_repeat: false }
    }
}

type PageFuture<'a, T, E> = BoxFuture<'a, Result<Page<T>, Error<E>>>;
type Fetch<'a, T, E> = Box<dyn FnMut(PageAt) -> PageFuture<'a, T, E> + Send + 'a>;

/// Items across pages, fetched lazily one page at a time.
///
/// It ends at the first sign that there is no more: an empty page, a page
/// without a next cursor or link, `has_more: false`, the item or page total
/// the API reports (never yielding more than its item total), or the limits
/// set with [`max_items`](Self::max_items) and [`max_pages`](Self::max_pages).
/// A failed page ends it with its error. A page identical to an earlier one,
/// or a cursor or link given twice, means the server ignores paging: it ends
/// with [`Error::PageRepeated`] instead of fetching the same page for ever.
///
/// Use it as a `futures_core::Stream`, or call [`next`](Self::next) /
/// [`next_page`](Self::next_page) in a loop.
pub struct Pages<'a, T, E> {
    operation: &'static str,
    fetch: Fetch<'a, T, E>,
    start: PageStart,
    /// The next position to fetch; `None` once the listing has ended.
    at: Option<PageAt>,
    /// Pages fetched so far: the position of the next one in this listing.
    fetched: u64,
    /// A fingerprint of each page's items -> its position.
    fingerprints: HashMap<u64, u64>,
    /// A fingerprint of each cursor or URL followed -> the position it was fetched at.
    followed: HashMap<u64, u64>,
    buffer: VecDeque<T>,
    seen: u64,
    pages_yielded: u64,
    total_items: Option<u64>,
    total_pages: Option<u64>,
    max_items: Option<u64>,
    max_pages: Option<u64>,
    in_flight: Option<(PageAt, PageFuture<'a, T, E>)>,
}

impl<T, E> std::fmt::Debug for Pages<'_, T, E> {
    // Cursors and URLs may carry ids: only counts are shown.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages")
            .field("operation", &self.operation)
            .field("fetched", &self.fetched)
            .field("seen", &self.seen)
            .field("total_items", &self.total_items)
            .field("total_pages", &self.total_pages)
            .field("ended", &self.at.is_none())
            .finish_non_exhaustive()
    }
}

impl<'a, T: serde::Serialize + Send + 'a, E: Send + 'a> Pages<'a, T, E> {
    pub(crate) fn new(
        operation: &'static str,
        start: PageStart,
        fetch: impl FnMut(PageAt) -> BoxFuture<'a, Result<Page<T>, Error<E>>> + Send + 'a,
    ) -> Self {
        Self {
            operation,
            fetch: Box::new(fetch),
            at: Some(start.at.clone()),
            start,
            fetched: 0,
            fingerprints: HashMap::new(),
            followed: HashMap::new(),
            buffer: VecDeque::new(),
            seen: 0,
            pages_yielded: 0,
            total_items: None,
            total_pages: None,
            max_items: None,
            max_pages: None,
            in_flight: None,
        }
    }

    /// Yields at most `items` items, then ends (fetching no further page).
    pub fn max_items(mut self, items: u64) -> Self {
        self.max_items = Some(items);
        self
    }

    /// Fetches at most `pages` pages, then ends.
    pub fn max_pages(mut self, pages: u64) -> Self {
        self.max_pages = Some(pages);
        self
    }

    fn repeated(&mut self, same_as: u64) -> Poll<Option<Result<Vec<T>, Error<E>>>> {
        self.at = None;
        Poll::Ready(Some(Err(Error::PageRepeated { operation: self.operation, page: self.fetched, same_as })))
    }

    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Vec<T>, Error<E>>>> {
        loop {
            if self.in_flight.is_none() {
                let Some(at) = self.at.clone() else { return Poll::Ready(None) };
                if self.limit_reached() {
                    self.at = None;
                    return Poll::Ready(None);
                }
                if let PageAt::Token(_) | PageAt::Url(_) = &at {
                    let key = fingerprint(&at);
                    if let Some(&same_as) = self.followed.get(&key) {
                        return self.repeated(same_as);
                    }
                    self.followed.insert(key, self.fetched);
                }
                let future = (self.fetch)(at.clone());
                self.in_flight = Some((at, future));
            }
            let Some((_, future)) = self.in_flight.as_mut() else { return Poll::Ready(None) };
            let result = match future.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(result) => result,
            };
            let Some((at, _)) = self.in_flight.take() else { return Poll::Ready(None) };
            let page = match result {
                Ok(page) => page,
                Err(error) => {
                    self.at = None;
                    return Poll::Ready(Some(Err(error)));
                }
            };
            if page.items.is_empty() {
                self.at = None;
                return Poll::Ready(None);
            }
            let key = fingerprint(&page.items);
            if let Some(&same_as) = self.fingerprints.get(&key) {
                // A numbering from 1 whose first page was asked for without a number.
                if self.start.first_may_repeat && self.fetched == 1 && same_as == 0 {
                    self.at = Some(PageAt::Number(2));
                    continue;
                }
                return self.repeated(same_as);
            }
            self.fingerprints.insert(key, self.fetched);
            self.fetched = self.fetched.saturating_add(1);
            return Poll::Ready(Some(Ok(self.take(at, page))));
        }
    }

    /// Keeps what the totals and limits allow of a page and works out where
    /// the next one is.
    fn take(&mut self, at: PageAt, page: Page<T>) -> Vec<T> {
        let Page { mut items, next, total_items, total_pages, has_more } = page;
        let count = u64::try_from(items.len()).unwrap_or(u64::MAX);
        self.total_items = total_items.or(self.total_items);
        self.total_pages = total_pages.or(self.total_pages);
        let mut allowed = self.max_items.map(|max| max.saturating_sub(self.seen));
        if let (Some(total), Some(before)) = (self.total_items, self.start.items_before) {
            let left = total.saturating_sub(before.saturating_add(self.seen));
            allowed = Some(allowed.map_or(left, |allowed| allowed.min(left)));
        }
        if let Some(allowed) = allowed {
            items.truncate(usize::try_from(allowed).unwrap_or(usize::MAX));
        }
        self.seen = self.seen.saturating_add(u64::try_from(items.len()).unwrap_or(u64::MAX));
        self.pages_yielded = self.pages_yielded.saturating_add(1);
        let last_page = match (self.total_pages, self.start.pages_before) {
            (Some(total), Some(before)) => before.saturating_add(self.pages_yielded) >= total,
            _ => false,
        };
        let all_items = match (self.total_items, self.start.items_before) {
            (Some(total), Some(before)) => before.saturating_add(self.seen) >= total,
            _ => false,
        };
        self.at = if has_more == Some(false) || last_page || all_items {
            None
        } else {
            match self.start.step {
                Step::Number => match at {
                    PageAt::Number(number) => Some(PageAt::Number(number.saturating_add(1))),
                    _ => Some(PageAt::Number(1)),
                },
                Step::Offset => match at {
                    PageAt::Offset(offset) => Some(PageAt::Offset(offset.saturating_add(count))),
                    _ => Some(PageAt::Offset(count)),
                },
                Step::Next => next,
            }
        };
        items
    }

    fn limit_reached(&self) -> bool {
        self.max_items.is_some_and(|max| self.seen >= max) || self.max_pages.is_some_and(|max| self.fetched >= max)
    }

    /// The next page's items; `None` when there are no more.
    pub async fn next_page(&mut self) -> Option<Result<Vec<T>, Error<E>>> {
        std::future::poll_fn(|cx| self.poll_page(cx)).await
    }

    /// The next item; `None` when there are no more.
    pub async fn next(&mut self) -> Option<Result<T, Error<E>>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, Error<E>>>> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match self.poll_page(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(Some(Ok(items))) => self.buffer.extend(items),
            }
        }
    }

    /// Every remaining item, in order; stops at the first error.
    pub async fn collect_all(mut self) -> Result<Vec<T>, Error<E>> {
        let mut all = Vec::new();
        while let Some(item) = self.next().await {
            all.push(item?);
        }
        Ok(all)
    }
}

/// Serialised and hashed: equal values, equal fingerprints.
fn fingerprint<T: serde::Serialize + ?Sized>(value: &T) -> u64 {
    let mut hasher = DefaultHasher::new();
    match serde_json::to_vec(value) {
        Ok(bytes) => hasher.write(&bytes),
        Err(_) => 0_u8.hash(&mut hasher),
    }
    hasher.finish()
}

impl serde::Serialize for PageAt {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::First => serializer.serialize_unit(),
            Self::Number(number) | Self::Offset(number) => serializer.serialize_u64(*number),
            Self::Token(text) | Self::Url(text) => serializer.serialize_str(text),
        }
    }
}

// Nothing inside is ever pinned in place (futures are boxed, items are moved
// out of the buffer), so `Pages` can move freely whatever `T` is.
impl<T, E> Unpin for Pages<'_, T, E> {}

impl<'a, T: serde::Serialize + Send + 'a, E: Send + 'a> futures_core::Stream for Pages<'a, T, E> {
    type Item = Result<T, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::{Arc, Mutex};

    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().build().expect("runtime").block_on(future)
    }

    /// A listing over `serve`, recording every position asked for.
    fn listing(
        start: PageStart,
        serve: impl Fn(&PageAt) -> Page<u64> + Send + 'static,
    ) -> (Pages<'static, u64, ()>, Arc<Mutex<Vec<PageAt>>>) {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let record = asked.clone();
        let pages = Pages::new("listThings", start, move |at| {
            let page = serve(&at);
            if let Ok(mut asked) = record.lock() {
                asked.push(at);
            }
            Box::pin(async move { Ok(page) })
        });
        (pages, asked)
    }

    fn asked(asked: &Arc<Mutex<Vec<PageAt>>>) -> Vec<PageAt> {
        asked.lock().map(|asked| asked.clone()).unwrap_or_default()
    }

    fn numbered(sizes: &'static [u64], base: u64) -> impl Fn(&PageAt) -> Page<u64> + Send + 'static {
        move |at| {
            let number = match at {
                PageAt::Number(number) => *number,
                _ => base,
            };
            let size = number.checked_sub(base).and_then(|i| sizes.get(i as usize)).copied().unwrap_or(0);
            Page::of((0..size).map(|i| number * 100 + i).collect())
        }
    }

    #[test]
    fn numbers_start_at_the_documented_first_page_and_stop_at_an_empty_one() {
        let (pages, asked_for) = listing(PageStart::number(None, Some(1)), numbered(&[2, 1], 1));
        assert_eq!(block_on(pages.collect_all()).expect("no error"), vec![100, 101, 200]);
        assert_eq!(asked(&asked_for), [PageAt::Number(1), PageAt::Number(2), PageAt::Number(3)]);
    }

    #[test]
    fn an_unknown_numbering_from_one_skips_the_repeat_of_the_first_page() {
        let (pages, asked_for) = listing(PageStart::number(None, None), numbered(&[2, 2], 1));
        assert_eq!(block_on(pages.collect_all()).expect("no error"), vec![100, 101, 200, 201]);
        let expected = [PageAt::First, PageAt::Number(1), PageAt::Number(2), PageAt::Number(3)];
        assert_eq!(asked(&asked_for), expected);
    }

    #[test]
    fn an_unknown_numbering_from_zero_goes_on_at_one() {
        let (pages, _) = listing(PageStart::number(None, None), numbered(&[2, 1], 0));
        assert_eq!(block_on(pages.collect_all()).expect("no error"), vec![0, 1, 100]);
    }

    #[test]
    fn the_item_total_ends_it_without_fetching_more_and_never_yields_past_it() {
        let serve = |at: &PageAt| Page { total_items: Some(3), ..numbered(&[2, 2, 2], 0)(at) };
        let (pages, asked_for) = listing(PageStart::number(None, Some(0)), serve);
        assert_eq!(block_on(pages.collect_all()).expect("no error"), vec![0, 1, 100]);
        assert_eq!(asked(&asked_for).len(), 2);
    }

    #[test]
    fn the_page_total_and_has_more_end_it() {
        let serve = |at: &PageAt| Page { total_pages: Some(2), ..numbered(&[1, 1, 1], 1)(at) };
        let (pages, asked_for) = listing(PageStart::number(None, Some(1)), serve);
        assert_eq!(block_on(pages.collect_all()).expect("no error"), vec![100, 200]);
        assert_eq!(asked(&asked_for).len(), 2);
        let serve = |at: &PageAt| {
            let page = numbered(&[1, 1, 1], 1)(at);
            Page { has_more: Some(page.items != [200]), ..page }
        };
        let (pages, asked_for) = listing(PageStart::number(None, Some(1)), serve);
        assert_eq!(block_on(pages.collect_all()).expect("no error"), vec![100, 200]);
        assert_eq!(asked(&asked_for).len(), 2);
    }

    #[test]
    fn offsets_move_by_the_items_received() {
        let serve = |at: &PageAt| {
            let offset = match at {
                PageAt::Offset(offset) => *offset,
                _ => 0,
            };
            Page { total_items: Some(5), ..Page::of((offset..(offset + 2).min(5)).collect()) }
        };
        let (pages, asked_for) = listing(PageStart::offset(None), serve);
        assert_eq!(block_on(pages.collect_all()).expect("no error"), vec![0, 1, 2, 3, 4]);
        assert_eq!(asked(&asked_for), [PageAt::First, PageAt::Offset(2), PageAt::Offset(4)]);
    }

    #[test]
    fn cursors_are_followed_until_a_page_has_none() {
        let serve = |at: &PageAt| match at {
            PageAt::First => Page { next: Some(PageAt::Token("b".into())), ..Page::of(vec![1]) },
            PageAt::Token(token) if token == "b" => Page { next: Some(PageAt::Token("c".into())), ..Page::of(vec![2]) },
            _ => Page::of(vec![3]),
        };
        let (pages, asked_for) = listing(PageStart::next(), serve);
        assert_eq!(block_on(pages.collect_all()).expect("no error"), vec![1, 2, 3]);
        assert_eq!(asked(&asked_for).len(), 3);
    }

    #[test]
    fn a_cursor_given_twice_ends_it_with_an_error_before_fetching_again() {
        let fetched = Arc::new(AtomicU64::new(0));
        let counter = fetched.clone();
        let serve = move |at: &PageAt| {
            let index = counter.fetch_add(1, Ordering::SeqCst);
            let _ = at;
            Page { next: Some(PageAt::Token("same".into())), ..Page::of(vec![index]) }
        };
        let (mut pages, _) = listing(PageStart::next(), serve);
        let mut all = Vec::new();
        block_on(async {
            while let Some(item) = pages.next().await {
                all.push(item);
            }
        });
        assert!(matches!(all[..2], [Ok(0), Ok(1)]), "{all:?}");
        assert!(matches!(all[2], Err(Error::PageRepeated { page: 2, same_as: 1, .. })), "{:?}", all[2]);
        assert_eq!(fetched.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn a_repeated_page_ends_the_stream_with_an_error() {
        let (mut pages, asked_for) = listing(PageStart::number(None, Some(0)), |_| Page::of(vec![1, 2]));
        let mut all = Vec::new();
        block_on(async {
            while let Some(item) = pages.next().await {
                all.push(item);
            }
        });
        assert_eq!(all.len(), 3, "two items, then the error");
        assert!(matches!(all[2], Err(Error::PageRepeated { page: 1, same_as: 0, .. })), "{:?}", all[2]);
        assert_eq!(asked(&asked_for).len(), 2);
    }

    #[test]
    fn limits_end_it_without_fetching_more() {
        let (pages, asked_for) = listing(PageStart::number(None, Some(1)), numbered(&[2, 2, 2], 1));
        assert_eq!(block_on(pages.max_items(3).collect_all()).expect("no error"), vec![100, 101, 200]);
        assert_eq!(asked(&asked_for).len(), 2);
        let (pages, asked_for) = listing(PageStart::number(None, Some(1)), numbered(&[2, 2, 2], 1));
        assert_eq!(block_on(pages.max_pages(1).collect_all()).expect("no error"), vec![100, 101]);
        assert_eq!(asked(&asked_for).len(), 1);
    }

    #[test]
    fn a_later_start_ignores_item_totals_it_cannot_place() {
        let serve = |at: &PageAt| Page { total_items: Some(2), ..numbered(&[2, 2, 1], 1)(at) };
        let (pages, _) = listing(PageStart::number(Some(2), Some(1)), serve);
        assert_eq!(block_on(pages.collect_all()).expect("no error"), vec![200, 201, 300]);
    }
}
