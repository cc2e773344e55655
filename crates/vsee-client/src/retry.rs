//! Opt-in retries: jittered exponential backoff (the `backon` crate) for requests that may be
//! sent twice, honouring the server's `Retry-After` on 429 and 503.
//!
//! Run from the client's `ClientHooks::exec`, so every operation gets them and nothing in the
//! generated code changes. A request is retried only when its method is idempotent (GET, HEAD,
//! PUT, DELETE, OPTIONS: RFC 9110, 9.2.2) or the caller said that repeating its operations is
//! safe ([`RetryPolicy::retry_non_idempotent`]): the API's POSTs create intakes and visits, and
//! a POST whose response was lost may have been carried out.

use std::time::{Duration, SystemTime};

use backon::{ExponentialBuilder, Retryable};
use reqwest::header::RETRY_AFTER;
use reqwest::{Method, Request, Response, StatusCode};

/// When and how often a request is sent again. Not used unless set
/// ([`crate::ClientBuilder::retry`], [`crate::Client::with_retry`]).
///
/// A request is retried, up to [`max_retries`](RetryPolicy::max_retries) times, after a
/// connection or timeout error or a response with status 408, 429, 502, 503 or 504. The wait
/// is exponential from [`min_delay`](RetryPolicy::min_delay) (doubling, at most
/// [`max_delay`](RetryPolicy::max_delay)) with random jitter, so that many clients do not come
/// back at once; a 429 or 503 with `Retry-After` (seconds or an HTTP date) waits what the
/// server asked instead, unless that is longer than
/// [`max_retry_after`](RetryPolicy::max_retry_after): then the response is returned as it is.
/// The last response or error is what the operation returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: usize,
    min_delay: Duration,
    max_delay: Duration,
    max_retry_after: Duration,
    non_idempotent: bool,
}

impl Default for RetryPolicy {
    /// 3 retries, 200 ms doubling up to 10 s, a `Retry-After` of up to 60 s, idempotent
    /// requests only.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            min_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(60),
            non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// The defaults (see [`RetryPolicy::default`]).
    pub fn new() -> RetryPolicy {
        RetryPolicy::default()
    }

    /// How many times a request is sent again after the first try.
    pub fn max_retries(mut self, retries: usize) -> RetryPolicy {
        self.max_retries = retries;
        self
    }

    /// The first wait (before jitter); each further wait doubles it.
    pub fn min_delay(mut self, delay: Duration) -> RetryPolicy {
        self.min_delay = delay;
        self
    }

    /// The longest wait the backoff grows to.
    pub fn max_delay(mut self, delay: Duration) -> RetryPolicy {
        self.max_delay = delay;
        self
    }

    /// The longest `Retry-After` waited for; a longer one returns the response at once.
    pub fn max_retry_after(mut self, delay: Duration) -> RetryPolicy {
        self.max_retry_after = delay;
        self
    }

    /// Also retry POST (and other non-idempotent) requests. Only for callers whose use of the
    /// API makes sending a request twice harmless: a retried `create_intake` whose first
    /// response was lost creates a second intake.
    pub fn retry_non_idempotent(mut self, retry: bool) -> RetryPolicy {
        self.non_idempotent = retry;
        self
    }

    fn applies_to(&self, method: &Method) -> bool {
        self.non_idempotent
            || matches!(
                *method,
                Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
            )
    }

    fn backoff(&self) -> ExponentialBuilder {
        ExponentialBuilder::default()
            .with_min_delay(self.min_delay)
            .with_max_delay(self.max_delay)
            .with_max_times(self.max_retries)
            .with_jitter()
    }

