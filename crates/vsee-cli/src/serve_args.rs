//! The flags of `vsee-contract mock` and `vsee-contract proxy`, their help, and the step from
//! flags to the options of `vsee-serve`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use vsee_contract::Checker;
use vsee_serve::{MockOptions, ProxyOptions};

use crate::exit::{EXIT_OK, EXIT_USAGE};

/// `vsee-contract mock`.
#[derive(Debug, Args)]
#[command(
    after_help = "Prints `listening on http://HOST:PORT` as its first line on standard output \
                  (--addr 127.0.0.1:0 picks a free port), logs to standard error, stops on \
                  Ctrl-C or SIGTERM.\n\n\
                  Credentials: requests need the headers the spec's security asks for \
                  (X-ApiToken and X-AccountCode, or for some operations X-ApiToken alone; \
                  get_availability also takes X-ApiKey + X-ApiSecret), else 401. Without \
                  --token and --api-key any non-blank credential is accepted. With either, only \
                  the credentials named are: a credential header sent and not named (an \
                  X-ApiToken not given to --token, an X-ApiKey / X-ApiSecret pair not given to \
                  --api-key) is a 401, whichever security alternative the other headers satisfy; \
                  key + secret callers are refused unless --api-key names their pair.\n\n\
                  Who owns a record: the X-ApiToken that created it. The same token sees its \
                  records with or without X-AccountCode (a token belongs to one clinic); another \
                  token never sees them (404). A key + secret caller (get_availability only) is an \
                  account of its own, keyed by the pair: no operation that creates records \
                  accepts it, so it owns none and sees every slot free.\n\n\
                  Bodies are kept exactly as sent: numbers by their text (123456789012345678901, \
                  1E2, -0), strings with their escapes. A body that cannot be kept exactly (a \
                  number beyond a double's range such as 1e400, a lone UTF-16 surrogate escape, \
                  a member sent twice in one object) gets 400 naming the place and the reason, \
                  and nothing of it is stored.\n\n\
                  Errors are the spec's ApiError ({code, message}) in the media type it \
                  documents (application/json): a request that breaks the spec gets 422 with \
                  `errors` (pointers, keywords and messages, never the values sent; 404 when only \
                  path parameters do: such a path names no resource), a body that does not parse \
                  gets 400; the same 4xx when another spec (--spec) documents none.\n\n\
                  State is bounded: a write that would take an account past --max-account-bytes \
                  or --max-account-records, or the mock past --max-total-bytes, gets 507 and \
                  changes nothing.\n\n\
                  Prism's conventions: `Prefer: code=404` answers with that documented status \
                  and its example, `Prefer: example=NAME` with a named example.\n\n\
                  Example: vsee-contract mock --addr 127.0.0.1:4010 --seed 7 --record mock.ndjson"
)]
pub struct MockArgs {
    /// Serve this OpenAPI 3.0 file instead of the embedded spec/vsee.yaml.
    #[arg(long, value_name = "FILE")]
    pub spec: Option<PathBuf>,

    /// Address to listen on (port 0 picks a free port).
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:4010")]
    pub addr: SocketAddr,

    /// Seed of the id generator: the same seed and the same requests give the same ids.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub seed: u64,

    /// Append every exchange to FILE as NDJSON (the format `validate` reads), with
    /// credentials removed, values replaced by pseudonyms and timestamps shifted (as the
    /// proxy's --record: see `vsee-contract proxy --help`).
    #[arg(long, value_name = "FILE")]
    pub record: Option<PathBuf>,

    /// Accept only this X-ApiToken (repeat for more accounts): any other token gets 401, as
    /// the API answers an unknown token, in every security alternative. Without it (and
    /// without --api-key), any token is accepted and owns records of its own.
    #[arg(long, value_name = "TOKEN")]
    pub token: Vec<String>,

    /// Accept this X-ApiKey with this X-ApiSecret (repeatable; the key ends at the first
    /// colon). With --token or --api-key given, a key + secret pair not named here gets 401.
    #[arg(long, value_name = "KEY:SECRET")]
    pub api_key: Vec<String>,

    /// Most bytes of records one account may hold (each record counts its JSON body plus
    /// its index); a write past it gets 507.
    #[arg(long, value_name = "BYTES", default_value_t = 128 * 1024 * 1024)]
    pub max_account_bytes: u64,

    /// Most records (intakes and visits) one account may hold; a write past it gets 507.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub max_account_records: u64,

    /// Most bytes of records all accounts together may hold; a write past it gets 507.
    #[arg(long, value_name = "BYTES", default_value_t = 1024 * 1024 * 1024)]
    pub max_total_bytes: u64,

