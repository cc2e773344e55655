//! `list_visits`, page after page, as one stream of visits: [`Client::visits`].

use std::num::NonZeroU64;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::stream::{self, BoxStream, Stream, StreamExt, TryStreamExt};

use crate::{types, Client, Error};

impl Client {
    /// Every visit `list_visits` returns, as one stream: pages 1, 2, ... of `page_size`
    /// visits each, fetched one at a time as the stream is read, until a page comes back with
    /// fewer than `page_size` visits (or none). An error ends the stream: it is the last item.
    ///
    /// `page_size` is `list_visits`' `limit`, which the spec requires to be at least 1: with
    /// `0`, the stream's only item is an [`Error::InvalidRequest`] (nothing is sent).
    ///
    /// The stream is [`Unpin`] and [`Send`]: read it with `.next().await` or
    /// `.try_next().await` ([`StreamExt`](crate::StreamExt) and
    /// [`TryStreamExt`](crate::TryStreamExt), re-exported by this crate), or collect it.
    ///
    /// ```no_run
    /// # async fn run(client: vsee_client::Client) -> Result<(), vsee_client::VseeError> {
    /// use vsee_client::TryStreamExt;
    ///
    /// let mut visits = client.visits(50);
    /// while let Some(visit) = visits.try_next().await? {
    ///     println!("visit {:?} starts at {:?}", visit.id, visit.start);
    /// }
    /// // or all at once
    /// let all: Vec<_> = client.visits(50).try_collect().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn visits(&self, page_size: u64) -> Visits<'_> {
        // `limit(0)` is refused by the builder (the spec's `minimum: 1`), so with 0 the first
        // page's error is the stream's only item.
        let pages = stream::try_unfold(Some(NonZeroU64::MIN), move |page| async move {
            let Some(page) = page else {
                return Ok(None);
            };
            let visits = self
                .list_visits()
                .page(page)
                .limit(page_size)
                .send()
                .await?
                .into_inner()
                .data;
            let full = visits.len() as u64 >= page_size;
            let next = if full { page.checked_add(1) } else { None };
            Ok(Some((visits, next)))
        });
        Visits {
            inner: pages
                .map_ok(|visits| stream::iter(visits.into_iter().map(Ok)))
                .try_flatten()
                .boxed(),
        }
    }
}

/// The visits of [`Client::visits`], page after page: a [`Stream`] of
/// `Result<types::Visit, VseeError>` that is [`Unpin`] and [`Send`].
#[must_use = "a stream does nothing until it is read"]
pub struct Visits<'a> {
    inner: BoxStream<'a, Result<types::Visit, Error>>,
}

impl Stream for Visits<'_> {
    type Item = Result<types::Visit, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl std::fmt::Debug for Visits<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Visits").finish_non_exhaustive()
    }
}