    /// Sends `request` with `client`, again as this policy says.
    pub(crate) async fn execute(
        &self,
        client: &reqwest::Client,
        request: Request,
    ) -> reqwest::Result<Response> {
        // A streamed body cannot be sent twice.
        let Some(template) = request.try_clone() else {
            return client.execute(request).await;
        };
        if !self.applies_to(request.method()) || self.max_retries == 0 {
            return client.execute(request).await;
        }
        let mut first = Some(request);
        let attempt = || {
            // `template` cloned once, so every clone of it succeeds too.
            let request = first.take().unwrap_or_else(|| {
                template
                    .try_clone()
                    .expect("a request that cloned once clones again")
            });
            async move {
                match client.execute(request).await {
                    Ok(response) if retryable_status(response.status()) => {
                        Err(Failed::Status(response))
                    }
                    Ok(response) => Ok(response),
                    Err(error) => Err(Failed::Transport(error)),
                }
            }
        };
        let max_retry_after = self.max_retry_after;
        let outcome = attempt
            .retry(self.backoff())
            .sleep(backon::TokioSleeper)
            .when(Failed::retryable)
            .adjust(move |failed, backoff| {
                let wait = backoff?;
                match failed.retry_after(SystemTime::now()) {
                    Some(asked) if asked > max_retry_after => None,
                    Some(asked) => Some(asked),
                    None => Some(wait),
                }
            })
            .notify(|failed, wait| {
                tracing::debug!(
                    status = failed.status().map(|s| s.as_u16()),
                    wait_ms = wait.as_millis() as u64,
                    "retrying"
                );
            })
            .await;
        match outcome {
            Ok(response) | Err(Failed::Status(response)) => Ok(response),
            Err(Failed::Transport(error)) => Err(error),
        }
    }
}

/// An attempt that may be worth repeating.
enum Failed {
    Status(Response),
    Transport(reqwest::Error),
}

impl Failed {
    fn retryable(&self) -> bool {
        match self {
            Failed::Status(_) => true,
            Failed::Transport(error) => error.is_connect() || error.is_timeout(),
        }
    }

    fn status(&self) -> Option<StatusCode> {
        match self {
            Failed::Status(response) => Some(response.status()),
            Failed::Transport(_) => None,
        }
    }

    /// The wait a 429 or 503 asks for with `Retry-After`.
    fn retry_after(&self, now: SystemTime) -> Option<Duration> {
        let Failed::Status(response) = self else {
            return None;
        };
        if !matches!(
            response.status(),
            StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE
        ) {
            return None;
        }
        parse_retry_after(response.headers().get(RETRY_AFTER)?.to_str().ok()?, now)
    }
}

fn retryable_status(status: StatusCode) -> bool {
    matches!(
        status,
        StatusCode::REQUEST_TIMEOUT
            | StatusCode::TOO_MANY_REQUESTS
            | StatusCode::BAD_GATEWAY
            | StatusCode::SERVICE_UNAVAILABLE
            | StatusCode::GATEWAY_TIMEOUT
    )
}

/// `Retry-After` (RFC 9110, 10.2.3): a number of seconds, or an HTTP date (a date in the
/// past means now). `None` when it is neither.
fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use backon::BackoffBuilder;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480);
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:27:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
    }

    #[test]
    fn only_idempotent_methods_unless_asked() {
        let policy = RetryPolicy::new();
        assert!(policy.applies_to(&Method::GET));
        assert!(policy.applies_to(&Method::PUT));
        assert!(!policy.applies_to(&Method::POST));
        assert!(!policy.applies_to(&Method::PATCH));
        assert!(policy.retry_non_idempotent(true).applies_to(&Method::POST));
    }

    #[test]
    fn the_backoff_is_jittered_and_bounded() {
        let policy = RetryPolicy::new()
            .min_delay(Duration::from_millis(100))
            .max_delay(Duration::from_millis(400))
            .max_retries(4);
        let runs: Vec<Vec<Duration>> = (0..20)
            .map(|_| policy.backoff().build().collect())
            .collect();
        for run in &runs {
            assert_eq!(run.len(), 4, "{run:?}");
            // The first wait is the minimum plus up to as much again of jitter.
            assert!(
                run[0] >= Duration::from_millis(100) && run[0] <= Duration::from_millis(200),
                "{run:?}"
            );
            assert!(
                run.iter().all(|d| *d <= Duration::from_millis(800)),
                "{run:?}"
            );
        }
        assert!(
            runs.iter().any(|run| run[0] != runs[0][0]),
            "no jitter: {runs:?}"
        );
    }
}
