//! Who a request comes from: the spec's security requirements, the credentials the mock was
//! started with (`--token`, `--api-key`), and the owner of the records a caller sees.
//!
//! The rules, as `vsee-contract mock --help` states them:
//! - Without `--token` or `--api-key`, any non-blank credential is accepted. With either, only
//!   the credentials named are: a credential header that is sent and not named (an
//!   `X-ApiToken`, an `X-ApiKey`, an `X-ApiSecret` that is not its key's) is a 401, whichever
//!   security alternative the other headers would satisfy.
//! - Records belong to the `X-ApiToken` that created them: the same token sees them with or
//!   without `X-AccountCode` (a token belongs to one clinic; the code names it, it does not
//!   split it), another token never does. A caller without a token (`get_availability`'s
//!   `X-ApiKey` + `X-ApiSecret`) is an account of its own, keyed by that pair; no operation that
//!   creates records accepts it, so it holds none. (For another spec: the values of the
//!   satisfied requirement's headers other than `X-AccountCode`.)

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde_json::Value;

use super::message::Incoming;

const TOKEN_HEADER: &str = "X-ApiToken";
const KEY_HEADER: &str = "X-ApiKey";
const SECRET_HEADER: &str = "X-ApiSecret";
const ACCOUNT_HEADER: &str = "X-AccountCode";

/// Whose records a request reads and writes. `Debug` hides the credential it is made of.
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct Owner(String);

impl fmt::Debug for Owner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Owner(<{} bytes>)", self.0.len())
    }
}

/// One way to satisfy an operation's security: every header listed is sent.
#[derive(Debug, Clone)]
struct Requirement {
    headers: Vec<String>,
}

/// Why a request is not authenticated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// No security alternative has all its headers; the alternatives, e.g.
    /// `X-ApiToken + X-AccountCode`.
    Missing(Vec<String>),
    /// An `X-ApiToken` sent is not one named by `--token`.
    UnknownToken,
    /// An `X-ApiKey` / `X-ApiSecret` sent is not a pair named by `--api-key`.
    UnknownKey,
}

impl Refusal {
    /// The 401's message; never a value.
    pub fn message(&self) -> String {
        match self {
            Refusal::Missing(alternatives) => format!(
                "authentication required: send {} (the header values are not shown)",
                alternatives.join(", or ")
            ),
            Refusal::UnknownToken => format!(
                "authentication failed: the {TOKEN_HEADER} sent is not one this mock was started \
                 with (--token TOKEN); the value is not shown"
            ),
            Refusal::UnknownKey => format!(
                "authentication failed: the {KEY_HEADER} / {SECRET_HEADER} sent are not a pair \
                 this mock was started with (--api-key KEY:SECRET); the values are not shown"
            ),
        }
    }
}

/// The only credentials accepted, when the mock was started with any.
#[derive(Default)]
struct Known {
    tokens: HashSet<String>,
    /// Key -> secret.
    keys: HashMap<String, String>,
}

/// Authentication for every operation of the spec.
pub(crate) struct Auth {
    ops: HashMap<String, Vec<Requirement>>,
    known: Option<Known>,
}

impl Auth {
    /// Reads each operation's security (its own, else the spec's); `tokens` and `keys`
    /// (`(key, secret)`) name the only credentials accepted, when either is not empty.
    pub fn new(spec: &vsee_spec::Spec, tokens: Vec<String>, keys: Vec<(String, String)>) -> Auth {
        let doc = spec.document();
        let schemes: HashMap<&str, &Value> =
            vsee_spec::security::schemes(spec).into_iter().collect();
        let header_of = |name: &String| {
            let scheme = schemes.get(name.as_str())?;
            vsee_spec::security::scheme_header(scheme).map(str::to_owned)
        };
        let mut ops = HashMap::new();
        for op in spec.operations_ref() {
            let op_value = doc.pointer(&op.pointer).unwrap_or(&Value::Null);
            let declared = op_value
                .get("security")
                .or_else(|| doc.get("security"))
                .and_then(Value::as_array);
            let requirements = declared
                .into_iter()
                .flatten()
                .filter_map(Value::as_object)
                .map(|req| Requirement {
                    headers: req.keys().filter_map(header_of).collect(),
                })
                .collect();
            ops.insert(op.id.clone(), requirements);
        }
        let known = (!tokens.is_empty() || !keys.is_empty()).then(|| Known {
            tokens: tokens.into_iter().collect(),
            keys: keys.into_iter().collect(),
        });
        Auth { ops, known }
    }

