use std::collections::{HashMap, VecDeque};
use std::hash::{DefaultHasher, Hasher};
use std::pin::Pin;
use std::task::{Context, Poll};

use super::error::Error;
use super::BoxFuture;

/// One page as the API returned it: its items and, if it says, the total.
pub(crate) type PageResult<T, E> = Result<(Vec<T>, Option<u64>), Error<E>>;

type Fetch<'a, T, E> = Box<dyn FnMut(u64) -> BoxFuture<'a, PageResult<T, E>> + Send + 'a>;

/// Items across pages, fetched lazily one page at a time. Stops when as many
/// items as the API's `count` have been seen (never yielding more), or at an
/// empty page, or after the first error (which it yields). A page identical
/// to an earlier one means the server ignores paging: the stream ends with
/// [`Error::PageRepeated`] instead of fetching the same page for ever.
///
/// Use it as a `futures_core::Stream`, or call [`next`](Self::next) /
/// [`next_page`](Self::next_page) in a loop.
pub struct Pages<'a, T, E> {
    operation: &'static str,
    fetch: Fetch<'a, T, E>,
    /// A fingerprint of each page's items -> its index.
    fingerprints: HashMap<u64, u64>,
    next_index: u64,
    buffer: VecDeque<T>,
    seen: u64,
    total: Option<u64>,
    done: bool,
    in_flight: Option<BoxFuture<'a, PageResult<T, E>>>,
}

impl<T, E> std::fmt::Debug for Pages<'_, T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages")
            .field("next_index", &self.next_index)
            .field("seen", &self.seen)
            .field("total", &self.total)
            .finish_non_exhaustive()
    }
}

impl<'a, T: serde::Serialize + Send + 'a, E: Send + 'a> Pages<'a, T, E> {
    pub(crate) fn new(
        operation: &'static str,
        first_index: u64,
        fetch: impl FnMut(u64) -> BoxFuture<'a, PageResult<T, E>> + Send + 'a,
    ) -> Self {
        Self {
            operation,
            fetch: Box::new(fetch),
            fingerprints: HashMap::new(),
            next_index: first_index,
            buffer: VecDeque::new(),
            seen: 0,
            total: None,
            done: false,
            in_flight: None,
        }
    }

