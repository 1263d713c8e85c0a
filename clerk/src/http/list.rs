//! List results and walking every page of a list.

use std::collections::VecDeque;
use std::future::Future;
use std::hash::{Hash, Hasher};
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::http::error::Result;

/// One page of a list endpoint: its items and how many match in all.
///
/// Some endpoints answer with a bare JSON array unless asked for `paginated=true`; the
/// facade always asks, so every list has a `total_count`. For users see
/// [`crate::user::list`]: `total_count` comes from a second request.
///
/// The spec types some totals as a JSON `number` rather than an integer (API keys, M2M
/// tokens): any JSON number decodes, a fractional one rounded down into `total_count`.
#[derive(Clone, Debug, PartialEq)]
pub struct List<T> {
    /// The items of this page.
    pub data: Vec<T>,
    /// How many items match the filters, across all pages.
    pub total_count: i64,
}

impl<T> List<T> {
    pub(crate) fn new(data: Vec<T>, total_count: i64) -> Self {
        List { data, total_count }
    }

    /// A list the API returned whole (a bare array): its length is the total.
    pub(crate) fn whole(data: Vec<T>) -> Self {
        let total_count = data.len() as i64;
        List { data, total_count }
    }
}

/// A list decodes from a page (`{"data": [...], "total_count": n}`) or, for endpoints
/// that answer whole, from a bare array (its length is the total).
impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for List<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ListVisitor(std::marker::PhantomData))
    }
}

/// Decodes either shape in one pass (no buffering, unlike an untagged enum).
struct ListVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: serde::Deserialize<'de>> serde::de::Visitor<'de> for ListVisitor<T> {
    type Value = List<T>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a page {data, total_count} or an array")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<List<T>, A::Error> {
        let mut data = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element()? {
            data.push(item);
        }
        Ok(List::whole(data))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<List<T>, A::Error> {
        let mut data: Option<Vec<T>> = None;
        let mut total_count: Option<i64> = None;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                "data" => data = Some(map.next_value()?),
                "total_count" => {
                    total_count = map
                        .next_value::<Option<serde_json::Number>>()?
                        .map(|n| count(&n));
                }
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        let data = data.ok_or_else(|| serde::de::Error::missing_field("data"))?;
        let total = total_count.unwrap_or(data.len() as i64);
        Ok(List::new(data, total))
    }
}

/// A JSON number as a count: integers as they are, others rounded down (saturating).
fn count(n: &serde_json::Number) -> i64 {
    match (n.as_i64(), n.as_u64(), n.as_f64()) {
        (Some(i), _, _) => i,
        (None, Some(_), _) => i64::MAX,
        (None, None, Some(f)) => f.floor() as i64,
        (None, None, None) => 0,
    }
}

impl<T> IntoIterator for List<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.data.into_iter()
    }
}

/// List parameters that carry `limit` and `offset`.
pub(crate) trait Paged {
    fn limit(&self) -> Option<i64>;
    fn offset(&self) -> Option<i64>;
    fn set_page(&mut self, limit: i64, offset: i64);
}

/// Page size when the params do not set `limit`.
///
/// A `limit` of 0 or less is sent as set, so the walk fails with the same error as `list`.
pub(crate) const DEFAULT_PAGE_SIZE: i64 = 100;

type PageFuture<T> = Pin<Box<dyn Future<Output = Result<(Vec<T>, Option<i64>)>> + Send>>;

/// Every item of a list, fetched page by page as the stream is polled.
///
/// Pages are requested with the params' `limit` (default 100) as page size from their
/// `offset` on; the walk stops at a short page or at `total_count`. One page is held
/// in memory at a time. Use it with `futures::StreamExt` / `TryStreamExt`.
///
/// A walk never loops forever: a page the same as the page before (its length, first and
/// last items; a server or proxy ignoring `offset`) ends it with [`Error::InvalidRequest`](crate::Error::InvalidRequest).
#[must_use = "streams do nothing unless polled"]
pub struct Paginator<T> {
    fetch: Box<dyn FnMut(i64, i64) -> PageFuture<T> + Send>,
    limit: i64,
    offset: i64,
    buffer: VecDeque<T>,
    pending: Option<PageFuture<T>>,
    done: bool,
    /// A fingerprint of the previous page, to notice a repeated one.
    previous_first: Option<u64>,
}