    /// The owner of the request's records, or why it is refused.
    pub fn authenticate(&self, operation_id: &str, req: &Incoming) -> Result<Owner, Refusal> {
        let requirements = self.ops.get(operation_id).map_or(&[][..], Vec::as_slice);
        if requirements.is_empty() {
            return Ok(Owner(String::new()));
        }
        if let Some(known) = &self.known {
            known.admits(req)?;
        }
        let satisfied = requirements
            .iter()
            .find(|r| r.headers.iter().all(|h| sent(req, h).is_some()))
            .ok_or_else(|| {
                Refusal::Missing(requirements.iter().map(|r| r.headers.join(" + ")).collect())
            })?;
        Ok(owner_of(satisfied, req))
    }
}

impl Known {
    /// Every credential header sent must be a named one.
    fn admits(&self, req: &Incoming) -> Result<(), Refusal> {
        for value in values(req, TOKEN_HEADER) {
            if !value.is_some_and(|v| self.tokens.contains(v)) {
                return Err(Refusal::UnknownToken);
            }
        }
        let keys = values(req, KEY_HEADER);
        let secrets = values(req, SECRET_HEADER);
        if keys.len() > 1 || secrets.len() > 1 || (keys.is_empty() && !secrets.is_empty()) {
            return Err(Refusal::UnknownKey);
        }
        if let Some(key) = keys.first() {
            let expected = key.and_then(|k| self.keys.get(k));
            let secret_matches = match secrets.first() {
                None => true,
                Some(secret) => secret.is_some() && expected.map(String::as_str) == *secret,
            };
            if expected.is_none() || !secret_matches {
                return Err(Refusal::UnknownKey);
            }
        }
        Ok(())
    }
}

/// The values of every non-blank `name` header sent (`None` for one that is not text).
fn values<'r>(req: &'r Incoming, name: &str) -> Vec<Option<&'r str>> {
    req.headers
        .get_all(name)
        .iter()
        .map(|v| v.to_str().ok())
        .filter(|v| !v.is_some_and(|t| t.trim().is_empty()))
        .collect()
}

/// A header's value when it is sent, text, and not blank.
fn sent<'r>(req: &'r Incoming, name: &str) -> Option<&'r str> {
    req.header(name).filter(|v| !v.trim().is_empty())
}

