//! `list_visits`, page after page, as one stream of visits.

use std::num::NonZeroU64;

use futures_core::Stream;
use futures_util::{stream, TryStreamExt};

use crate::{types, Client, Error};

impl Client {
    /// Every visit `list_visits` returns, as a stream: page 1, 2, ... of `page_size` visits,
    /// until a page comes back with fewer than `page_size` (or none). An error is the stream's
    /// last item.
    ///
    /// ```no_run
    /// # async fn run(client: vsee_client::Client) -> Result<(), vsee_client::Error> {
    /// use futures_util::TryStreamExt;
    /// let page_size = std::num::NonZeroU64::new(50).unwrap();
    /// let visits: Vec<_> = client.visits(page_size).try_collect().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn visits(
        &self,
        page_size: NonZeroU64,
    ) -> impl Stream<Item = Result<types::Visit, Error>> + '_ {
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
            let full = visits.len() as u64 >= page_size.get();
            let next = if full { page.checked_add(1) } else { None };
            Ok(Some((visits, next)))
        });
        pages
            .map_ok(|visits| stream::iter(visits.into_iter().map(Ok)))
            .try_flatten()
    }
}