impl<T> std::fmt::Debug for Paginator<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paginator")
            .field("limit", &self.limit)
            .field("offset", &self.offset)
            .field("buffered", &self.buffer.len())
            .field("done", &self.done)
            .finish()
    }
}

/// Builds a [`Paginator`] from list params and a function fetching one page
/// (its items and, when the endpoint reports it, the total count).
pub(crate) fn paginate<T, P, F, Fut>(params: &P, fetch: F) -> Paginator<T>
where
    T: serde::Serialize + Send + 'static,
    P: Paged + Clone + Send + 'static,
    F: Fn(P) -> Fut + Send + 'static,
    Fut: Future<Output = Result<(Vec<T>, Option<i64>)>> + Send + 'static,
{
    let limit = params.limit().unwrap_or(DEFAULT_PAGE_SIZE);
    let offset = params.offset().unwrap_or(0);
    let params = params.clone();
    Paginator {
        fetch: Box::new(move |limit, offset| {
            let mut page = params.clone();
            page.set_page(limit, offset);
            Box::pin(fetch(page))
        }),
        limit,
        offset,
        buffer: VecDeque::new(),
        pending: None,
        done: false,
        previous_first: None,
    }
}

/// A fingerprint of a page: its length and its first and last items (JSON), cheap to
/// take and the same for two pages only when the server sent the same page again.
fn fingerprint<T: serde::Serialize>(items: &[T]) -> Option<u64> {
    let (first, last) = (items.first()?, items.last()?);
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    items.len().hash(&mut hasher);
    serde_json::to_vec(first).ok()?.hash(&mut hasher);
    serde_json::to_vec(last).ok()?.hash(&mut hasher);
    Some(hasher.finish())
}

impl<T> Unpin for Paginator<T> {}