    #[command(flatten)]
    pub connection: ConnectionArgs,
}

/// Time limits of every client connection, for `mock` and `proxy`.
#[derive(Debug, Clone, Copy, Args)]
pub struct ConnectionArgs {
    /// Seconds a request's head (request line and headers) may take from its first byte: a
    /// connection that sends half a head is closed then, without an answer.
    #[arg(long, value_name = "SECONDS", default_value = "10", value_parser = seconds)]
    pub header_timeout: Duration,

    /// Seconds a keep-alive connection may wait for its next request (or a new one for its
    /// first) before it is closed; also how long a response may wait for a client that
    /// stopped reading it.
    #[arg(long, value_name = "SECONDS", default_value = "60", value_parser = seconds)]
    pub idle_timeout: Duration,

    /// Seconds a request body may take to arrive whole, from the end of the head: a slower
    /// one gets 408 and the connection is closed.
    #[arg(long, value_name = "SECONDS", default_value = "30", value_parser = seconds)]
    pub body_timeout: Duration,
}

impl ConnectionArgs {
    fn limits(self) -> vsee_serve::ConnectionLimits {
        vsee_serve::ConnectionLimits {
            header: self.header_timeout,
            idle: self.idle_timeout,
            body: self.body_timeout,
        }
    }
}

/// A duration in seconds: a positive decimal number up to a day (`0.5`, `30`).
fn seconds(text: &str) -> Result<Duration, String> {
    let value: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds (e.g. 30 or 0.5)"))?;
    if !(value > 0.0 && value <= 86_400.0) {
        return Err(format!(
            "give a number of seconds above 0 and at most 86400, not {value}"
        ));
    }
    Ok(Duration::from_secs_f64(value))
}

/// `vsee-contract proxy`.
#[derive(Debug, Args)]
#[command(
    after_help = "Forwards every request to --upstream (the request's path appended to the \
                  upstream's base path), streams the upstream's response back unchanged as it \
                  arrives (status, headers, bytes; redirects are not followed), then prints a \
                  line per finding to standard error, as `validate` reports them. Prints \
                  `listening on http://HOST:PORT` as its first line on standard output.\n\n\
                  Paths: a request is forwarded only when its path stays under the upstream's \
                  base path once percent-decoded and cleared of `.` and `..` segments (RFC 3986 \
                  5.2.4). Refused with 400 (an ApiError body; never forwarded): `..` above the \
                  base (`/../x`, `/visits/%2e%2e/%2e%2e/x`); a segment holding `/`, `\\`, NUL \
                  or another control character, sent as is or percent-encoded (`..%2f`, \
                  `%5c`, `%00`); a `%` that starts no escape; a `#`; and every target that is \
                  not a path (`http://host/x`, `host:443`, `*`, `//host/x`). The upstream's \
                  scheme, host, port and userinfo never change.\n\n\
                  Encodings: the client's Accept-Encoding is forwarded and the body passed on \
                  as sent; for the check and the recording, gzip, deflate and br (also \
                  stacked) are decoded, at most --max-check-bytes of output. A body larger than \
                  that (as sent or decoded), or in another encoding, is passed through whole, \
                  reported on standard error as not checked, and recorded without its body \
                  (its status and media type are kept).\n\n\
                  Time limits: --upstream-timeout for the upstream's response head (else 504 \
                  Gateway Timeout; any other upstream failure is 502 Bad Gateway, both with an \
                  ApiError body) and for each pause in its body (else the client's response is \
                  cut); --header-timeout, --idle-timeout and --body-timeout for the client's \
                  connection.\n\n\
                  --record appends one NDJSON exchange per line, flushed as it goes. A \
                  recording never holds a credential (X-ApiToken, X-ApiKey, X-ApiSecret, \
                  Authorization, cookies, any header of the spec's security schemes) nor, by \
                  default, a value that was sent:\n\n\
                  - pseudonymised: every string and every number of two or more digits in \
                  bodies, form and multipart fields, query values and path segments, by a keyed \
                  pseudonym of the same shape (digits, letters, hex ids, emails, URLs); a number \
                  by the text that was sent, whatever its form (fraction, exponent, beyond 64 \
                  bits), keeping sign, point, exponent, digit count and whether it is whole; the \
                  same text by the same pseudonym throughout the run (575 and \"575\" too);\n\
                  - shifted: dates and date-times anywhere, and unix times where the spec marks \
                  x-vsee-type: unix-time, all by one secret number of days per run, so order and \
                  durations survive; nothing else is shifted;\n\
                  - kept: object keys and field names, enum values and other literals of the \
                  spec, booleans, null, one-digit numbers, an error body's top-level code and \
                  status when they are an HTTP status; media types as their essence (a \
                  well-known charset, a multipart boundary of the recording's own).\n\n\
                  Every body is recorded so that `validate` reads the recording with the \
                  findings the live check made. --keep-values records values, media types and \
                  bodies as sent (numbers in their exact text).\n\n\
                  Example: vsee-contract proxy --upstream https://api.vseepreview.com/vc/next/api_v3 \
                  --record traffic.ndjson"
)]
pub struct ProxyArgs {
    /// Base URL of the real API (or of a mock), e.g. https://api.vseepreview.com/vc/next/api_v3:
    /// http or https, with a host, without a user name, password, query or fragment.
    #[arg(long, value_name = "URL")]
    pub upstream: String,