/// The token when the requirement has one; else its credentials other than the account code
/// (all of them when that is all it has).
fn owner_of(requirement: &Requirement, req: &Incoming) -> Owner {
    let has = |name: &str| {
        requirement
            .headers
            .iter()
            .any(|h| h.eq_ignore_ascii_case(name))
    };
    let names: Vec<&str> = if has(TOKEN_HEADER) {
        vec![TOKEN_HEADER]
    } else {
        let others: Vec<&str> = requirement
            .headers
            .iter()
            .map(String::as_str)
            .filter(|h| !h.eq_ignore_ascii_case(ACCOUNT_HEADER))
            .collect();
        if others.is_empty() {
            requirement.headers.iter().map(String::as_str).collect()
        } else {
            others
        }
    };
    let mut key = String::new();
    for name in names {
        key.push_str(&name.to_ascii_lowercase());
        key.push('\u{1f}');
        key.push_str(sent(req, name).unwrap_or_default());
        key.push('\u{1e}');
    }
    Owner(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(headers: &[(&str, &str)]) -> Incoming {
        let mut map = hyper::HeaderMap::new();
        for (k, v) in headers {
            map.append(
                hyper::header::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                hyper::header::HeaderValue::from_str(v).unwrap(),
            );
        }
        Incoming {
            method: "GET".to_owned(),
            target: "/".to_owned(),
            headers: map,
            body: bytes::Bytes::new(),
        }
    }

    fn auth(tokens: &[&str], keys: &[(&str, &str)]) -> Auth {
        let spec = vsee_spec::embedded().unwrap();
        Auth::new(
            &spec,
            tokens.iter().map(|t| (*t).to_owned()).collect(),
            keys.iter()
                .map(|(k, s)| ((*k).to_owned(), (*s).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn the_token_owns_with_or_without_the_account_code() {
        let any = auth(&[], &[]);
        let with_code = request(&[("X-ApiToken", "t-secret"), ("X-AccountCode", "c")]);
        let other_code = request(&[("X-ApiToken", "t-secret"), ("X-AccountCode", "d")]);
        let alone = request(&[("X-ApiToken", "t-secret")]);
        let owner = any.authenticate("get_visit", &with_code).unwrap();
        assert_eq!(any.authenticate("get_visit", &alone).unwrap(), owner);
        assert_eq!(any.authenticate("get_intake", &other_code).unwrap(), owner);
        let other = request(&[("X-ApiToken", "u")]);
        assert_ne!(any.authenticate("get_visit", &other).unwrap(), owner);
        // Key + secret: an account of its own, never a token's.
        let keyed = request(&[
            ("X-ApiKey", "t-secret"),
            ("X-ApiSecret", "s"),
            ("X-AccountCode", "c"),
        ]);
        assert_ne!(any.authenticate("get_availability", &keyed).unwrap(), owner);
        assert!(!format!("{owner:?}").contains("secret"));
    }

    #[test]
    fn named_credentials_are_the_only_ones_accepted() {
        let known = auth(&["t"], &[("k", "s")]);
        let check =
            |headers: &[(&str, &str)]| known.authenticate("get_availability", &request(headers));
        assert!(check(&[("X-ApiToken", "t"), ("X-AccountCode", "c")]).is_ok());
        assert!(check(&[
            ("X-ApiKey", "k"),
            ("X-ApiSecret", "s"),
            ("X-AccountCode", "c")
        ])
        .is_ok());
        for (headers, refusal) in [
            (
                vec![
                    ("X-ApiToken", "x"),
                    ("X-ApiKey", "k"),
                    ("X-ApiSecret", "s"),
                    ("X-AccountCode", "c"),
                ],
                Refusal::UnknownToken,
            ),
            (
                vec![
                    ("X-ApiToken", "t"),
                    ("X-ApiToken", "x"),
                    ("X-AccountCode", "c"),
                ],
                Refusal::UnknownToken,
            ),
            (
                vec![
                    ("X-ApiToken", "t"),
                    ("X-AccountCode", "c"),
                    ("X-ApiKey", "x"),
                ],
                Refusal::UnknownKey,
            ),
            (
                vec![
                    ("X-ApiToken", "t"),
                    ("X-AccountCode", "c"),
                    ("X-ApiSecret", "s"),
                ],
                Refusal::UnknownKey,
            ),
            (
                vec![
                    ("X-ApiKey", "k"),
                    ("X-ApiSecret", "x"),
                    ("X-AccountCode", "c"),
                ],
                Refusal::UnknownKey,
            ),
        ] {
            assert_eq!(check(&headers), Err(refusal), "{headers:?}");
        }
        assert!(matches!(
            check(&[("X-AccountCode", "c")]),
            Err(Refusal::Missing(_))
        ));
        // A key alone beside a known token (add_econsult's first alternative) is fine when named.
        let econsult = known.authenticate(
            "add_econsult",
            &request(&[
                ("X-ApiToken", "t"),
                ("X-AccountCode", "c"),
                ("X-ApiKey", "k"),
            ]),
        );
        assert!(econsult.is_ok());
    }
}