impl<T: serde::Serialize> Stream for Paginator<T> {
    type Item = Result<T>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            if self.done {
                return Poll::Ready(None);
            }
            if self.pending.is_none() {
                let (limit, offset) = (self.limit, self.offset);
                self.pending = Some((self.fetch)(limit, offset));
            }
            let page = match self.pending.as_mut().expect("set above").as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(page) => page,
            };
            self.pending = None;
            match page {
                Err(e) => {
                    self.done = true;
                    return Poll::Ready(Some(Err(e)));
                }
                Ok((items, total)) => {
                    let first = fingerprint(&items);
                    if first.is_some() && first == self.previous_first {
                        self.done = true;
                        return Poll::Ready(Some(Err(crate::Error::InvalidRequest(format!(
                            "the page at offset {} repeats the previous page: the server ignored `offset`; stopping the walk",
                            self.offset
                        )))));
                    }
                    self.previous_first = first;
                    let got = items.len() as i64;
                    self.offset = self.offset.saturating_add(got);
                    let reached_total = total.is_some_and(|t| self.offset >= t);
                    self.done = got < self.limit || reached_total;
                    self.buffer.extend(items);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct P {
        limit: Option<i64>,
        offset: Option<i64>,
    }

    impl Paged for P {
        fn limit(&self) -> Option<i64> {
            self.limit
        }
        fn offset(&self) -> Option<i64> {
            self.offset
        }
        fn set_page(&mut self, limit: i64, offset: i64) {
            self.limit = Some(limit);
            self.offset = Some(offset);
        }
    }

    fn source(
        total: i64,
        report_total: bool,
        calls: Arc<Mutex<Vec<(i64, i64)>>>,
    ) -> impl Fn(P) -> PageFuture<i64> {
        move |p: P| {
            let (limit, offset) = (p.limit.unwrap(), p.offset.unwrap());
            calls.lock().unwrap().push((limit, offset));
            let items: Vec<i64> = (offset..(offset + limit).min(total)).collect();
            Box::pin(async move { Ok((items, report_total.then_some(total))) })
        }
    }

    #[tokio::test]
    async fn walks_offsets_and_stops_on_a_short_page() {
        let calls = Arc::new(Mutex::new(Vec::new()));
        let params = P {
            limit: Some(2),
            offset: None,
        };
        let items: Vec<i64> = paginate(&params, source(5, false, calls.clone()))
            .map(|r| r.unwrap())
            .collect()
            .await;
        assert_eq!(items, vec![0, 1, 2, 3, 4]);
        assert_eq!(*calls.lock().unwrap(), vec![(2, 0), (2, 2), (2, 4)]);
    }

    #[tokio::test]
    async fn stops_at_total_count_without_an_empty_extra_page() {
        let calls = Arc::new(Mutex::new(Vec::new()));
        let params = P {
            limit: Some(2),
            offset: None,
        };
        let n = paginate(&params, source(4, true, calls.clone()))
            .count()
            .await;
        assert_eq!(n, 4);
        assert_eq!(
            calls.lock().unwrap().len(),
            2,
            "a full last page at total_count ends the walk"
        );
        // Without a total, an exact multiple needs one empty page to know it is done.
        let calls = Arc::new(Mutex::new(Vec::new()));
        let n = paginate(&params, source(4, false, calls.clone()))
            .count()
            .await;
        assert_eq!(n, 4);
        assert_eq!(calls.lock().unwrap().len(), 3);
    }

    #[tokio::test]
    async fn a_repeated_page_ends_the_walk_with_an_error() {
        // A server ignoring `offset`: every page is the first one.
        let calls = Arc::new(Mutex::new(0));
        let counter = calls.clone();
        let params = P {
            limit: Some(2),
            offset: None,
        };
        let results: Vec<Result<i64>> = paginate(&params, move |_p: P| {
            *counter.lock().unwrap() += 1;
            async { Ok((vec![1, 2], Some(10))) }
        })
        .collect()
        .await;
        assert_eq!(results.len(), 3, "{results:?}");
        assert!(matches!(results[2], Err(crate::Error::InvalidRequest(_))));
        assert_eq!(*calls.lock().unwrap(), 2);
    }

    #[test]
    fn lists_decode_from_pages_and_bare_arrays() {
        let page: List<i64> = serde_json::from_str(r#"{"data":[1,2],"total_count":7}"#).unwrap();
        assert_eq!(page, List::new(vec![1, 2], 7));
        let whole: List<i64> = serde_json::from_str("[1,2,3]").unwrap();
        assert_eq!(whole, List::new(vec![1, 2, 3], 3));
        assert!(serde_json::from_str::<List<i64>>(r#"{"total_count":1}"#).is_err());
        // The spec says `number` for some totals.
        let float: List<i64> =
            serde_json::from_str(r#"{"data":[],"total_count":14547884.57}"#).unwrap();
        assert_eq!(float.total_count, 14547884);
        let null: List<i64> = serde_json::from_str(r#"{"data":[1],"total_count":null}"#).unwrap();
        assert_eq!(null.total_count, 1);
        assert!(serde_json::from_str::<List<i64>>(r#"{"data":[],"total_count":"7"}"#).is_err());
    }

    #[tokio::test]
    async fn an_error_ends_the_stream() {
        let params = P::default();
        let mut pages = paginate(&params, |_p: P| async {
            Err::<(Vec<i64>, Option<i64>), _>(crate::Error::MissingSecretKey)
        });
        assert!(matches!(
            pages.next().await,
            Some(Err(crate::Error::MissingSecretKey))
        ));
        assert!(pages.next().await.is_none());
    }
}