    /// Check against this OpenAPI 3.0 file instead of the embedded spec/vsee.yaml.
    #[arg(long, value_name = "FILE")]
    pub spec: Option<PathBuf>,

    /// Address to listen on (port 0 picks a free port).
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:4011")]
    pub addr: SocketAddr,

    /// Append every exchange to FILE as NDJSON (the format `validate` reads).
    #[arg(long, value_name = "FILE")]
    pub record: Option<PathBuf>,

    /// Record values, media types and bodies as they were sent (numbers in their exact text)
    /// instead of pseudonyms and shifted times (they are patient data); credentials are still
    /// left out.
    #[arg(long, requires = "record")]
    pub keep_values: bool,

    /// Seconds the upstream may take to send its response head (else 504), and the longest
    /// pause within its body (else the client's response is cut).
    #[arg(long, value_name = "SECONDS", default_value = "60", value_parser = seconds)]
    pub upstream_timeout: Duration,

    /// Largest response body checked and recorded, in bytes, as sent and once decoded
    /// (default 16 MiB): a larger one is passed through whole, reported as not checked, and
    /// recorded without its body.
    #[arg(long, value_name = "BYTES", default_value_t = 16 * 1024 * 1024)]
    pub max_check_bytes: usize,

    #[command(flatten)]
    pub connection: ConnectionArgs,
}

/// Runs `vsee-contract mock` until Ctrl-C or SIGTERM; returns the exit code.
pub fn run_mock(args: MockArgs, checker: Checker) -> i32 {
    let Some(api_keys) = api_key_pairs(&args.api_key) else {
        return fail(
            "--api-key takes KEY:SECRET (the key, a colon, then the secret), and a value given \
             has no colon or an empty part (the value is not shown)",
        );
    };
    let options = MockOptions {
        seed: args.seed,
        tokens: args.token,
        api_keys,
        max_account_bytes: args.max_account_bytes,
        max_account_records: args.max_account_records,
        max_total_bytes: args.max_total_bytes,
        record: args.record,
    };
    exit_code(vsee_serve::run_mock(
        args.addr,
        checker,
        options,
        args.connection.limits(),
    ))
}

/// `KEY:SECRET` values as pairs; `None` when one is not of that form.
fn api_key_pairs(values: &[String]) -> Option<Vec<(String, String)>> {
    values
        .iter()
        .map(|v| {
            let (key, secret) = v.split_once(':')?;
            (!key.is_empty() && !secret.is_empty()).then(|| (key.to_owned(), secret.to_owned()))
        })
        .collect()
}

/// Runs `vsee-contract proxy` until Ctrl-C or SIGTERM; returns the exit code.
pub fn run_proxy(args: ProxyArgs, checker: Checker) -> i32 {
    if args.keep_values {
        eprintln!(
            "vsee-contract proxy: warning: --keep-values records bodies, query strings and paths \
             as sent: the recording holds patient data; keep it out of version control and CI \
             artifacts (credentials are still left out)"
        );
    }
    let options = ProxyOptions {
        upstream: args.upstream,
        record: args.record,
        keep_values: args.keep_values,
        upstream_timeout: args.upstream_timeout,
        max_check_bytes: args.max_check_bytes,
    };
    exit_code(vsee_serve::run_proxy(
        args.addr,
        checker,
        options,
        args.connection.limits(),
    ))
}

fn fail(message: &str) -> i32 {
    eprintln!("vsee-contract: error: {message}");
    EXIT_USAGE
}

fn exit_code(result: Result<(), vsee_serve::ServeError>) -> i32 {
    match result {
        Ok(()) => EXIT_OK,
        Err(e) => fail(&e.to_string()),
    }
}