    fn finished(&self) -> bool {
        self.done || self.total.is_some_and(|total| self.seen >= total)
    }

    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Vec<T>, Error<E>>>> {
        if self.in_flight.is_none() {
            if self.finished() {
                return Poll::Ready(None);
            }
            let index = self.next_index;
            self.in_flight = Some((self.fetch)(index));
        }
        let Some(future) = self.in_flight.as_mut() else { return Poll::Ready(None) };
        let result = match future.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(result) => result,
        };
        self.in_flight = None;
        match result {
            Ok((mut items, total)) => {
                let index = self.next_index;
                self.next_index = self.next_index.saturating_add(1);
                self.total = total.or(self.total);
                if items.is_empty() {
                    self.done = true;
                    return Poll::Ready(None);
                }
                if let Some(&same_as) = self.fingerprints.get(&fingerprint(&items)) {
                    self.done = true;
                    return Poll::Ready(Some(Err(Error::PageRepeated {
                        operation: self.operation,
                        page: index,
                        same_as,
                    })));
                }
                self.fingerprints.insert(fingerprint(&items), index);
                if let Some(total) = self.total {
                    let left = usize::try_from(total.saturating_sub(self.seen)).unwrap_or(usize::MAX);
                    items.truncate(left);
                }
                self.seen = self.seen.saturating_add(items.len() as u64);
                if items.is_empty() {
                    self.done = true;
                    return Poll::Ready(None);
                }
                Poll::Ready(Some(Ok(items)))
            }
            Err(error) => {
                self.done = true;
                Poll::Ready(Some(Err(error)))
            }
        }
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

/// Items serialised and hashed: equal pages, equal fingerprints.
fn fingerprint<T: serde::Serialize>(items: &[T]) -> u64 {
    let mut hasher = DefaultHasher::new();
    hasher.write(&serde_json::to_vec(items).unwrap_or_default());
    hasher.finish()
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

/// A page's total as the document types it (`integer`, `number`, optional).
pub(crate) trait AsCount {
    fn as_count(&self) -> Option<u64>;
}

impl AsCount for i64 {
    fn as_count(&self) -> Option<u64> {
        u64::try_from(*self).ok()
    }
}

impl AsCount for i32 {
    fn as_count(&self) -> Option<u64> {
        u64::try_from(*self).ok()
    }
}

impl AsCount for f64 {
    fn as_count(&self) -> Option<u64> {
        (self.is_finite() && *self >= 0.0).then_some(*self as u64)
    }
}

impl<C: AsCount> AsCount for Option<C> {
    fn as_count(&self) -> Option<u64> {
        self.as_ref().and_then(AsCount::as_count)
    }
}

/// A page's items as the document types them (required or optional list).
pub(crate) trait IntoItems<T> {
    fn into_items(self) -> Vec<T>;
}

impl<T> IntoItems<T> for Vec<T> {
    fn into_items(self) -> Vec<T> {
        self
    }
}

impl<T> IntoItems<T> for Option<Vec<T>> {
    fn into_items(self) -> Vec<T> {
        self.unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(
        sizes: Vec<usize>,
        total: Option<u64>,
    ) -> (Pages<'static, u64, ()>, std::sync::Arc<std::sync::atomic::AtomicU64>) {
        let fetched = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let counter = fetched.clone();
        let pages = Pages::new("listThings", 0, move |index| {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let size = sizes.get(index as usize).copied().unwrap_or(0);
            let items = (0..size as u64).map(|i| index * 100 + i).collect();
            Box::pin(async move { Ok((items, total)) })
        });
        (pages, fetched)
    }

    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().build().expect("runtime").block_on(future)
    }

    #[test]
    fn stops_at_the_count_without_fetching_more() {
        let (pages, fetched) = pages(vec![2, 2, 2], Some(4));
        let items = block_on(pages.collect_all()).expect("no error");
        assert_eq!(items, vec![0, 1, 100, 101]);
        assert_eq!(fetched.load(std::sync::atomic::Ordering::SeqCst), 2);
    }

    #[test]
    fn never_yields_more_than_the_count() {
        let (pages, fetched) = pages(vec![2, 2, 2], Some(3));
        assert_eq!(block_on(pages.collect_all()).expect("no error"), vec![0, 1, 100]);
        assert_eq!(fetched.load(std::sync::atomic::Ordering::SeqCst), 2);
    }

    #[test]
    fn a_repeated_page_ends_the_stream_with_an_error() {
        let fetched = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let counter = fetched.clone();
        // A server that ignores the page index: always the same full page.
        let mut pages: Pages<'static, u64, ()> = Pages::new("listThings", 0, move |_| {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Box::pin(async move { Ok((vec![1, 2], None)) })
        });
        let items = block_on(async {
            let mut items = Vec::new();
            while let Some(item) = pages.next().await {
                items.push(item);
            }
            items
        });
        assert_eq!(items.len(), 3, "two items, then the error");
        assert!(matches!(items[2], Err(Error::PageRepeated { page: 1, same_as: 0, .. })), "{:?}", items[2]);
        assert_eq!(fetched.load(std::sync::atomic::Ordering::SeqCst), 2);
    }

    #[test]
    fn stops_at_an_empty_page_without_a_count() {
        let (pages, fetched) = pages(vec![2, 1], None);
        assert_eq!(block_on(pages.collect_all()).expect("no error"), vec![0, 1, 100]);
        assert_eq!(fetched.load(std::sync::atomic::Ordering::SeqCst), 3);
    }
}
